// POST /api/inbound/email (issue 7 §6): an e-mail reply forwarded by the mail system, signed with HMAC-SHA256 over
// the raw body bytes (X-Huikuan-Signature: sha256=<hex>; the secret from the env variable the `inbound` setting
// names, else the server secret); a bad signature is refused before anything is read. The body is JSON, or the raw
// RFC 822 message (Content-Type message/rfc822, or a multipart/form-data field "email" as some providers post it),
// parsed by parse-raw-email.ts into the same fields. Once per Message-ID. The customer is
// found by the message it answers (In-Reply-To / References against the Message-IDs the outbox sent), else by the
// sender's address among the contacts (one customer only). A matched reply goes on the timeline as an inbound e-mail
// interaction, pauses the customer's automated reminders until a collector has read it, and notifies the
// collector; all in one transaction with its audit row. An unmatched one waits in the managers' list.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "../audit/append-audit.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { normaliseMessageId, repliedIds, replyExcerpt, senderAddress } from "./inbound.rules.ts";
import type { InboundMatch } from "./messaging.schema.ts";
import { parseRawEmail, type RawEmailAttachment } from "./parse-raw-email.ts";
import { maskAddress, toPgArray } from "./record-opt-out.ts";
import { getServerSecret, hmacHex, safeEqual } from "./unsubscribe-token.ts";

export const INBOUND_SIGNATURE_HEADER = "X-Huikuan-Signature";
export const INBOUND_ACTOR = "inbound-email";

export const inboundEmailSchema = z.object({
  messageId: z.string().trim().min(3).max(998),
  from: z.string().trim().min(3).max(500),
  to: z.string().trim().max(2000).optional(),
  subject: z.string().max(2000).optional(),
  text: z.string().max(200_000),
  inReplyTo: z.string().max(2000).optional(),
  references: z.union([z.string().max(20_000), z.array(z.string().max(998)).max(200)]).optional(),
});
export type InboundEmail = z.infer<typeof inboundEmailSchema>;

export type InboundResult =
  | { duplicate: true; id: number }
  | {
      duplicate: false;
      id: number;
      customerId: number | null;
      matchedBy: InboundMatch | null;
      paused: boolean;
      /** A raw message's attachments: listed, not kept. */
      attachments?: RawEmailAttachment[];
    };

export async function inboundSecret(database: Database, now: Date, env: NodeJS.ProcessEnv): Promise<string> {
  const { secretEnv } = await getSetting(database.db, "inbound");
  if (secretEnv) {
    const value = env[secretEnv];
    if (!value)
      throw new AppError("internal", msg`the inbound e-mail secret (environment variable ${secretEnv}) is not set`);
    return value;
  }
  return getServerSecret(database.db, now, env);
}

export const signInbound = (secret: string, rawBody: string | Uint8Array) =>
  `sha256=${hmacHex(secret, typeof rawBody === "string" ? rawBody : Buffer.from(rawBody))}`;

const bytesOf = (body: string | Uint8Array) => (typeof body === "string" ? new TextEncoder().encode(body) : body);

/** A raw message (the body, or the form's "email" field, text or file) through mailparser; anything else as JSON. */
async function readBody(
  body: Uint8Array,
  contentType: string | null | undefined,
): Promise<{ json: unknown; attachments?: RawEmailAttachment[] }> {
  const type = (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "message/rfc822") {
    const { email, attachments } = await parseRawEmail(body);
    return { json: email, attachments };
  }
  if (type === "multipart/form-data") {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), {
        headers: { "content-type": contentType as string },
      }).formData();
    } catch {
      throw new AppError("invalid_input", msg`the multipart/form-data body could not be read`);
    }
    const field = form.get("email");
    if (field === null) {
      throw new AppError("invalid_input", msg`the form has no "email" field with the raw message`);
    }
    // A text field arrives decoded as UTF-8; a message in another 8-bit charset should come as a file (its bytes).
    const raw = typeof field === "string" ? new TextEncoder().encode(field) : new Uint8Array(await field.arrayBuffer());
    const { email, attachments } = await parseRawEmail(raw);
    return { json: email, attachments };
  }
  // Anything else is read as JSON, as the webhook always has (some forwarders send it as text/plain).
  try {
    return { json: JSON.parse(new TextDecoder().decode(body)) };
  } catch {
    throw new AppError(
      "invalid_input",
      msg`the body is not JSON (Content-Type "${type}"); a raw message is sent as message/rfc822, or as the field "email" of multipart/form-data`,
    );
  }
}

type Match = { customerId: number; contactId: number | null; outboxId: number | null; by: InboundMatch };

/** The outbox e-mail a reply answers (newest named first), else the one customer whose contact has the address. */
async function findCustomer(db: Db, email: InboundEmail, sender: string | null): Promise<Match | null> {
  const refs = repliedIds(
    email.inReplyTo,
    Array.isArray(email.references) ? email.references.join(" ") : email.references,
  );
  if (refs.length) {
    const rows = await queryRows<{ id: string; customer_id: string; contact_id: string | null; mid: string }>(
      db,
      sql`select id, customer_id, contact_id, coalesce(message_id, provider_message_id) as mid from outbox_messages
          where channel = 'email' and recipient_user_id is null
            and (message_id = any(${toPgArray(refs)}::text[]) or provider_message_id = any(${toPgArray(refs)}::text[]))`,
    );
    for (const ref of refs) {
      const hit = rows.find((r) => r.mid === ref);
      if (hit) {
        return {
          customerId: Number(hit.customer_id),
          contactId: hit.contact_id === null ? null : Number(hit.contact_id),
          outboxId: Number(hit.id),
          by: "reply",
        };
      }
    }
  }
  if (!sender) return null;
  const contacts = await queryRows<{ id: string; customer_id: string }>(
    db,
    sql`select k.id, k.customer_id from contacts k
        where exists (select 1 from unnest(k.emails) e where lower(trim(e)) = ${sender}) order by k.id limit 20`,
  );
  const customers = new Set(contacts.map((k) => k.customer_id));
  // An address shared by contacts of several customers says nothing sure: a person decides.
  if (customers.size !== 1) return null;
  const first = contacts[0] as { id: string; customer_id: string };
  return { customerId: Number(first.customer_id), contactId: Number(first.id), outboxId: null, by: "sender" };
}

/** The inbound e-mail interaction on the timeline; it also counts as an answer to earlier reminders (gate rule 5). */
export async function recordReplyInteraction(
  db: Db,
  input: {
    customerId: number;
    contactId: number | null;
    subject: string | null;
    text: string;
    at: Date;
    actor: string;
  },
): Promise<number> {
  const note = [input.subject?.trim() ? `Subject: ${input.subject.trim()}` : null, replyExcerpt(input.text)]
    .filter(Boolean)
    .join("\n");
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into interactions (customer_id, contact_id, channel, direction, at, outcome, note, actor)
        values (${input.customerId}, ${input.contactId}, 'email', 'inbound', ${input.at.toISOString()}::timestamptz,
          'replied', ${note.slice(0, 2000)}, ${input.actor})
        returning id`,
  );
  return Number(row?.id);
}

/**
 * A reply now known to be the customer's: its automated reminders wait until a collector has read it (one pause row
 * per customer, pointing at the latest reply), and the customer's collector (else a manager) is notified once.
 */
export async function holdRemindersForReply(
  db: Db,
  input: { customerId: number; inboundEmailId: number; subject: string | null; matchedBy: InboundMatch; now: Date },
): Promise<void> {
  const at = input.now.toISOString();
  await db.execute(
    sql`insert into reminder_pauses (customer_id, paused_at, inbound_email_id, reason)
        values (${input.customerId}, ${at}::timestamptz, ${input.inboundEmailId}, 'the customer replied by e-mail')
        on conflict (customer_id) do update set inbound_email_id = excluded.inbound_email_id`,
  );
  await db.execute(
    sql`insert into user_notifications (user_id, customer_id, kind, key, object_id, title, detail, due_at, created_at)
        select f.id, c.id, 'inbound_email', ${`inbound:${input.inboundEmailId}`}, ${input.inboundEmailId},
          c.name || ': e-mail reply / 客户回复邮件', ${JSON.stringify({ subject: input.subject, matchedBy: input.matchedBy })}::jsonb,
          ${at}::timestamptz, ${at}::timestamptz
        from customers c cross join lateral (
          select u.id from users u where u.active and (u.id = c.collector_id or u.role in ('manager', 'admin'))
          order by (u.id = c.collector_id) desc, (u.role = 'manager') desc, u.id limit 1) f
        where c.id = ${input.customerId}
        on conflict (key) do nothing`,
  );
}

export async function receiveInboundEmail(
  deps: { database: Database; now: () => Date; env?: NodeJS.ProcessEnv },
  input: { rawBody: string | Uint8Array; contentType?: string | null; signature: string | undefined },
): Promise<InboundResult> {
  const now = deps.now();
  const secret = await inboundSecret(deps.database, now, deps.env ?? process.env);
  const body = bytesOf(input.rawBody);
  if (!input.signature || !safeEqual(input.signature.trim(), signInbound(secret, body))) {
    throw new AppError("unauthorized", msg`bad or missing ${INBOUND_SIGNATURE_HEADER} (HMAC-SHA256 of the raw body)`);
  }
  const { json, attachments } = await readBody(body, input.contentType);
  const parsed = inboundEmailSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    throw new AppError("invalid_input", details[0] ?? "not an e-mail", details);
  }
  const email = parsed.data;
  const messageId = normaliseMessageId(email.messageId);
  const sender = senderAddress(email.from);
  const references = Array.isArray(email.references) ? email.references.join(" ") : (email.references ?? null);
  return deps.database.transaction(async ({ db }) => {
    const [seen] = await queryRows<{ id: string }>(
      db,
      sql`select id from inbound_emails where message_id = ${messageId}`,
    );
    if (seen) return { duplicate: true, id: Number(seen.id) };
    const match = await findCustomer(db, email, sender);
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into inbound_emails (message_id, from_address, to_address, subject, body, in_reply_to,
            references_header, customer_id, contact_id, outbox_message_id, matched_by, received_at)
          values (${messageId}, ${sender ?? email.from}, ${email.to ?? null}, ${email.subject ?? null}, ${email.text},
            ${email.inReplyTo ?? null}, ${references}, ${match?.customerId ?? null}, ${match?.contactId ?? null},
            ${match?.outboxId ?? null}, ${match?.by ?? null}, ${now.toISOString()}::timestamptz)
          on conflict (message_id) do nothing returning id`,
    );
    // A concurrent delivery of the same e-mail won the insert: it is that one.
    if (!row) {
      const [other] = await queryRows<{ id: string }>(
        db,
        sql`select id from inbound_emails where message_id = ${messageId}`,
      );
      return { duplicate: true, id: Number(other?.id) };
    }
    const id = Number(row.id);
    let paused = false;
    if (match) {
      const interactionId = await recordReplyInteraction(db, {
        customerId: match.customerId,
        contactId: match.contactId,
        subject: email.subject ?? null,
        text: email.text,
        at: now,
        actor: INBOUND_ACTOR,
      });
      await db.execute(sql`update inbound_emails set interaction_id = ${interactionId} where id = ${id}`);
      await holdRemindersForReply(db, {
        customerId: match.customerId,
        inboundEmailId: id,
        subject: email.subject ?? null,
        matchedBy: match.by,
        now,
      });
      paused = true;
    }
    await appendAudit(db, {
      at: now,
      actor: INBOUND_ACTOR,
      action: "inbound.email_received",
      objectType: "inbound_email",
      objectId: String(id),
      customerId: match?.customerId ?? null,
      after: {
        from: maskAddress(sender ?? email.from),
        matchedBy: match?.by ?? null,
        outboxMessageId: match?.outboxId ?? null,
        remindersPaused: paused,
        ...(attachments?.length ? { attachments } : {}),
      },
    });
    return {
      duplicate: false,
      id,
      customerId: match?.customerId ?? null,
      matchedBy: match?.by ?? null,
      paused,
      ...(attachments ? { attachments } : {}),
    };
  });
}
