// Signed tokens for one-click unsubscribe links (RFC 8058) and the server secret that signs them and checks SMS
// webhooks. The secret comes from HUIKUAN_SECRET, else one generated on first use and kept in the settings table
// under a key that the settings API and CLI do not list.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { MESSAGE_CHANNELS, type MessageChannel } from "./messaging.schema.ts";

const SECRET_KEY = "messaging.secret";

/** The server secret: HUIKUAN_SECRET, else a stored one (made once, audited without its value). */
export async function getServerSecret(db: Db, now: Date, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env.HUIKUAN_SECRET;
  if (given && given.length >= 16) return given;
  const [row] = await queryRows<{ value: string }>(
    db,
    sql`select value #>> '{}' as value from settings where key = ${SECRET_KEY}`,
  );
  if (row) return row.value;
  const made = randomBytes(32).toString("base64url");
  const inserted = await queryRows<{ key: string }>(
    db,
    sql`insert into settings (key, value) values (${SECRET_KEY}, to_jsonb(${made}::text))
        on conflict (key) do nothing returning key`,
  );
  if (inserted.length) {
    await appendAudit(db, {
      at: now,
      actor: "system",
      action: "messaging.secret_generated",
      objectType: "setting",
      objectId: SECRET_KEY,
    });
    return made;
  }
  // Someone else made it meanwhile.
  const [again] = await queryRows<{ value: string }>(
    db,
    sql`select value #>> '{}' as value from settings where key = ${SECRET_KEY}`,
  );
  return again?.value as string;
}

export function hmacHex(secret: string, text: string | Buffer): string {
  return createHmac("sha256", secret).update(text).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const sign = (secret: string, contactId: number, channel: MessageChannel) =>
  createHmac("sha256", secret).update(`unsubscribe:${contactId}:${channel}`).digest("base64url").slice(0, 32);

/** "<contact>.<channel>.<signature>": names no address, so the link leaks nothing if forwarded or logged. */
export function unsubscribeToken(secret: string, contactId: number, channel: MessageChannel): string {
  return `${contactId}.${channel}.${sign(secret, contactId, channel)}`;
}

export function readUnsubscribeToken(
  secret: string,
  token: string,
): { contactId: number; channel: MessageChannel } | null {
  const m = /^(\d{1,15})\.([a-z]+)\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const contactId = Number(m[1]);
  const channel = m[2] as MessageChannel;
  if (!MESSAGE_CHANNELS.includes(channel)) return null;
  return safeEqual(m[3] as string, sign(secret, contactId, channel)) ? { contactId, channel } : null;
}
