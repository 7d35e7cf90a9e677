// The fast path for invoice imports: new invoices go straight into the invoices table with COPY, in segments.
// Between segments the customers a segment names are created; during a segment's COPY the next one is parsed.
// If any invoice already exists, or the file repeats one, the unique index stops the COPY and the caller rolls
// back to a savepoint and takes the staging path, which updates existing rows and names duplicate rows.
import { sql } from "drizzle-orm";
import { copyArray, copyField } from "../db/copy-text.ts";
import type { Connection } from "../db/database.ts";
import { pgErrorCode, UNIQUE_VIOLATION } from "../db/pg-error.ts";
import { queryRows } from "../db/query-rows.ts";
import { FIELDS } from "./import-fields.ts";
import type { StagedValue } from "./import-rows.ts";

export type StagedRow = { rowNo: number; values: StagedValue[] };
export type DirectResult = { inserted: number; customersCreated: number } | "conflict";

const SEGMENT = 25_000;
const at = Object.fromEntries(FIELDS.invoices.map((f, i) => [f.name, i])) as Record<string, number>;
const [iCode, iName, iNumber, iIssue, iDue, iAmount, iCurrency] = [
  "customer_code",
  "customer_name",
  "number",
  "issue_date",
  "due_date",
  "amount",
  "currency",
].map((f) => at[f] as number) as [number, number, number, number, number, number, number];

/**
 * `rows` yields batches of valid rows only; `stopped()` tells when validation found a problem (then nothing more is
 * written and the caller refuses the file). Returns "conflict" when the staging path must take over.
 */
export async function loadInvoicesDirect(
  conn: Connection,
  rows: AsyncIterable<StagedRow[]>,
  has: (field: string) => boolean,
  stopped: () => boolean,
): Promise<DirectResult> {
  const ids = new Map<string, number>();
  for (const r of await queryRows<{ code: string; id: string }>(conn.db, sql`select code, id from customers`)) {
    ids.set(r.code, Number(r.id));
  }
  const optional = ["reference", "disputed"].filter(has);
  const columns = ["customer_id", "number", "issue_date", "due_date", "amount", "currency", ...optional];
  let inserted = 0;
  let customersCreated = 0;
  let conflict = false;
  let pending: Promise<void> | null = null;

  /** Customers created in this import still named by their code, because no row named them yet. */
  const namedByCode = new Set<string>();
  /** Creates the segment's new customers, named by the first row (in file order) that gives a name. */
  const createCustomers = async (segment: StagedRow[]) => {
    const names = new Map<string, string | null>();
    const renames = new Map<string, string>();
    for (const r of segment) {
      const code = r.values[iCode] as string;
      const name = r.values[iName] as string | null;
      if (!ids.has(code)) {
        if (!names.get(code)) names.set(code, name);
      } else if (name && namedByCode.has(code) && !renames.has(code)) renames.set(code, name);
    }
    if (renames.size) {
      const codes = [...renames.keys()];
      await conn.db.execute(
        sql`update customers c set name = n.name from unnest(${copyArray(codes)}::text[], ${copyArray(codes.map((c) => renames.get(c) as string))}::text[]) as n(code, name)
            where c.code = n.code`,
      );
      for (const c of codes) namedByCode.delete(c);
    }
    if (!names.size) return;
    const codes = [...names.keys()];
    const created = await queryRows<{ id: string; code: string }>(
      conn.db,
      sql`insert into customers (code, name) select * from unnest(${copyArray(codes)}::text[], ${copyArray(codes.map((c) => names.get(c) || c))}::text[])
          on conflict (code) do nothing returning id, code`,
    );
    customersCreated += created.length;
    for (const r of created) {
      ids.set(r.code, Number(r.id));
      if (!names.get(r.code)) namedByCode.add(r.code);
    }
    if (created.length < codes.length) {
      const missing = codes.filter((c) => !ids.has(c));
      for (const r of await queryRows<{ id: string; code: string }>(
        conn.db,
        sql`select id, code from customers where code = any(${copyArray(missing)}::text[])`,
      )) {
        ids.set(r.code, Number(r.id));
      }
    }
  };

  const write = async (segment: StagedRow[]) => {
    await createCustomers(segment);
    const keyed = segment.map((r) => ({ cid: ids.get(r.values[iCode] as string) as number, v: r.values }));
    // Customer order keeps the unique index's insertions close together; a numeric sort is cheap enough here.
    keyed.sort((a, b) => a.cid - b.cid);
    const parts: string[] = [];
    let text = "";
    const withOptional = optional.length > 0;
    for (const { cid, v } of keyed) {
      // Dates, amounts and currency codes never need COPY escaping; the invoice number and reference might.
      text += `${cid}\t${copyField(v[iNumber] as string)}\t${v[iIssue]}\t${v[iDue]}\t${v[iAmount]}\t${v[iCurrency]}`;
      if (withOptional) {
        for (const f of optional) {
          const x = v[at[f] as number];
          text += `\t${typeof x === "boolean" ? (x ? "t" : "f") : copyField(x as string | null)}`;
        }
      }
      text += "\n";
      if (text.length > 1 << 20) {
        parts.push(text);
        text = "";
      }
    }
    if (text) parts.push(text);
    try {
      await conn.copyIn("invoices", columns, parts);
      inserted += segment.length;
    } catch (e) {
      if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
      conflict = true;
    }
  };

  let segment: StagedRow[] = [];
  for await (const batch of rows) {
    if (conflict) break;
    if (stopped()) continue;
    for (const r of batch) segment.push(r);
    if (segment.length >= SEGMENT) {
      if (pending) await pending;
      if (conflict) break;
      const full = segment;
      segment = [];
      pending = write(full);
      pending.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
    }
  }
  if (pending) await pending;
  if (!conflict && !stopped() && segment.length) await write(segment);
  return conflict ? "conflict" : { inserted, customersCreated };
}
