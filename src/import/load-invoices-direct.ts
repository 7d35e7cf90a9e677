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
  /** Names found later for customers created by code: applied at the next segment boundary. */
  const renames = new Map<string, string>();
  const applyRenames = async () => {
    if (!renames.size) return;
    const codes = [...renames.keys()];
    await conn.db.execute(
      sql`update customers c set name = n.name
          from unnest(${copyArray(codes)}::text[], ${copyArray(codes.map((c) => renames.get(c) as string))}::text[]) as n(code, name)
          where c.code = n.code`,
    );
    for (const c of codes) namedByCode.delete(c);
    renames.clear();
  };
  /** Creates the customers of rows that named unknown codes, named by the first row (in file order) that gives a name. */
  const createCustomers = async (segment: StagedRow[]) => {
    const names = new Map<string, string | null>();
    for (const r of segment) {
      const code = r.values[iCode] as string;
      if (!ids.has(code) && !names.get(code)) names.set(code, r.values[iName] as string | null);
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

  const withOptional = optional.length > 0;
  const lineOf = (cid: number, v: StagedValue[]): string => {
    // Dates, amounts and currency codes never need COPY escaping; the invoice number and reference might.
    let line = `${cid}\t${copyField(v[iNumber] as string)}\t${v[iIssue]}\t${v[iDue]}\t${v[iAmount]}\t${v[iCurrency]}`;
    if (withOptional) {
      for (const f of optional) {
        const x = v[at[f] as number];
        line += `\t${typeof x === "boolean" ? (x ? "t" : "f") : copyField(x as string | null)}`;
      }
    }
    return `${line}\n`;
  };

  /** A segment's COPY text, built while reading; rows of customers not created yet wait in `deferred`. */
  type Segment = { parts: string[]; text: string; rows: number; deferred: StagedRow[] };
  const newSegment = (): Segment => ({ parts: [], text: "", rows: 0, deferred: [] });
  const append = (seg: Segment, line: string) => {
    seg.text += line;
    if (seg.text.length > 1 << 20) {
      seg.parts.push(seg.text);
      seg.text = "";
    }
  };

  const write = async (seg: Segment) => {
    await applyRenames();
    if (seg.deferred.length) {
      await createCustomers(seg.deferred);
      for (const r of seg.deferred) append(seg, lineOf(ids.get(r.values[iCode] as string) as number, r.values));
    }
    if (seg.text) seg.parts.push(seg.text);
    try {
      await conn.copyIn("invoices", columns, seg.parts);
      inserted += seg.rows;
    } catch (e) {
      if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
      conflict = true;
    }
  };

  let segment = newSegment();
  for await (const batch of rows) {
    if (conflict) break;
    if (stopped()) continue;
    for (const r of batch) {
      const code = r.values[iCode] as string;
      const cid = ids.get(code);
      if (cid === undefined) segment.deferred.push(r);
      else {
        append(segment, lineOf(cid, r.values));
        if (namedByCode.size && namedByCode.has(code) && r.values[iName] && !renames.has(code)) {
          renames.set(code, r.values[iName] as string);
        }
      }
    }
    segment.rows += batch.length;
    // Parsing runs on promise continuations that never leave room for I/O: without a real turn of the event loop
    // the database's answers would sit unread in the socket until the file needs reading again.
    if (pending) await new Promise((resolve) => setImmediate(resolve));
    if (segment.rows >= SEGMENT) {
      if (pending) await pending;
      if (conflict) break;
      const full = segment;
      segment = newSegment();
      pending = write(full);
      pending.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
    }
  }
  if (pending) await pending;
  if (!conflict && !stopped() && segment.rows) await write(segment);
  if (!conflict && !stopped()) await applyRenames();
  return conflict ? "conflict" : { inserted, customersCreated };
}
