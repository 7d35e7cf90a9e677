// The outbox sender (issue 7 §5, §7). For each due message, in one committed step before any network call: the
// contact gate at send time (reserveContact, in the contact's or customer's zone) and the mark "sending". Then the
// provider call, then "sent" (the gate's reservation becomes a made attempt). At most once across crashes: a row
// found still "sending" after STALE_SENDING_MS is never resent blindly; it is marked failed ("unknown: crashed
// while sending") for a person to check with the provider, using the provider message id / Message-ID we set.
// Temporary provider failures (SMTP 4xx) go back to the queue with exponential backoff; permanent ones (5xx) fail.
// A message the gate holds back for the hour waits for the next window (status waiting_window).
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { type GateAttempt, type GateContactRole, selectPolicy } from "../contact/gate.rules.ts";
import { reserveContact } from "../contact/reserve-contact.ts";
import { byteaBuffer } from "../db/bytea.ts";
import type { Connection, Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import type { DebtorType } from "../ledger/ledger.schema.ts";
import { getSetting } from "../settings/settings.ts";
import { defaultOutboxDir, emlFileTransport, smtpTransport } from "./mail-transport.ts";
import type { TemplateLanguage } from "./messaging.schema.ts";
import { maskAddress } from "./record-opt-out.ts";
import { nextWindowStart } from "./send-window.rules.ts";
import { smsTransport } from "./sms-provider.ts";
import { DeliveryError, MAX_ATTEMPTS, type OutgoingMessage, retryDelayMs, type Transport } from "./transport.rules.ts";
import { getServerSecret, unsubscribeToken } from "./unsubscribe-token.ts";

/** Longer than any send can take (SMTP socket timeout 60 s, HTTP 15 s): a row "sending" this long was abandoned. */
export const STALE_SENDING_MS = 15 * 60_000;
const CLAIM_BATCH = 25;
const ACTOR = "outbox";

export type SenderDeps = {
  database: Database;
  now: () => Date;
  /** Instead of the ones the settings describe (tests, benches). */
  transports?: { email?: Transport; sms?: Transport };
  env?: NodeJS.ProcessEnv;
};
export type DeliverOptions = { now?: Date; limit?: number; concurrency?: number };
export type DeliverSummary = {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  waiting: number;
  cancelled: number;
  recovered: number;
};

type DueRow = {
  id: string;
  customer_id: string;
  contact_id: string | null;
  channel: "email" | "sms";
  address: string;
  language: TemplateLanguage;
  subject: string | null;
  body: string;
  automated: boolean;
  override_reason: string | null;
  attempts: number;
  created_at: string | Date;
  debtor_type: DebtorType;
  country: string | null;
  customer_zone: string | null;
  contact_zone: string | null;
  role: GateContactRole | null;
  do_not_contact: boolean;
  opted_out: boolean;
  /** A notice to one of our users (a visit reminder): no contact gate, no opt-out. */
  recipient_user_id: string | null;
  /** Files go with it (outbox_attachments), read when it is sent. */
  has_attachments: boolean;
};
/** attemptId: the gate's reservation; null for a notice to one of our own users, which the gate does not concern. */
type Ready = { row: DueRow; attemptId: number | null };

/** SMTP replies may quote the address: keep it out of what we store and log. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"',;:]+@[^\s<>"',;:]+/g, (a) => maskAddress(a));
}

/** reserveContact inside our transaction, so the gate's reservation and the "sending" mark commit together. */
function joined(database: Database, conn: Connection): Database {
  return { ...database, db: conn.db, transaction: (fn) => fn(conn) } as Database;
}

async function audit(db: Db, now: Date, row: DueRow, action: string, after: Record<string, unknown>) {
  await appendAudit(db, {
    at: now,
    actor: ACTOR,
    action,
    objectType: "outbox_message",
    objectId: String(row.id),
    customerId: Number(row.customer_id),
    after,
  });
}

async function attachmentsOf(db: Db, messageId: number): Promise<NonNullable<OutgoingMessage["attachments"]>> {
  const rows = await queryRows<{ file_name: string; media_type: string; content: Buffer | Uint8Array | string }>(
    db,
    sql`select file_name, media_type, content from outbox_attachments where message_id = ${messageId} order by id`,
  );
  return rows.map((r) => ({ fileName: r.file_name, mediaType: r.media_type, content: byteaBuffer(r.content) }));
}

/** Rows left "sending" by a process that died: failed, not resent (it may have gone out). */
async function recoverAbandoned(database: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - STALE_SENDING_MS).toISOString();
  return database.transaction(async ({ db }) => {
    const rows = await queryRows<{ id: string; customer_id: string }>(
      db,
      sql`update outbox_messages set status = 'failed', sending_since = null, updated_at = ${now.toISOString()}::timestamptz,
            error = 'unknown: crashed while sending; not resent, it may have gone out (check the provider for this Message-ID)'
          where status = 'sending' and sending_since < ${before}::timestamptz returning id, customer_id`,
    );
    for (const r of rows) {
      await appendAudit(db, {
        at: now,
        actor: ACTOR,
        action: "outbox.abandoned",
        objectType: "outbox_message",
        objectId: String(r.id),
        customerId: Number(r.customer_id),
        after: { status: "failed", error: "unknown: crashed while sending" },
      });
    }
    return rows.length;
  });
}

/** Claims up to `n` due rows, asks the gate for each and commits the outcome: sending, waiting, or cancelled. */
async function claimBatch(database: Database, now: Date, n: number, summary: DeliverSummary): Promise<Ready[] | null> {
  return database.transaction(async (conn) => {
    const db = conn.db;
    // PGlite has one connection, so nothing else can hold the rows; PostgreSQL workers skip each other's rows.
    const lock = database.dialect === "postgres" ? sql`for update of m skip locked` : sql`for update of m`;
    const rows = await queryRows<DueRow>(
      db,
      sql`select m.id, m.customer_id, m.contact_id, m.channel, m.address, m.language, m.subject, m.body, m.automated,
            m.override_reason, m.attempts, m.created_at, c.debtor_type, c.country, c.time_zone as customer_zone,
            k.time_zone as contact_zone, k.role, c.do_not_contact, m.recipient_user_id,
            exists (select 1 from message_opt_outs o where o.channel = m.channel and o.address = m.address) as opted_out,
            exists (select 1 from outbox_attachments a where a.message_id = m.id) as has_attachments
          from outbox_messages m join customers c on c.id = m.customer_id left join contacts k on k.id = m.contact_id
          where m.status in ('queued', 'waiting_window') and m.next_attempt_at <= ${now.toISOString()}::timestamptz
            -- The customer replied and nobody has read it yet: automated reminders wait (they stay queued).
            and not (m.automated and m.recipient_user_id is null
              and exists (select 1 from reminder_pauses p where p.customer_id = m.customer_id))
          order by m.next_attempt_at, m.id limit ${n} ${lock}`,
    );
    if (!rows.length) return null;
    summary.claimed += rows.length;
    const policies = await getSetting(db, "contact.policies");
    const ready: Ready[] = [];
    const stamp = now.toISOString();
    const cancel = async (row: DueRow, error: string) => {
      await db.execute(
        sql`update outbox_messages set status = 'cancelled', error = ${error}, updated_at = ${stamp}::timestamptz
            where id = ${row.id}`,
      );
      await audit(db, now, row, "outbox.cancel", { status: "cancelled", error });
      summary.cancelled++;
    };
    for (const row of rows) {
      if (row.recipient_user_id !== null) {
        // Our own user, not the customer: no contact is made, so the gate and opt-outs do not apply.
        await db.execute(
          sql`update outbox_messages set status = 'sending', attempts = attempts + 1, sending_since = ${stamp}::timestamptz,
                updated_at = ${stamp}::timestamptz where id = ${row.id}`,
        );
        await audit(db, now, row, "outbox.sending", { status: "sending", attempt: row.attempts + 1, gate: "internal" });
        ready.push({ row, attemptId: null });
        continue;
      }
      if (row.opted_out) {
        await cancel(row, `opted out of ${row.channel} at this address`);
        continue;
      }
      const gate = await reserveContact(
        { database: joined(database, conn), now: () => now },
        {
          customerId: Number(row.customer_id),
          contactId: row.contact_id === null ? null : Number(row.contact_id),
          channel: row.channel,
          address: row.address,
          automated: row.automated,
          overrideReason: row.override_reason,
          actor: ACTOR,
        },
      );
      const d = gate.decision;
      if (gate.reserved) {
        await db.execute(
          sql`update outbox_messages set status = 'sending', attempts = attempts + 1, sending_since = ${stamp}::timestamptz,
                attempt_id = ${gate.attemptId}, updated_at = ${stamp}::timestamptz where id = ${row.id}`,
        );
        await audit(db, now, row, "outbox.sending", { status: "sending", attempt: row.attempts + 1, gate: d.rule });
        ready.push({ row, attemptId: gate.attemptId });
        continue;
      }
      if (d.rule === "hours.hard" || d.rule === "hours.soft" || d.rule === "hours.lunch") {
        const policy = selectPolicy(policies, row.country, row.debtor_type);
        const attempt: GateAttempt = {
          channel: row.channel,
          automated: row.automated,
          debtorType: row.debtor_type,
          contactTimeZone: row.contact_zone,
          customerTimeZone: row.customer_zone,
          contactRole: row.role,
          flags: { doNotContact: row.do_not_contact },
        };
        const next = nextWindowStart(policy, attempt, now, !row.override_reason);
        if ("at" in next) {
          const error = `waiting for the contact window: ${d.reason}`;
          await db.execute(
            sql`update outbox_messages set status = 'waiting_window', next_attempt_at = ${next.at.toISOString()}::timestamptz,
                  error = ${error}, updated_at = ${stamp}::timestamptz where id = ${row.id}`,
          );
          await audit(db, now, row, "outbox.wait", {
            status: "waiting_window",
            until: next.at.toISOString(),
            rule: d.rule,
          });
          summary.waiting++;
          continue;
        }
        await cancel(row, `gate ${d.rule}: ${next.blocked}`);
        continue;
      }
      await cancel(row, `gate ${d.rule}: ${d.reason}`);
    }
    return ready;
  });
}

async function markSent(database: Database, now: Date, r: Ready, providerMessageId: string, messageId: string | null) {
  await database.transaction(async ({ db }) => {
    await db.execute(
      sql`update outbox_messages set status = 'sent', provider_message_id = ${providerMessageId}, message_id = ${messageId},
            sent_at = ${now.toISOString()}::timestamptz,
            sending_since = null, error = null, updated_at = ${now.toISOString()}::timestamptz where id = ${r.row.id}`,
    );
    if (r.attemptId !== null)
      await db.execute(sql`update contact_attempts set status = 'made' where id = ${r.attemptId}`);
    await audit(db, now, r.row, "outbox.sent", { status: "sent", providerMessageId });
  });
}

async function markFailed(database: Database, now: Date, r: Ready, e: DeliveryError): Promise<"retrying" | "failed"> {
  const attempts = r.row.attempts + 1;
  const retry = e.temporary && attempts < MAX_ATTEMPTS;
  const error = redactAddresses(e.message).slice(0, 500);
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  await database.transaction(async ({ db }) => {
    await db.execute(
      retry
        ? sql`update outbox_messages set status = 'queued', next_attempt_at = ${next.toISOString()}::timestamptz, error = ${error},
                sending_since = null, updated_at = ${now.toISOString()}::timestamptz where id = ${r.row.id}`
        : sql`update outbox_messages set status = 'failed', error = ${error}, sending_since = null,
                updated_at = ${now.toISOString()}::timestamptz where id = ${r.row.id}`,
    );
    // Nothing went out (or we cannot tell): the reservation does not count as a reminder sent.
    if (r.attemptId !== null) {
      await db.execute(sql`update contact_attempts set status = 'released' where id = ${r.attemptId}`);
    }
    await audit(db, now, r.row, retry ? "outbox.retry" : "outbox.failed", {
      status: retry ? "queued" : "failed",
      attempts,
      error,
      ...(retry ? { nextAttemptAt: next.toISOString() } : {}),
    });
  });
  return retry ? "retrying" : "failed";
}

type Transports = { email: Transport; sms: Transport; close(): Promise<void> };

async function openTransports(deps: SenderDeps): Promise<Transports> {
  const db = deps.database.db;
  const env = deps.env ?? process.env;
  const built: Transport[] = [];
  let email = deps.transports?.email;
  if (!email) {
    const smtp = await getSetting(db, "smtp");
    const company = await getSetting(db, "company");
    email = smtp
      ? smtpTransport(smtp, env)
      : emlFileTransport(`"${company.name.replace(/"/g, "")}" <noreply@huikuan.local>`, defaultOutboxDir(env));
    built.push(email);
  }
  let sms = deps.transports?.sms;
  if (!sms) {
    sms = smsTransport(await getSetting(db, "sms"), env);
    built.push(sms);
  }
  return {
    email,
    sms,
    async close() {
      for (const t of built) await t.close();
    },
  };
}

function messageIdFor(row: DueRow, domain: string): string {
  const created = new Date(row.created_at).getTime();
  const tag = createHash("sha256").update(`${row.id}:${created}`).digest("hex").slice(0, 12);
  return `<outbox.${row.id}.${tag}@${domain}>`;
}

/**
 * Sends what is due at `now` (default deps.now()), at most `limit` messages. Safe to run from several processes
 * at once on PostgreSQL (rows are claimed with SKIP LOCKED). The CLI's `huikuan outbox send` and the server's
 * timer (startOutboxSender) both call this.
 */
export async function deliverDue(deps: SenderDeps, options: DeliverOptions = {}): Promise<DeliverSummary> {
  const fixed = options.now;
  const clock = fixed ? () => fixed : deps.now;
  const limit = options.limit ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const summary: DeliverSummary = {
    claimed: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
    waiting: 0,
    cancelled: 0,
    recovered: 0,
  };
  summary.recovered = await recoverAbandoned(deps.database, clock());
  const db = deps.database.db;
  const messaging = await getSetting(db, "messaging");
  const smtp = await getSetting(db, "smtp");
  const domain = /@([^>\s]+)/.exec(smtp?.from ?? "")?.[1] ?? "huikuan.local";
  let transports: Transports | null = null;
  try {
    let secret: string | null = null;
    while (summary.claimed < limit) {
      const ready = await claimBatch(deps.database, clock(), Math.min(CLAIM_BATCH, limit - summary.claimed), summary);
      if (ready === null) break;
      if (!ready.length) continue;
      transports ??= await openTransports(deps);
      secret ??= await getServerSecret(db, clock(), deps.env);
      const t = transports;
      const s = secret;
      let next = 0;
      const worker = async () => {
        while (next < ready.length) {
          const r = ready[next++] as Ready;
          const row = r.row;
          const message: OutgoingMessage = {
            outboxId: Number(row.id),
            channel: row.channel,
            to: row.address,
            subject: row.subject,
            body: row.body,
            language: row.language,
            messageId: messageIdFor(row, domain),
            unsubscribeUrl:
              row.channel === "email" && row.contact_id !== null
                ? `${messaging.publicUrl.replace(/\/+$/, "")}/api/unsubscribe/${unsubscribeToken(s, Number(row.contact_id), "email")}`
                : undefined,
          };
          let result: { providerMessageId: string } | DeliveryError;
          try {
            if (row.has_attachments) message.attachments = await attachmentsOf(db, Number(row.id));
            result = await (row.channel === "email" ? t.email : t.sms).send(message);
          } catch (e) {
            result =
              e instanceof DeliveryError
                ? e
                : new DeliveryError(`unknown: ${String((e as Error)?.message ?? e)}`, false);
          }
          if (result instanceof DeliveryError) summary[await markFailed(deps.database, clock(), r, result)]++;
          else {
            await markSent(
              deps.database,
              clock(),
              r,
              result.providerMessageId,
              row.channel === "email" ? message.messageId : null,
            );
            summary.sent++;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ready.length) }, worker));
    }
  } finally {
    await transports?.close();
  }
  return summary;
}

/**
 * For the server: deliverDue every `intervalMs` (never two rounds at once). Returns stop(). Not started anywhere
 * yet: src/app/start.ts can call it next to startRunScheduler.
 */
export function startOutboxSender(
  deps: SenderDeps,
  options: { intervalMs?: number; limit?: number; log?: (line: string) => void } = {},
): { stop(): void; runNow(): Promise<DeliverSummary | null> } {
  const log = options.log ?? console.log;
  let running: Promise<DeliverSummary | null> | null = null;
  const round = () => {
    running ??= deliverDue(deps, { limit: options.limit ?? 200 })
      .then((s) => {
        if (s.claimed || s.recovered) {
          log(
            `outbox: ${s.sent} sent, ${s.retrying} to retry, ${s.failed} failed, ${s.waiting} waiting for a window, ${s.cancelled} cancelled, ${s.recovered} abandoned`,
          );
        }
        return s;
      })
      .catch((e) => {
        log(`outbox: round failed: ${redactAddresses(String((e as Error)?.message ?? e)).slice(0, 300)}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(round, options.intervalMs ?? 30_000);
  timer.unref?.();
  return { stop: () => clearInterval(timer), runNow: round };
}
