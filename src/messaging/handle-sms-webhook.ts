// POST /api/webhooks/sms: the SMS provider tells us about replies and delivery. Signed with HMAC-SHA256 over the raw
// body (header X-Huikuan-Signature: sha256=<hex>); a bad signature is refused before anything is read. Each event is
// recorded once per provider event id, so a provider's retries change nothing. An opt-out keyword is honoured at
// once: the opt-out and the cancelling of queued messages to that number happen in the event's transaction.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "../audit/append-audit.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { isOptOutKeyword } from "./opt-out-keywords.rules.ts";
import { maskAddress, normaliseAddress, recordOptOut } from "./record-opt-out.ts";
import { getServerSecret, hmacHex, safeEqual } from "./unsubscribe-token.ts";

export const SMS_SIGNATURE_HEADER = "X-Huikuan-Signature";

const eventId = z.string().trim().min(1).max(200);
export const smsWebhookSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("inbound"),
    eventId,
    from: z.string().trim().min(3).max(40),
    text: z.string().max(2000),
  }),
  z.object({
    type: z.literal("status"),
    eventId,
    /** The provider's message id, as its send answer gave it. */
    messageId: z.string().trim().min(1).max(200),
    status: z.enum(["accepted", "sent", "delivered", "failed", "undelivered"]),
    error: z.string().max(500).optional(),
  }),
]);
export type SmsWebhookEvent = z.infer<typeof smsWebhookSchema>;

export type SmsWebhookResult =
  | { duplicate: true }
  | { duplicate: false; kind: "inbound"; optOut: boolean; cancelled: number }
  | { duplicate: false; kind: "status"; outboxId: number | null };

export async function smsWebhookSecret(database: Database, now: Date, env: NodeJS.ProcessEnv): Promise<string> {
  const settings = await getSetting(database.db, "sms");
  const name = settings.webhookSecretEnv;
  if (name) {
    const value = env[name];
    if (!value) throw new AppError("internal", msg`the SMS webhook secret (environment variable ${name}) is not set`);
    return value;
  }
  return getServerSecret(database.db, now, env);
}

export function signSmsWebhook(secret: string, rawBody: string): string {
  return `sha256=${hmacHex(secret, rawBody)}`;
}

export async function handleSmsWebhook(
  deps: { database: Database; now: () => Date; env?: NodeJS.ProcessEnv },
  input: { rawBody: string; signature: string | undefined; provider?: string },
): Promise<SmsWebhookResult> {
  const now = deps.now();
  const secret = await smsWebhookSecret(deps.database, now, deps.env ?? process.env);
  if (!input.signature || !safeEqual(input.signature.trim(), signSmsWebhook(secret, input.rawBody))) {
    throw new AppError("unauthorized", msg`bad or missing ${SMS_SIGNATURE_HEADER} (HMAC-SHA256 of the raw body)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    throw new AppError("invalid_input", msg`the body is not JSON`);
  }
  const parsed = smsWebhookSchema.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    throw new AppError("invalid_input", details[0] ?? "invalid event", details);
  }
  const event = parsed.data;
  const provider = input.provider ?? "sms";
  return deps.database.transaction(async ({ db }) => {
    // Stored without the full number or the text of a reply: the event id and what it meant are enough.
    const payload =
      event.type === "inbound"
        ? {
            type: event.type,
            from: maskAddress(normaliseAddress("sms", event.from)),
            optOut: isOptOutKeyword(event.text),
          }
        : event;
    let outboxId: number | null = null;
    if (event.type === "status") {
      const [m] = await queryRows<{ id: string }>(
        db,
        sql`select id from outbox_messages where provider_message_id = ${event.messageId} and channel = 'sms' limit 1`,
      );
      outboxId = m ? Number(m.id) : null;
    }
    const inserted = await queryRows<{ id: string }>(
      db,
      sql`insert into delivery_events (provider, event_id, kind, outbox_id, status, payload, received_at)
          values (${provider}, ${event.eventId}, ${event.type}, ${outboxId}, ${event.type === "status" ? event.status : null},
            ${JSON.stringify(payload)}::jsonb, ${now.toISOString()}::timestamptz)
          on conflict (provider, event_id) do nothing returning id`,
    );
    if (!inserted.length) return { duplicate: true } as const;
    if (event.type === "inbound") {
      if (!isOptOutKeyword(event.text))
        return { duplicate: false, kind: "inbound", optOut: false, cancelled: 0 } as const;
      const r = await recordOptOut(db, {
        channel: "sms",
        address: event.from,
        source: "sms_keyword",
        actor: "sms-webhook",
        now,
      });
      return { duplicate: false, kind: "inbound", optOut: true, cancelled: r.cancelled.length } as const;
    }
    if (outboxId !== null && (event.status === "failed" || event.status === "undelivered")) {
      const error = `the provider reports ${event.status}${event.error ? `: ${event.error.slice(0, 200)}` : ""}`;
      const [row] = await queryRows<{ customer_id: string }>(
        db,
        sql`update outbox_messages set status = 'failed', error = ${error}, updated_at = ${now.toISOString()}::timestamptz
            where id = ${outboxId} and status = 'sent' returning customer_id`,
      );
      if (row) {
        await appendAudit(db, {
          at: now,
          actor: "sms-webhook",
          action: "outbox.delivery_failed",
          objectType: "outbox_message",
          objectId: String(outboxId),
          customerId: Number(row.customer_id),
          after: { status: "failed", error, eventId: event.eventId },
        });
      }
    }
    return { duplicate: false, kind: "status", outboxId } as const;
  });
}
