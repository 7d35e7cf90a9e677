// Putting messages in the outbox (issue 7 §5), inside the caller's transaction: render the template with the
// customer's data, run the language check on what will really go out (block refuses; warn needs a reason), refuse
// opted-out addresses, do-not-contact customers and recipients who may not see debt details (conduct rules 7–9),
// and write the rows with their idempotency keys. Whether the message may go out *now* is the gate's question at
// send time (deliverDue), not here.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { dateInZone } from "../calendar/calendar-date.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, type AppErrorCode, msg } from "../errors/app-error.ts";
import { createPortalLinks, newPortalToken, portalUrl } from "../portal/portal-link.ts";
import { getSetting } from "../settings/settings.ts";
import { type ContactFacts, loadContactFacts, loadCustomerFacts, templateVars } from "./message-data.ts";
import {
  type MessageChannel,
  type MessageTemplateRow,
  messageTemplates,
  outboxMessages,
  type TemplateLanguage,
} from "./messaging.schema.ts";
import { normaliseAddress, toPgArray } from "./record-opt-out.ts";
import { checkRendered, describeProblem, renderTemplate, type TemplateVars } from "./template.rules.ts";
import { getServerSecret, unsubscribeToken } from "./unsubscribe-token.ts";

export type TemplateRef = number | { key: string; channel: MessageChannel; language: TemplateLanguage };

export type EnqueueInput = {
  customerId: number;
  contactId: number;
  template: TemplateRef;
  /** Default: the contact's first e-mail address or phone number for the channel. */
  address?: string | null;
  /** Values the data does not give ({portal_link}) or overrides. */
  vars?: TemplateVars;
  /** A scheduled reminder (the gate is stricter with those) rather than a person's message. */
  automated?: boolean;
  /** Why it may go out although the language check (or, at send time, the gate) warns. */
  overrideReason?: string | null;
  /** The same key again enqueues nothing and answers the first message. Default: a new random key. */
  idempotencyKey?: string;
  /** Not before this instant (default: now). */
  notBefore?: Date | null;
  /** E-mail only: files it carries (the statement run's PDFs), stored with it: what was queued is what goes out. */
  attachments?: OutboxAttachment[];
  /**
   * The token of the message's portal link when the caller has already printed it (in an attached statement); the
   * link is made with the message as usual. Default: a new token.
   */
  portalToken?: string;
};

export type OutboxAttachment = { fileName: string; mediaType: string; content: Buffer };

export type EnqueueContext = { now: Date; actor: string; requestId?: string | null };

/** Why a message was not queued, for a screen to say in its own language (the message says it in English). */
export type EnqueueRefusal =
  | "no_template"
  | "template_inactive"
  | "letter"
  | "no_customer"
  | "no_contact"
  | "do_not_contact"
  | "reminders_paused"
  | "recipient_role"
  | "no_address"
  | "opted_out"
  | "nothing_overdue"
  | "language_check"
  | "not_email";

export type EnqueueOutcome =
  | { ok: true; id: number; duplicate: boolean; verdict: "allow" | "warn" }
  | { ok: false; code: AppErrorCode; reason: EnqueueRefusal; message: string; details: string[] };

/** Roles that may receive debt details (conduct rule 9); the gate says the same again at send time. */
const AUTHORISED_ROLES = new Set(["owner", "finance", "purchasing", "guarantor", "lawyer"]);

const FOOTER = {
  email: {
    "zh-CN": (link: string) => `\n\n--\n如不希望再收到此类邮件,请点击退订:${link}`,
    en: (link: string) => `\n\n--\nTo stop receiving these emails, unsubscribe here: ${link}`,
  },
  sms: { "zh-CN": "回复TD退订", en: "Reply STOP to opt out" },
} as const;

type Prepared = {
  index: number;
  attachments: OutboxAttachment[];
  row: typeof outboxMessages.$inferInsert;
  verdict: "allow" | "warn";
  /** The portal link's token written into the message, stored (hashed) once the row is in. */
  portalToken: string | null;
};

function refused(
  code: AppErrorCode,
  reason: EnqueueRefusal,
  message: string,
  details: string[] = [message],
): EnqueueOutcome {
  return { ok: false, code, reason, message, details };
}

async function loadTemplates(db: Db, refs: TemplateRef[]) {
  const ids = refs.filter((r): r is number => typeof r === "number");
  const keys = refs.filter((r): r is Exclude<TemplateRef, number> => typeof r !== "number");
  const rows: MessageTemplateRow[] = [];
  if (ids.length) {
    rows.push(
      ...(await db
        .select()
        .from(messageTemplates)
        .where(sql`${messageTemplates.id} = any(${`{${[...new Set(ids)].join(",")}}`}::bigint[])`)),
    );
  }
  if (keys.length) {
    rows.push(
      ...(await db
        .select()
        .from(messageTemplates)
        .where(sql`${messageTemplates.key} = any(${toPgArray([...new Set(keys.map((k) => k.key))])}::text[])`)),
    );
  }
  const byId = new Map(rows.map((t) => [t.id, t]));
  const byKey = new Map(rows.map((t) => [`${t.key}\n${t.channel}\n${t.language}`, t]));
  return (ref: TemplateRef) =>
    typeof ref === "number" ? byId.get(ref) : byKey.get(`${ref.key}\n${ref.channel}\n${ref.language}`);
}

function defaultAddress(channel: MessageChannel, contact: ContactFacts): string | undefined {
  return channel === "email" ? contact.emails.find((e) => e.trim()) : contact.phones.find((p) => p.trim());
}

/**
 * Many messages at once (a bulk run): read set-based, check each, insert together, one audit row. Each input gets
 * its own outcome; refusals do not stop the others. Call inside a transaction.
 */
export async function enqueueMessages(db: Db, ctx: EnqueueContext, inputs: EnqueueInput[]): Promise<EnqueueOutcome[]> {
  const outcomes: EnqueueOutcome[] = new Array(inputs.length);
  if (!inputs.length) return outcomes;
  const company = await getSetting(db, "company");
  const messaging = await getSetting(db, "messaging");
  const secret = await getServerSecret(db, ctx.now);
  const today = dateInZone(ctx.now, company.timeZone);
  const templateOf = await loadTemplates(
    db,
    inputs.map((i) => i.template),
  );
  const customers = await loadCustomerFacts(
    db,
    inputs.map((i) => i.customerId),
    today,
  );
  const contacts = await loadContactFacts(
    db,
    inputs.map((i) => i.contactId),
  );
  const candidates = new Set<string>();
  for (const i of inputs) {
    const t = templateOf(i.template);
    const k = contacts.get(i.contactId);
    const a = t && k ? (i.address ?? defaultAddress(t.channel, k)) : undefined;
    if (t && a) candidates.add(`${t.channel}\n${normaliseAddress(t.channel, a)}`);
  }
  const optedOut = new Set(
    (
      await queryRows<{ channel: string; address: string }>(
        db,
        sql`select channel, address from message_opt_outs
            where address = any(${toPgArray([...candidates].map((c) => c.slice(c.indexOf("\n") + 1)))}::text[])`,
      )
    ).map((r) => `${r.channel}\n${r.address}`),
  );
  const automatedIds = inputs.filter((i) => i.automated).map((i) => i.customerId);
  const paused = new Set(
    automatedIds.length
      ? (
          await queryRows<{ customer_id: string }>(
            db,
            sql`select customer_id from reminder_pauses where customer_id = any(${`{${[...new Set(automatedIds)].join(",")}}`}::bigint[])`,
          )
        ).map((r) => Number(r.customer_id))
      : [],
  );

  const prepared: Prepared[] = [];
  inputs.forEach((input, index) => {
    const template = templateOf(input.template);
    if (!template) {
      const what =
        typeof input.template === "number" ? `template ${input.template}` : `template "${input.template.key}"`;
      outcomes[index] = refused("not_found", "no_template", `no ${what}`);
      return;
    }
    if (!template.active) {
      outcomes[index] = refused(
        "unprocessable",
        "template_inactive",
        `template "${template.key}" (${template.language}) is not active`,
      );
      return;
    }
    const channel = template.channel;
    if (channel === "letter") {
      outcomes[index] = refused(
        "unprocessable",
        "letter",
        "letters are printed and posted, not sent through the outbox",
      );
      return;
    }
    const customer = customers.get(input.customerId);
    const contact = contacts.get(input.contactId);
    if (!customer) {
      outcomes[index] = refused("not_found", "no_customer", `no customer ${input.customerId}`);
      return;
    }
    if (!contact || contact.customerId !== customer.id) {
      outcomes[index] = refused(
        "not_found",
        "no_contact",
        `no contact ${input.contactId} for customer ${customer.code}`,
      );
      return;
    }
    if (customer.doNotContact) {
      outcomes[index] = refused(
        "unprocessable",
        "do_not_contact",
        `customer ${customer.code} is marked do-not-contact`,
      );
      return;
    }
    if (input.automated && paused.has(customer.id)) {
      outcomes[index] = refused(
        "unprocessable",
        "reminders_paused",
        `automated reminders to ${customer.code} are paused: the customer replied by e-mail and no collector has read it yet`,
      );
      return;
    }
    if (!AUTHORISED_ROLES.has(contact.role)) {
      outcomes[index] = refused(
        "unprocessable",
        "recipient_role",
        `debt details only go to the owner, finance or purchasing contacts; ${contact.name}'s role is "${contact.role}" (conduct rule 9)`,
      );
      return;
    }
    const raw = input.address ?? defaultAddress(channel, contact);
    if (!raw) {
      outcomes[index] = refused(
        "unprocessable",
        "no_address",
        `${contact.name} has no ${channel === "email" ? "e-mail address" : "phone number"}`,
      );
      return;
    }
    const address = normaliseAddress(channel, raw);
    if (
      (channel === "email" && contact.optOutEmail) ||
      (channel === "sms" && contact.optOutSms) ||
      optedOut.has(`${channel}\n${address}`)
    ) {
      outcomes[index] = refused(
        "unprocessable",
        "opted_out",
        `${contact.name} opted out of ${channel} at this address`,
      );
      return;
    }
    // A template that offers the portal gets a link of its own for this message (revocable one by one).
    const wantsPortal =
      input.vars?.portal_link === undefined &&
      (template.body.includes("{portal_link}") || (template.subject ?? "").includes("{portal_link}"));
    const portalToken = wantsPortal ? (input.portalToken ?? newPortalToken()) : null;
    const vars = templateVars(
      customer,
      contact,
      template.language,
      { company: company.name, callbackPhone: messaging.callbackPhone, today },
      portalToken ? { ...input.vars, portal_link: portalUrl(messaging.publicUrl, portalToken) } : input.vars,
    );
    const subject = template.subject ? renderTemplate(template.subject, vars) : null;
    const body = renderTemplate(template.body, vars);
    const missing = [...new Set([...(subject?.missing ?? []), ...body.missing])];
    if (missing.length) {
      const message = `no value for ${missing.map((m) => `{${m}}`).join(", ")} (customer ${customer.code}${customer.overdue.length ? "" : ": nothing overdue"})`;
      outcomes[index] = refused("unprocessable", "nothing_overdue", message);
      return;
    }
    const check = checkRendered(template.language, subject?.text ?? null, body.text, { legalApproved: customer.legal });
    const reason = input.overrideReason?.trim() || null;
    if (check.verdict === "block" || (check.verdict === "warn" && !reason)) {
      const details = check.problems.filter((p) => p.verdict === "block" || !reason).map(describeProblem);
      outcomes[index] = refused(
        "unprocessable",
        "language_check",
        `the language check refuses this message: ${details[0]}`,
        details,
      );
      return;
    }
    const footer =
      channel === "email"
        ? FOOTER.email[template.language](
            `${messaging.publicUrl.replace(/\/+$/, "")}/api/unsubscribe/${unsubscribeToken(secret, contact.id, "email")}`,
          )
        : `${template.language === "zh-CN" ? "" : " "}${FOOTER.sms[template.language]}`;
    const notBefore = input.notBefore && input.notBefore > ctx.now ? input.notBefore : ctx.now;
    if (input.attachments?.length && channel !== "email") {
      outcomes[index] = refused("unprocessable", "not_email", "only an e-mail can carry files");
      return;
    }
    prepared.push({
      index,
      attachments: input.attachments ?? [],
      verdict: check.verdict,
      portalToken,
      row: {
        customerId: customer.id,
        contactId: contact.id,
        channel,
        address,
        language: template.language,
        subject: subject?.text ?? null,
        body: body.text + footer,
        templateId: template.id,
        templateVersion: template.version,
        automated: input.automated ?? false,
        overrideReason: reason,
        status: "queued",
        nextAttemptAt: notBefore,
        idempotencyKey: input.idempotencyKey ?? randomUUID(),
        createdBy: ctx.actor,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      },
    });
  });

  const newIds: number[] = [];
  for (let i = 0; i < prepared.length; i += 1000) {
    const chunk = prepared.slice(i, i + 1000);
    const inserted = await db
      .insert(outboxMessages)
      .values(chunk.map((p) => p.row))
      .onConflictDoNothing({ target: outboxMessages.idempotencyKey })
      .returning({ id: outboxMessages.id, key: outboxMessages.idempotencyKey });
    const byKey = new Map(inserted.map((r) => [r.key, r.id]));
    const repeats = chunk.filter((p) => !byKey.has(p.row.idempotencyKey));
    const earlier = repeats.length
      ? await queryRows<{ id: string; idempotency_key: string }>(
          db,
          sql`select id, idempotency_key from outbox_messages
              where idempotency_key = any(${toPgArray(repeats.map((p) => p.row.idempotencyKey))}::text[])`,
        )
      : [];
    const earlierByKey = new Map(earlier.map((r) => [r.idempotency_key, Number(r.id)]));
    const links = chunk.flatMap((p) => {
      const id = byKey.get(p.row.idempotencyKey);
      return id !== undefined && p.portalToken
        ? [
            {
              customerId: p.row.customerId,
              contactId: p.row.contactId ?? null,
              language: p.row.language,
              outboxMessageId: id,
              token: p.portalToken,
            },
          ]
        : [];
    });
    await createPortalLinks(db, ctx, links);
    await storeAttachments(
      db,
      chunk.flatMap((p) => {
        const id = byKey.get(p.row.idempotencyKey);
        return id === undefined ? [] : p.attachments.map((f) => ({ ...f, messageId: id }));
      }),
    );
    for (const p of chunk) {
      const id = byKey.get(p.row.idempotencyKey);
      if (id !== undefined) newIds.push(id);
      outcomes[p.index] = {
        ok: true,
        id: id ?? (earlierByKey.get(p.row.idempotencyKey) as number),
        duplicate: id === undefined,
        verdict: p.verdict,
      };
    }
  }
  if (newIds.length) {
    const single = newIds.length === 1 ? prepared.find((p) => outcomes[p.index]?.ok) : undefined;
    await appendAudit(db, {
      at: ctx.now,
      actor: ctx.actor,
      action: "outbox.enqueue",
      objectType: "outbox_message",
      objectId: newIds.length === 1 ? String(newIds[0]) : null,
      customerId: single?.row.customerId ?? null,
      after: {
        count: newIds.length,
        firstId: Math.min(...newIds),
        lastId: Math.max(...newIds),
        overrides: prepared.filter((p) => p.row.overrideReason).length,
      },
      reason: single?.row.overrideReason ?? null,
      requestId: ctx.requestId ?? null,
    });
  }
  return outcomes;
}

async function storeAttachments(db: Db, files: (OutboxAttachment & { messageId: number })[]): Promise<void> {
  // The bytes go as hex text decoded by the server: PGlite turns a binary parameter into hex in JavaScript, byte
  // by byte, several times slower than Node's own encoder. A statement is tens of kilobytes: a hundred a statement.
  for (let i = 0; i < files.length; i += 100) {
    const rows = files
      .slice(i, i + 100)
      .map(
        (f) =>
          sql`(${f.messageId}, ${f.fileName}, ${f.mediaType}, ${f.content.length}, decode(${f.content.toString("hex")}, 'hex'))`,
      );
    await db.execute(sql`insert into outbox_attachments (message_id, file_name, media_type, size, content)
      values ${sql.join(rows, sql`, `)}`);
  }
}

/** One message; a refusal throws (4xx with every reason in `details`). Call inside a transaction. */
export async function enqueueMessage(
  db: Db,
  input: EnqueueInput & EnqueueContext,
): Promise<{ id: number; duplicate: boolean; verdict: "allow" | "warn" }> {
  const [outcome] = await enqueueMessages(db, input, [input]);
  if (!outcome) throw new AppError("internal", msg`enqueue gave no outcome`);
  if (!outcome.ok) throw new AppError(outcome.code, outcome.message, outcome.details);
  return { id: outcome.id, duplicate: outcome.duplicate, verdict: outcome.verdict };
}
