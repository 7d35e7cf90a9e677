// The statement run (对账单群发): each customer's statement of account as of a date, as a PDF attached to the
// "statement.cover" e-mail in the customer's language, to its finance contact (else owner, then purchasing). One
// use case for the API, the CLI and a month-end job. Without a list, every customer the user may see that has
// something overdue and not disputed (what the cover e-mail lists). Idempotent per customer and date: a run done again (after a crash, or by a second click)
// queues nothing new and renders nothing again. Each customer that cannot be sent to says why (no e-mail
// address, opted out, do-not-contact, the language check...); the others go ahead.
import { sql } from "drizzle-orm";
import { openItemsSql } from "../aging/aging.sql.ts";
import { customerScope, requireRole } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { type DocumentCustomer, getCompany, getDocumentCustomers, getOpenItemsOf } from "../documents/document-data.ts";
import { documentFileName, localDateTime } from "../documents/document-format.ts";
import { documentLanguageFor } from "../documents/document-text.ts";
import { openRenderPool } from "../documents/render-pool.ts";
import { activityFrom, type StatementDocumentInput } from "../documents/statement.document.ts";
import { AppError, type AppErrorCode, msg } from "../errors/app-error.ts";
import { getStatements, type Statement } from "../ledger/get-statement.ts";
import { linkExpiry } from "../portal/portal.rules.ts";
import { newPortalToken, portalUrl } from "../portal/portal-link.ts";
import { getSetting } from "../settings/settings.ts";
import { type EnqueueInput, type EnqueueRefusal, enqueueMessages } from "./enqueue-message.ts";
import { toPgArray } from "./record-opt-out.ts";

export const STATEMENT_TEMPLATE = "statement.cover";
/**
 * Customers per batch (one transaction each): a crash loses at most one batch's work, which the next run does
 * again; small enough that rendering one batch and storing the one before overlap well.
 */
const BATCH = 500;

export type SendStatementsInput = {
  /** Default: today in the company's time zone. */
  asOf?: IsoDate;
  /** Default (neither list): every customer the user may see with something undisputed overdue on asOf. */
  customerIds?: number[];
  /** Customers by code (the CLI); a code that is not found is refused like a customer out of sight. */
  customerCodes?: string[];
  onProgress?: (done: number, total: number) => void;
};

/** Why a customer's statement was not queued: the outbox's reasons, and the run's own (out of sight, no one to send to). */
export type StatementRefusalReason = EnqueueRefusal | "not_found" | "no_recipient";
export type StatementRefusal = {
  customerId: number;
  customerCode: string | null;
  code: AppErrorCode;
  reason: StatementRefusalReason;
  message: string;
};
export type SendStatementsResult = {
  asOf: IsoDate;
  customers: number;
  queued: number;
  /** Queued by an earlier run for the same date: nothing new. */
  alreadyQueued: number;
  messageIds: number[];
  refused: StatementRefusal[];
};

type Deps = { database: Database; now: () => Date };

/** `user` null is the CLI (every customer, as the system). */
export async function sendStatements(
  deps: Deps,
  user: AuthUser | null,
  input: SendStatementsInput,
): Promise<SendStatementsResult> {
  if (user) requireRole(user, ["admin", "manager", "collector"], "sending statements");
  const db = deps.database.db;
  const now = deps.now();
  const company = await getSetting(db, "company");
  const today = dateInZone(now, company.timeZone);
  const asOf = input.asOf ?? today;
  if (!isIsoDate(asOf)) throw new AppError("invalid_input", msg`asOf "${asOf}" is not a date (expected YYYY-MM-DD)`);
  if (asOf > today)
    throw new AppError("invalid_input", msg`a statement as of ${asOf} would show the future (today is ${today})`);
  const scope = user ? customerScope(user) : sql`true`;
  const refused: StatementRefusal[] = [];
  let ids: number[];
  if (input.customerCodes) {
    const codes = [...new Set(input.customerCodes)];
    const found = await queryRows<{ id: string; code: string }>(
      db,
      sql`select c.id, c.code from customers c where c.code = any(${toPgArray(codes)}::text[]) and ${scope}`,
    );
    const known = new Set(found.map((r) => r.code));
    for (const code of codes.filter((c) => !known.has(c))) {
      refused.push({
        customerId: 0,
        customerCode: code,
        reason: "not_found",
        code: "not_found",
        message: `no customer with code "${code}"`,
      });
    }
    ids = found.map((r) => Number(r.id)).sort((a, b) => a - b);
  } else if (input.customerIds) {
    const wanted = [...new Set(input.customerIds)];
    const bad = wanted.filter((id) => !Number.isSafeInteger(id) || id <= 0);
    if (bad.length)
      throw new AppError("invalid_input", msg`customer ids must be positive whole numbers (got ${bad[0]})`);
    const seen = new Set(
      (
        await queryRows<{ id: string }>(
          db,
          sql`select c.id from customers c where c.id = any(${`{${wanted.join(",")}}`}::bigint[]) and ${scope}`,
        )
      ).map((r) => Number(r.id)),
    );
    // Someone else's customer answers like a missing one.
    for (const id of wanted.filter((id) => !seen.has(id))) {
      refused.push({
        customerId: id,
        customerCode: null,
        code: "not_found",
        reason: "not_found",
        message: "no such customer",
      });
    }
    ids = wanted.filter((id) => seen.has(id));
  } else {
    ids = (
      await queryRows<{ customer_id: string }>(
        db,
        sql`select distinct o.customer_id from (${openItemsSql(asOf)}) o join customers c on c.id = o.customer_id
            where o.open_amount > 0 and o.days_past_due > 0 and not o.disputed and ${scope} order by o.customer_id`,
      )
    ).map((r) => Number(r.customer_id));
  }
  const recipients = await recipientsOf(deps.database, ids);
  const result: SendStatementsResult = {
    asOf,
    customers: ids.length,
    queued: 0,
    alreadyQueued: 0,
    messageIds: [],
    refused,
  };
  const actor = user?.login ?? "cli";
  const context = await documentContext(deps.database, now);
  const needed = new Set([...recipients.values()].filter((r) => r.contactId).map((r) => r.language));
  const missing = [...needed].filter((l) => !context.languages.has(l)).sort();
  if (missing.length) {
    throw new AppError(
      "unprocessable",
      msg`the e-mail template "${STATEMENT_TEMPLATE}" (${missing.join(", ")}) is missing or inactive: \`huikuan migrate\` adds the default templates, or add one under Settings → Templates`,
    );
  }
  // Batches flow through two stages: while the pool's threads render one batch's PDFs, this thread stores the
  // batch before (each in a transaction of its own) and reads the next.
  const pool = openRenderPool();
  let done = 0;
  const store = async (batch: Batch, pdfs: Buffer[]) => {
    const outcomes = await deps.database.transaction(({ db: tx }) =>
      enqueueMessages(
        tx,
        { now, actor },
        batch.send.map((x, k) => ({
          ...x.input,
          attachments: [{ fileName: x.fileName, mediaType: "application/pdf", content: pdfs[k] as Buffer }],
        })),
      ),
    );
    outcomes.forEach((o, k) => {
      const customerId = (batch.send[k] as Send).customerId;
      if (o.ok) {
        if (o.duplicate) result.alreadyQueued++;
        else {
          result.queued++;
          result.messageIds.push(o.id);
        }
      } else {
        refused.push({
          customerId,
          customerCode: recipients.get(customerId)?.code ?? null,
          reason: o.reason,
          code: o.code,
          message: o.message,
        });
      }
    });
    done += batch.size;
    input.onProgress?.(done, ids.length);
  };
  try {
    const batches: number[][] = [];
    for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
    let current = batches.length
      ? await prepare(deps.database, context, asOf, batches[0] as number[], recipients)
      : null;
    let rendering = current ? pool.render(current.send.map((x) => x.document)) : null;
    for (let k = 0; current && rendering; k++) {
      const pdfs = await rendering;
      const batch: Batch = current;
      refused.push(...batch.refused);
      result.alreadyQueued += batch.alreadyQueued;
      const following = batches[k + 1];
      current = following ? await prepare(deps.database, context, asOf, following, recipients) : null;
      rendering = current ? pool.render(current.send.map((x) => x.document)) : null;
      // Stored while the threads render the next batch; a failed render is seen once this batch is in.
      rendering?.catch(() => {});
      await store(batch, pdfs);
    }
  } finally {
    await pool.close();
  }
  refused.sort((a, b) => a.customerId - b.customerId);
  return result;
}

/**
 * Whom each customer's statement goes to: the first contact with an e-mail address among finance, owner and
 * purchasing (conduct rule 9: debt details only to them), and the language: the customer's (document-text.ts).
 */
async function recipientsOf(
  database: Database,
  ids: number[],
): Promise<Map<number, { code: string; contactId: number | null; language: "zh-CN" | "en"; doNotContact: boolean }>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{
    id: string;
    code: string;
    country: string | null;
    foreign_trade: boolean;
    contact_id: string | null;
    do_not_contact: boolean;
  }>(
    database.db,
    sql`select c.id, c.code, c.country, c.foreign_trade, c.do_not_contact,
          (select k.id from contacts k where k.customer_id = c.id and k.role in ('finance', 'owner', 'purchasing')
             and not k.opt_out_email
             and exists (select 1 from unnest(k.emails) e where btrim(e) <> '')
           order by case k.role when 'finance' then 0 when 'owner' then 1 else 2 end, k.id limit 1) as contact_id
        from customers c where c.id = any(${`{${ids.join(",")}}`}::bigint[])`,
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        code: r.code,
        doNotContact: r.do_not_contact,
        contactId: r.contact_id === null ? null : Number(r.contact_id),
        language: documentLanguageFor({ country: r.country, foreignTrade: r.foreign_trade }) === "zh" ? "zh-CN" : "en",
      },
    ]),
  );
}

type Recipients = Awaited<ReturnType<typeof recipientsOf>>;
type DocumentContext = Awaited<ReturnType<typeof documentContext>>;
type Send = { customerId: number; input: EnqueueInput; document: StatementDocumentInput; fileName: string };
type Batch = { size: number; send: Send[]; refused: StatementRefusal[]; alreadyQueued: number };

/** What every statement of the run shares: the letterhead, when it was made, where portal links point. */
async function documentContext(database: Database, now: Date) {
  const db = database.db;
  const company = await getCompany(db);
  const { linkDays } = await getSetting(db, "portal");
  const { publicUrl } = await getSetting(db, "messaging");
  const templates = await queryRows<{ language: string; subject: string | null; body: string }>(
    db,
    sql`select language, subject, body from message_templates
        where key = ${STATEMENT_TEMPLATE} and channel = 'email' and active`,
  );
  return {
    company,
    publicUrl,
    generatedAt: `${localDateTime(now, company.timeZone)} (${company.timeZone})`,
    linkValidUntil: dateInZone(linkExpiry(now, linkDays), company.timeZone),
    /** Languages with an active cover e-mail. */
    languages: new Set(templates.map((t) => t.language)),
    /** Languages whose cover e-mail offers the portal: its statements carry the same link. */
    portal: new Set(
      templates.filter((t) => `${t.subject ?? ""}${t.body}`.includes("{portal_link}")).map((t) => t.language),
    ),
    now,
  };
}

/**
 * One batch's statements, read set-based: whom to send to (or why not), the documents to render, and how many
 * were queued by an earlier run for the date (not rendered again).
 */
async function prepare(
  database: Database,
  context: DocumentContext,
  asOf: IsoDate,
  ids: number[],
  recipients: Recipients,
): Promise<Batch> {
  const db = database.db;
  const batch: Batch = { size: ids.length, send: [], refused: [], alreadyQueued: 0 };
  const keyOf = (id: number) => `statement:${id}:${asOf}`;
  const queued = new Set(
    (
      await queryRows<{ idempotency_key: string }>(
        db,
        sql`select idempotency_key from outbox_messages where idempotency_key = any(${toPgArray(ids.map(keyOf))}::text[])`,
      )
    ).map((r) => r.idempotency_key),
  );
  const todo: number[] = [];
  for (const id of ids) {
    const r = recipients.get(id);
    if (queued.has(keyOf(id))) batch.alreadyQueued++;
    else if (r?.doNotContact) {
      batch.refused.push({
        customerId: id,
        customerCode: r.code,
        reason: "do_not_contact",
        code: "unprocessable",
        message: `customer ${r.code} is marked do-not-contact`,
      });
    } else if (!r?.contactId) {
      batch.refused.push({
        customerId: id,
        customerCode: r?.code ?? null,
        reason: "no_recipient",
        code: "unprocessable",
        message:
          "no contact with an e-mail address who may receive debt details (finance, owner or purchasing) and has not opted out of e-mail",
      });
    } else todo.push(id);
  }
  if (!todo.length) return batch;
  const customers = await getDocumentCustomers(db, todo);
  const openItems = await getOpenItemsOf(db, todo, asOf);
  const statements = await getStatements(
    db,
    todo.map((id) => {
      const c = customers.get(id) as DocumentCustomer;
      return { id: c.id, code: c.code, name: c.name };
    }),
    { from: activityFrom(asOf), to: asOf },
  );
  for (const id of todo) {
    const r = recipients.get(id) as NonNullable<ReturnType<Recipients["get"]>>;
    const customer = customers.get(id) as DocumentCustomer;
    const lang = r.language === "zh-CN" ? "zh" : "en";
    const portalToken = context.portal.has(r.language) ? newPortalToken() : undefined;
    batch.send.push({
      customerId: id,
      input: {
        customerId: id,
        contactId: r.contactId as number,
        template: { key: STATEMENT_TEMPLATE, channel: "email", language: r.language },
        vars: { statement_date: asOf },
        idempotencyKey: keyOf(id),
        ...(portalToken ? { portalToken } : {}),
      },
      document: {
        lang,
        now: context.now,
        generatedAt: context.generatedAt,
        company: context.company,
        customer,
        asOf,
        openItems: openItems.get(id) ?? [],
        statement: statements.get(id) as Statement,
        portalLink: portalToken
          ? { url: portalUrl(context.publicUrl, portalToken), validUntil: context.linkValidUntil }
          : null,
      },
      fileName: documentFileName("statement", customer.code, asOf, lang),
    });
  }
  return batch;
}
