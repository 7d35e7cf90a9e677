// Walks the audit log in order and recomputes each row's hash from its content and the previous row's hash:
// the first row that does not match is where the log was changed (or a row removed).
import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { forEachBatch } from "../db/query-rows.ts";
import { auditHash, GENESIS_HASH } from "./append-audit.ts";

export type AuditVerdict =
  | { ok: true; rows: number; lastHash: string }
  | { ok: false; rows: number; brokenAt: number; reason: string };

type Row = {
  id: string;
  at: string | Date;
  actor: string;
  action: string;
  object_type: string;
  object_id: string | null;
  customer_id: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
};

export async function verifyAudit(database: Database): Promise<AuditVerdict> {
  let prev = GENESIS_HASH;
  let rows = 0;
  let broken: { id: number; reason: string } | null = null;
  await forEachBatch<Row>(database, sql`select * from audit_log order by id`, (batch) => {
    for (const r of batch) {
      if (broken) return;
      rows++;
      const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
      if (r.prev_hash !== prev) {
        broken = {
          id: Number(r.id),
          reason: "its link to the previous row does not match (a row before it was removed or changed)",
        };
        return;
      }
      const expected = auditHash(
        {
          at: new Date(r.at),
          actor: r.actor,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          customerId: r.customer_id === null ? null : Number(r.customer_id),
          before: parse(r.before) ?? undefined,
          after: parse(r.after) ?? undefined,
          reason: r.reason,
          requestId: r.request_id,
        },
        r.prev_hash,
      );
      if (expected !== r.hash) {
        broken = { id: Number(r.id), reason: "its content does not match its hash (the row was changed)" };
        return;
      }
      prev = r.hash;
    }
  });
  const b = broken as { id: number; reason: string } | null;
  return b ? { ok: false, rows, brokenAt: b.id, reason: b.reason } : { ok: true, rows, lastHash: prev };
}
