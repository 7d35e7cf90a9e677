// Conduct rule 8: an opt-out (the unsubscribe link, STOP/退订/TD by SMS, a collector by hand) is honoured at once:
// the contact's channel flag, the address in message_opt_outs, and every queued message on that channel to that
// contact or address cancelled, all in the caller's transaction, audited.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import type { OPT_OUT_SOURCES } from "./messaging.schema.ts";

export type OptOutChannel = "email" | "sms";

/** E-mail: trimmed, lower case. Phone: digits with the leading + kept (spaces, dashes, brackets dropped). */
export function normaliseAddress(channel: "email" | "sms" | "letter", address: string): string {
  const a = address.normalize("NFKC").trim();
  if (channel === "email") return a.toLowerCase();
  if (channel === "sms") return (a.startsWith("+") ? "+" : "") + a.replace(/\D/g, "");
  return a;
}

/** For logs and audit rows: enough to recognise, not the whole address. */
export function maskAddress(address: string): string {
  const at = address.indexOf("@");
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  return address.length > 6 ? `${address.slice(0, 4)}****${address.slice(-2)}` : "****";
}

const phoneSql = (column: string) => sql.raw(`regexp_replace(${column}, '[^0-9+]', '', 'g')`);

export type OptOutInput = {
  channel: OptOutChannel;
  /** The contact, when known (an unsubscribe link names it). */
  contactId?: number | null;
  /** The address, when known (an inbound SMS comes from one). */
  address?: string | null;
  source: (typeof OPT_OUT_SOURCES)[number];
  actor: string;
  now: Date;
  requestId?: string | null;
};
export type OptOutResult = { contactIds: number[]; addresses: number; cancelled: number[] };

export async function recordOptOut(db: Db, input: OptOutInput): Promise<OptOutResult> {
  const { channel } = input;
  const address = input.address ? normaliseAddress(channel, input.address) : null;
  if (input.contactId == null && !address)
    throw new AppError("invalid_input", msg`an opt-out needs a contact or an address`);
  const addressColumn = channel === "email" ? "emails" : "phones";
  const matchAddress =
    address === null
      ? sql`false`
      : channel === "email"
        ? sql`exists (select 1 from unnest(k.emails) e where lower(trim(e)) = ${address})`
        : sql`exists (select 1 from unnest(k.phones) p where ${phoneSql("p")} = ${address})`;
  const contacts = await queryRows<{ id: string; customer_id: string; addresses: string[] | string }>(
    db,
    sql`select k.id, k.customer_id, ${sql.raw(`k.${addressColumn}`)} as addresses from contacts k
        where k.id = ${input.contactId ?? -1} or ${matchAddress} order by k.id for update`,
  );
  if (input.contactId != null && !contacts.some((c) => Number(c.id) === input.contactId)) {
    throw new AppError("not_found", msg`no such contact`);
  }
  const contactIds = contacts.map((c) => Number(c.id));
  const addresses = new Set<string>();
  if (address) addresses.add(address);
  for (const c of contacts) {
    for (const a of pgArray(c.addresses)) if (a.trim()) addresses.add(normaliseAddress(channel, a));
  }
  const flag = sql.raw(channel === "email" ? "opt_out_email" : "opt_out_sms");
  if (contactIds.length) {
    await db.execute(
      sql`update contacts set ${flag} = true, version = version + 1, updated_at = ${input.now.toISOString()}::timestamptz
          where id = any(${`{${contactIds.join(",")}}`}::bigint[]) and not ${flag}`,
    );
  }
  const list = [...addresses];
  if (list.length) {
    await db.execute(
      sql`insert into message_opt_outs (channel, address, contact_id, source, at)
          select ${channel}, a, ${contactIds[0] ?? null}::bigint, ${input.source}, ${input.now.toISOString()}::timestamptz
          from unnest(${toPgArray(list)}::text[]) a
          on conflict (channel, address) do nothing`,
    );
  }
  const cancelled = await queryRows<{ id: string; customer_id: string }>(
    db,
    sql`update outbox_messages set status = 'cancelled', error = ${`opted out (${input.source.replace("_", " ")})`},
          updated_at = ${input.now.toISOString()}::timestamptz
        where status in ('queued', 'waiting_window') and channel = ${channel}
          and (contact_id = any(${`{${contactIds.join(",")}}`}::bigint[]) or address = any(${toPgArray(list)}::text[]))
        returning id, customer_id`,
  );
  const cancelledIds = cancelled.map((r) => Number(r.id)).sort((a, b) => a - b);
  const masked = list.map(maskAddress);
  if (contacts.length === 0) {
    await appendAudit(db, {
      at: input.now,
      actor: input.actor,
      action: "messaging.opt_out",
      objectType: "address",
      objectId: masked[0] ?? null,
      after: { channel, source: input.source, addresses: masked, cancelled: cancelledIds },
      requestId: input.requestId ?? null,
    });
  }
  for (const c of contacts) {
    const mine = cancelled.filter((r) => r.customer_id === c.customer_id).map((r) => Number(r.id));
    await appendAudit(db, {
      at: input.now,
      actor: input.actor,
      action: "messaging.opt_out",
      objectType: "contact",
      objectId: String(c.id),
      customerId: Number(c.customer_id),
      after: { channel, source: input.source, addresses: masked, cancelled: mine },
      requestId: input.requestId ?? null,
    });
  }
  return { contactIds, addresses: list.length, cancelled: cancelledIds };
}

/** Both drivers may hand a text[] back as "{a,b}". */
export function pgArray(v: string[] | string | null | undefined): string[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== "string" || v === "{}") return [];
  return v
    .replace(/^\{|\}$/g, "")
    .split(",")
    .map((s) => s.replace(/^"|"$/g, ""))
    .filter(Boolean);
}

/** A text[] literal, quoting each element. */
export function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}
