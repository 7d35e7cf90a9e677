// What a customer's contact does through a portal link, each in one transaction: the link is locked and checked
// (live, under the per-link hourly limit), the existing use case records the thing itself (a statement
// confirmation that acknowledges the debt for the limitation clock, a dispute with its file, a promise) or a
// proposal of installments is written for a collector to decide, then the portal action row (the customer's
// timeline), a notification to the collector and the audit rows. The actor everywhere is "portal-link:<id>".
//
// The use cases take a user: the portal acts as the customer's collector (the one who follows the result up), with
// an unrestricted scope because the link, not a portfolio, confines it: every call names the link's customer.
import { sql } from "drizzle-orm";
import { addAttachment } from "../attachments/add-attachment.ts";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone } from "../calendar/calendar-date.ts";
import type { Connection, Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getOpenItems } from "../documents/document-data.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { recordStatementConfirmation } from "../ledger/record-statement-confirmation.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { getSetting } from "../settings/settings.ts";
import { recordDispute } from "../workspace/record-dispute.ts";
import { recordPromise } from "../workspace/record-promise.ts";
import type { DisputeCategory } from "../workspace/workspace.schema.ts";
import { isRateLimited, proposalSchedule } from "./portal.rules.ts";
import type { PortalAction } from "./portal.schema.ts";
import { type OpenLink, openPortalLinkOrThrow } from "./portal-link.ts";

type Deps = { database: Database; now: () => Date };

export const portalActor = (linkId: number) => `portal-link:${linkId}`;

/** The use cases' transactions join ours, so the whole action commits (or fails) as one. */
function joined(database: Database, conn: Connection): Database {
  return { ...database, db: conn.db, transaction: (fn) => fn(conn) } as Database;
}

type Context = {
  db: Db;
  /** For the use cases: their transactions run inside this one. */
  deps: Deps;
  link: OpenLink;
  user: AuthUser;
  /** The user the result goes to: the customer's collector, else the first active manager or admin. */
  followerId: number;
  followerLogin: string;
  contactName: string | null;
  customerName: string;
  today: string;
  now: Date;
};

async function withPortalAction<T extends { objectType: string; objectId: number; detail: Record<string, unknown> }>(
  deps: Deps,
  token: string,
  kind: PortalAction,
  act: (ctx: Context) => Promise<T>,
): Promise<T & { actionId: number }> {
  const now = deps.now();
  return deps.database.transaction(async (conn) => {
    const db = conn.db;
    const link = await openPortalLinkOrThrow(db, token, now, { lock: true });
    const { actionsPerHour } = await getSetting(db, "portal");
    const [recent] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from portal_actions where link_id = ${link.id}
          and at > ${new Date(now.getTime() - 3_600_000).toISOString()}::timestamptz`,
    );
    if (isRateLimited(Number(recent?.n ?? 0), actionsPerHour)) {
      throw new AppError("rate_limited", msg`too many actions through this link: please try again in an hour`);
    }
    const [who] = await queryRows<{ customer_name: string; contact_name: string | null; id: string; login: string }>(
      db,
      sql`select c.name as customer_name, k.name as contact_name, f.id, f.login
          from customers c left join contacts k on k.id = ${link.contactId}
          left join lateral (
            select u.id, u.login from users u
            where u.active and (u.id = c.collector_id or u.role in ('manager', 'admin'))
            order by (u.id = c.collector_id) desc, (u.role = 'manager') desc, u.id limit 1) f on true
          where c.id = ${link.customerId}`,
    );
    if (!who?.id) throw new AppError("internal", msg`nobody can follow up portal actions: add an active manager`);
    const company = await getSetting(db, "company");
    const actor = portalActor(link.id);
    const ctx: Context = {
      db,
      deps: { database: joined(deps.database, conn), now: () => now },
      link,
      user: { id: Number(who.id), login: actor, name: who.contact_name ?? actor, role: "admin", team: null },
      followerId: Number(who.id),
      followerLogin: who.login,
      contactName: who.contact_name,
      customerName: who.customer_name,
      today: dateInZone(now, company.timeZone),
      now,
    };
    const result = await act(ctx);
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into portal_actions (link_id, customer_id, kind, object_type, object_id, detail, at)
          values (${link.id}, ${link.customerId}, ${kind}, ${result.objectType}, ${result.objectId},
            ${JSON.stringify({ ...result.detail, contact: ctx.contactName })}::jsonb, ${now.toISOString()}::timestamptz)
          returning id`,
    );
    const actionId = Number(row?.id);
    await db.execute(
      sql`update portal_links set last_seen_at = ${now.toISOString()}::timestamptz where id = ${link.id}`,
    );
    await queryRows(
      db,
      sql`insert into user_notifications (user_id, customer_id, kind, key, object_id, title, detail, due_at, created_at)
          values (${ctx.followerId}, ${link.customerId}, 'portal_action', ${`portal:${actionId}`}, ${actionId},
            ${`${ctx.customerName}: ${NOTICE[kind]}`}, ${JSON.stringify({ kind, linkId: link.id, ...result.detail })}::jsonb,
            ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          returning id`,
    );
    await appendAudit(db, {
      at: now,
      actor,
      action: `portal.${kind}`,
      objectType: "portal_action",
      objectId: String(actionId),
      customerId: link.customerId,
      after: { linkId: link.id, contactId: link.contactId, objectType: result.objectType, objectId: result.objectId },
    });
    return { ...result, actionId };
  });
}

const NOTICE: Record<PortalAction, string> = {
  confirm_balance: "confirmed the balance on the portal / 客户在线确认了余额",
  dispute: "disputed an invoice on the portal / 客户在线提出异议",
  promise: "promised a payment date on the portal / 客户在线承诺付款",
  installment_proposal: "proposed installments on the portal / 客户在线申请分期",
};

/** Open balance per currency today (undisputed and disputed alike: the statement's figure). */
async function openBalances(db: Db, customerId: number, today: string): Promise<Map<string, bigint>> {
  const sums = new Map<string, bigint>();
  for (const i of await getOpenItems(db, customerId, today))
    sums.set(i.currency, (sums.get(i.currency) ?? 0n) + i.open);
  return sums;
}

/** The contact confirms today's balance in one currency: a statement confirmation signed by the name given. */
export async function portalConfirmBalance(
  deps: Deps,
  token: string,
  input: { currency: string; signedBy: string; note?: string | null },
) {
  return withPortalAction(deps, token, "confirm_balance", async (ctx) => {
    const currency = input.currency.trim().toUpperCase();
    const open = (await openBalances(ctx.db, ctx.link.customerId, ctx.today)).get(currency);
    if (open === undefined) throw new AppError("invalid_input", msg`currency: nothing is open in ${currency}`);
    const confirmed = formatDecimal(open, currencyDigits(currency));
    const view = await recordStatementConfirmation(ctx.deps, ctx.user, ctx.link.customerId, {
      confirmedOn: ctx.today,
      confirmedBalance: confirmed,
      currency,
      signedBy: input.signedBy,
      note: [`confirmed online through portal link ${ctx.link.id}`, input.note?.trim()].filter(Boolean).join(": "),
    });
    return {
      objectType: "statement_confirmation",
      objectId: view.id,
      detail: { currency, balance: confirmed, signedBy: view.signedBy, confirmedOn: view.confirmedOn },
    };
  });
}

/** The contact disputes one open invoice (all of what is open on it, or an amount), with a reason and a file. */
export async function portalDispute(
  deps: Deps,
  token: string,
  input: {
    invoiceId: number;
    category: DisputeCategory;
    reason: string;
    amount?: string | null;
    file?: { name: string; bytes: Uint8Array } | null;
  },
) {
  return withPortalAction(deps, token, "dispute", async (ctx) => {
    const item = (await getOpenItems(ctx.db, ctx.link.customerId, ctx.today)).find(
      (i) => i.invoiceId === input.invoiceId,
    );
    // Only this customer's open invoices can be named; anything else reads like a missing one.
    if (!item) throw new AppError("invalid_input", msg`invoice: choose one of the open invoices listed`);
    const amount = input.amount?.trim() || formatDecimal(item.open, currencyDigits(item.currency));
    const dispute = await recordDispute(ctx.deps, ctx.user, ctx.link.customerId, {
      invoiceId: item.invoiceId,
      category: input.category,
      amount,
      description: `${input.reason.trim()}\n(${ctx.contactName ?? "customer"}, through the portal)`,
      owner: ctx.followerLogin,
    });
    let attachmentId: number | null = null;
    if (input.file && input.file.bytes.length > 0) {
      const file = await addAttachment(ctx.deps, ctx.user, {
        owner: { type: "dispute", id: dispute.id },
        fileName: input.file.name || "file",
        bytes: input.file.bytes,
        purpose: "evidence",
      });
      attachmentId = file.id;
    }
    return {
      objectType: "dispute",
      objectId: dispute.id,
      detail: { invoice: item.number, category: input.category, amount, currency: item.currency, attachmentId },
    };
  });
}

/** The contact promises to pay an amount (default: everything open in the currency) by a date. */
export async function portalPromise(
  deps: Deps,
  token: string,
  input: { date: string; currency: string; amount?: string | null },
) {
  return withPortalAction(deps, token, "promise", async (ctx) => {
    const currency = input.currency.trim().toUpperCase();
    const open = (await openBalances(ctx.db, ctx.link.customerId, ctx.today)).get(currency);
    if (open === undefined) throw new AppError("invalid_input", msg`currency: nothing is open in ${currency}`);
    const amount = input.amount?.trim() || formatDecimal(open, currencyDigits(currency));
    const promise = await recordPromise(ctx.deps, ctx.user, ctx.link.customerId, {
      amount,
      date: input.date,
      currency,
      contactId: ctx.link.contactId,
    });
    return { objectType: "promise", objectId: promise.id, detail: { amount, currency, date: input.date } };
  });
}

/** The contact proposes to pay what is open in a currency in installments: a proposal, not a plan. */
export async function portalProposeInstallments(
  deps: Deps,
  token: string,
  input: { currency: string; count: number; firstOn: string; everyDays: number; note?: string | null },
) {
  return withPortalAction(deps, token, "installment_proposal", async (ctx) => {
    const currency = input.currency.trim().toUpperCase();
    const open = (await openBalances(ctx.db, ctx.link.customerId, ctx.today)).get(currency);
    if (open === undefined) throw new AppError("invalid_input", msg`currency: nothing is open in ${currency}`);
    const schedule = proposalSchedule(
      { total: open, count: input.count, firstOn: input.firstOn, everyDays: input.everyDays },
      ctx.today,
    );
    if (!schedule.ok) throw new AppError("invalid_input", schedule.problem);
    const digits = currencyDigits(currency);
    const installments = schedule.installments.map((i) => ({ dueOn: i.dueOn, amount: i.amount.toString() }));
    const [row] = await queryRows<{ id: string }>(
      ctx.db,
      sql`insert into installment_proposals (customer_id, link_id, contact_id, currency, total, installments, note,
            created_at)
          values (${ctx.link.customerId}, ${ctx.link.id}, ${ctx.link.contactId}, ${currency}, ${open},
            ${JSON.stringify(installments)}::jsonb, ${input.note?.trim() || null}, ${ctx.now.toISOString()}::timestamptz)
          returning id`,
    );
    const id = Number(row?.id);
    const total = formatDecimal(open, digits);
    await appendAudit(ctx.db, {
      at: ctx.now,
      actor: ctx.user.login,
      action: "installments.proposed",
      objectType: "installment_proposal",
      objectId: String(id),
      customerId: ctx.link.customerId,
      after: { currency, total, count: installments.length, firstOn: input.firstOn, everyDays: input.everyDays },
    });
    return {
      objectType: "installment_proposal",
      objectId: id,
      detail: { currency, total, count: installments.length, firstOn: input.firstOn, everyDays: input.everyDays },
    };
  });
}

/** Marks the link seen (the page was opened); nothing else changes, so no audit row. */
export async function touchPortalLink(db: Db, linkId: number, now: Date): Promise<void> {
  await db.execute(sql`update portal_links set last_seen_at = ${now.toISOString()}::timestamptz where id = ${linkId}`);
}
