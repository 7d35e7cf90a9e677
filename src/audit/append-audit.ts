import { createHash } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { auditLog } from "./audit.schema.ts";

export type AuditEntry = {
  actor: string;
  action: string;
  objectType: string;
  objectId?: string | null;
  customerId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
  at: Date;
};

export const GENESIS_HASH = "0".repeat(64);
const AUDIT_LOCK = 7_402_119;

/** Canonical text of an entry: what the hash covers. Keys sorted so the same content always hashes the same. */
export function auditPayload(e: AuditEntry, prevHash: string): string {
  return canonicalJson({
    action: e.action,
    actor: e.actor,
    after: e.after ?? null,
    at: e.at.toISOString(),
    before: e.before ?? null,
    customerId: e.customerId ?? null,
    objectId: e.objectId ?? null,
    objectType: e.objectType,
    prevHash,
    reason: e.reason ?? null,
    requestId: e.requestId ?? null,
  });
}

export function auditHash(e: AuditEntry, prevHash: string): string {
  return createHash("sha256").update(auditPayload(e, prevHash)).digest("hex");
}

/**
 * Appends one row to the hash-chained audit log. Call it inside the transaction that makes the change,
 * as late as possible: the chain lock is held until that transaction ends.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const clean = { ...entry, before: jsonSafe(entry.before), after: jsonSafe(entry.after) };
  await db.insert(auditLog).values({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    customerId: entry.customerId ?? null,
    before: clean.before ?? null,
    after: clean.after ?? null,
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
    prevHash,
    hash: auditHash(clean, prevHash),
  });
}

/** bigint is not JSON: store money and ids as decimal strings. */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}
