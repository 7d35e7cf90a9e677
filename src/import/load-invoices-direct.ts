// The fast path for invoice imports: new invoices go straight into the invoices table with COPY, in chunks of rows.
// Before a chunk's COPY the customers it names are created; while the server stores one chunk the next is read.
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
export type DirectResult =
  | { inserted: number; customersCreated: number; frozen: boolean; firstLoad: boolean }
  | "conflict";

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

/** Rows per COPY statement: the customers they name are created before it. */
const CHUNK = 100_000;
/** How many customers one INSERT creates. */
const CUSTOMER_BATCH = 50_000;
const timing = process.env.HUIKUAN_DEBUG?.includes("timing");
const lap = (label: string, t0: number) => {
  if (timing) console.error(`[import] ${label}: ${(performance.now() - t0).toFixed(0)} ms`);
};

/**
 * `rows` yields batches of valid rows only; `stopped()` tells when validation found a problem (then nothing more is
 * written and the caller refuses the file). Returns "conflict" when the staging path must take over.
 */
export async function loadInvoicesDirect(
  conn: Connection,
  rows: AsyncIterable<StagedRow[]>,
  has: (field: string) => boolean,
  stopped: () => boolean,
  chunkRows = CHUNK,
): Promise<DirectResult> {
  const ids = new Map<string, number>();
  for (const r of await queryRows<{ code: string; id: string }>(conn.db, sql`select code, id from customers`)) {
    ids.set(r.code, Number(r.id));
  }
  const optional = ["reference", "disputed"].filter(has);
  const columns = ["customer_id", "number", "issue_date", "due_date", "amount", "currency", ...optional];
  const withOptional = optional.length > 0;
  /** A COPY line without its leading customer id, which may not exist yet. */
  const tailOf = (v: StagedValue[]): string => {
    // Dates, amounts and currency codes never need COPY escaping; the invoice number and reference might.
    let line = `\t${copyField(v[iNumber] as string)}\t${v[iIssue]}\t${v[iDue]}\t${v[iAmount]}\t${v[iCurrency]}`;
    if (withOptional) {
      for (const f of optional) {
        const x = v[at[f] as number];
        line += `\t${typeof x === "boolean" ? (x ? "t" : "f") : copyField(x as string | null)}`;
      }
    }
    return `${line}\n`;
  };

  let inserted = 0;
  let customersCreated = 0;
  let conflict = false;
  /** Decided at the first COPY: a big load into an empty ledger builds the unique index once, at the end. */
  let bulk: Bulk | null | undefined;
  /** Customers this import created by code alone, because no row so far gave a name. */
  const namedByCode = new Set<string>();
  /** Names found later for those: applied before the next chunk. */
  const renames = new Map<string, string>();

  const send = async (chunk: Chunk) => {
    // Read before the first await: the caller moves `target` on as soon as this yields.
    const full = chunk.n >= target;
    // A customer an earlier chunk created by code alone may get its name from this one.
    for (const [code, name] of chunk.names) {
      if (name && namedByCode.has(code) && !renames.has(code)) renames.set(code, name);
    }
    if (renames.size) await renameCustomers(conn, renames, namedByCode);
    if (chunk.names.size) {
      const tc = performance.now();
      const created = await createCustomers(conn, ids, chunk.names);
      lap(`create ${created.length} customers`, tc);
      customersCreated += created.length;
      for (const code of created) if (!chunk.names.get(code)) namedByCode.add(code);
    }
    // A first chunk that filled up means a big file.
    if (bulk === undefined) bulk = full ? await startBulk(conn) : null;
    try {
      const t0 = performance.now();
      // In a first load the table is locked to this import, so it can take a block of ids at once and send them,
      // which spares the server a call to the id sequence for every row.
      const firstId = bulk ? await reserveIds(conn, chunk.n) : null;
      await conn.copyIn("invoices", firstId === null ? columns : ["id", ...columns], sortedText(chunk, ids, firstId), {
        freeze: bulk?.freeze,
      });
      lap(`copy ${chunk.n} rows`, t0);
      inserted += chunk.n;
    } catch (e) {
      if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
      conflict = true;
    }
  };

  // The first chunk is smaller, so the server starts on it while Node reads the rest.
  let target = Math.max(1, Math.min(chunkRows, Math.ceil(chunkRows / 5)));
  let chunk = newChunk(target);
  let pending: Promise<void> | null = null;
  for await (const batch of rows) {
    if (conflict || stopped()) break;
    // The batch's lines go into the chunk's bytes in one write: a million small writes cost a second.
    const from = chunk.n;
    let text = "";
    for (const r of batch) {
      const code = r.values[iCode] as string;
      const name = r.values[iName] as string | null;
      const cid = ids.get(code);
      if (chunk.n === chunk.ends.length) grow(chunk);
      if (cid === undefined) {
        let k = chunk.newIndex.get(code);
        if (k === undefined) {
          k = chunk.newIndex.size;
          chunk.newIndex.set(code, k);
          chunk.names.set(code, name ?? "");
        } else if (name && !chunk.names.get(code)) chunk.names.set(code, name);
        chunk.customer[chunk.n] = -(k + 1);
      } else {
        if (name && namedByCode.has(code) && !renames.has(code)) renames.set(code, name);
        chunk.customer[chunk.n] = cid;
      }
      const tail = tailOf(r.values);
      text += tail;
      chunk.ends[chunk.n++] = text.length; // in characters for now; in bytes once written below
    }
    writeTails(chunk, from, text);
    if (chunk.n >= target) {
      const tw = performance.now();
      if (pending) await pending;
      lap("wait for the previous COPY", tw);
      if (conflict) break;
      pending = send(chunk);
      pending.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
      target = chunkRows;
      chunk = newChunk(chunkRows);
    }
    // Reading and checking run on promise continuations; a real turn of the event loop lets the socket work.
    if (pending) await new Promise((resolve) => setImmediate(resolve));
  }
  if (pending) await pending;
  if (!conflict && !stopped()) {
    if (chunk.n) await send(chunk);
    if (renames.size) await renameCustomers(conn, renames, namedByCode);
  }
  if (bulk && !conflict && !stopped()) {
    // Indexes built once over the sorted rows (in parallel on PostgreSQL): a number repeated in the file stops the
    // unique one here, and the caller's rollback to its savepoint brings back the table as it was, indexes included.
    try {
      const t0 = performance.now();
      await finishBulk(conn, bulk);
      lap("finish bulk", t0);
    } catch (e) {
      if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
      conflict = true;
    }
  }
  return conflict
    ? "conflict"
    : { inserted, customersCreated, frozen: Boolean(bulk?.freeze), firstLoad: Boolean(bulk) };
}

type Bulk = { freeze: boolean; restore: string[] };
const UNIQUE_INDEX = "invoices_customer_number_uq";
const CUSTOMER_CHECK = "invoices_customer_ref_ins";

/**
 * A first load into an empty ledger, as pg_restore does it: indexes are built once after the rows are in, which
 * costs a fraction of keeping them up to date row by row. The unique index on (customer, number) is dropped. When
 * every table that refers to invoices (directly or through another) is empty too, more goes: those tables are
 * truncated (they are empty: nothing is lost), which lets COPY write the rows frozen and visible so no VACUUM has to
 * visit them again, and the per-statement customer check is done once over all rows instead of per COPY. The primary
 * key stays: the import sends the ids itself, in ascending order, so the server only ever appends to it, and it does
 * that while Node is still reading the file rather than at the end.
 * All of it inside the caller's savepoint: a failure rolls back to the table as it was. Null when the ledger
 * already has invoices: then the indexes check each row as it comes.
 */
async function startBulk(conn: Connection): Promise<Bulk | null> {
  const db = conn.db;
  const [state] = await queryRows<{ empty: boolean; def: string | null }>(
    db,
    sql`select not exists (select 1 from invoices) as empty,
      (select indexdef from pg_indexes where schemaname = current_schema() and indexname = ${UNIQUE_INDEX}) as def`,
  );
  if (!state?.empty || !state.def) return null;
  const referring = await queryRows<{ t: string }>(
    db,
    sql`with recursive r(t) as (
        select conrelid from pg_constraint where confrelid = 'invoices'::regclass and contype = 'f'
        union select c.conrelid from pg_constraint c join r on c.confrelid = r.t where c.contype = 'f')
      select distinct t::regclass::text as t from r where t <> 'invoices'::regclass`,
  );
  let freeze = true;
  for (const { t } of referring) {
    const [x] = await queryRows<{ empty: boolean }>(db, sql.raw(`select not exists (select 1 from ${t}) as empty`));
    if (!x?.empty) freeze = false;
  }
  const restore: string[] = [];
  if (freeze) {
    await db.execute(sql.raw(`truncate invoices${referring.map(({ t }) => `, ${t}`).join("")}`));
    await db.execute(sql.raw(`alter table invoices disable trigger ${CUSTOMER_CHECK}`));
    restore.push(`alter table invoices enable trigger ${CUSTOMER_CHECK}`);
  }
  await db.execute(sql.raw(`drop index ${UNIQUE_INDEX}`));
  restore.push(state.def);
  return { freeze, restore };
}

/** Puts back what startBulk took away; then checks in one pass what the customer trigger checked per COPY. */
async function finishBulk(conn: Connection, bulk: Bulk): Promise<void> {
  await conn.db.execute(sql`set local maintenance_work_mem = '256MB'`);
  for (const statement of bulk.restore) {
    const t0 = performance.now();
    await conn.db.execute(sql.raw(statement));
    lap(statement.slice(0, 60), t0);
  }
  const [missing] = await queryRows<{ customer_id: string }>(
    conn.db,
    sql`select i.customer_id from invoices i where not exists (select 1 from customers c where c.id = i.customer_id)
      limit 1`,
  );
  if (missing) throw new Error(`invoices references customer ${missing.customer_id}, which does not exist`);
}

/**
 * Rows waiting for their COPY, in file order, kept in a few large objects rather than many small ones (the garbage
 * collector would otherwise carry every row through its generations): `customer` holds the customer id, or -(k+1)
 * for the k-th customer new in this chunk; `bytes` holds each row's COPY line after the customer id, up to `ends`.
 */
type Chunk = {
  n: number;
  customer: Float64Array;
  ends: Int32Array;
  bytes: Buffer;
  size: number;
  /** Customers not known yet: code -> k, and code -> the first name a row gave ("" when none). */
  newIndex: Map<string, number>;
  names: Map<string, string>;
};
const newChunk = (rows: number): Chunk => ({
  n: 0,
  customer: new Float64Array(rows + BATCH_SLACK),
  ends: new Int32Array(rows + BATCH_SLACK),
  bytes: Buffer.allocUnsafe(rows * 64),
  size: 0,
  newIndex: new Map(),
  names: new Map(),
});
/** A chunk fills up to `chunkRows` plus the rest of a batch of rows. */
const BATCH_SLACK = 10_000;
function grow(chunk: Chunk) {
  const customer = new Float64Array(chunk.customer.length * 2);
  customer.set(chunk.customer);
  chunk.customer = customer;
  const ends = new Int32Array(chunk.ends.length * 2);
  ends.set(chunk.ends);
  chunk.ends = ends;
}
/** Writes the lines of rows `from`.. (`text`, with `ends` counted in characters from its start) as UTF-8 bytes. */
function writeTails(chunk: Chunk, from: number, text: string) {
  const base = chunk.size;
  if (base + text.length * 3 > chunk.bytes.length) growBytes(chunk, text.length * 3);
  const written = chunk.bytes.write(text, base);
  if (written === text.length) {
    // ASCII only (the usual case): characters are bytes.
    for (let i = from; i < chunk.n; i++) chunk.ends[i] = base + (chunk.ends[i] as number);
  } else {
    let at = base;
    let start = 0;
    for (let i = from; i < chunk.n; i++) {
      const end = chunk.ends[i] as number;
      at += Buffer.byteLength(text.slice(start, end));
      start = end;
      chunk.ends[i] = at;
    }
  }
  chunk.size = base + written;
}
function growBytes(chunk: Chunk, atLeast: number) {
  const bytes = Buffer.allocUnsafe(Math.max(chunk.bytes.length * 2, chunk.size + atLeast));
  chunk.bytes.copy(bytes, 0, 0, chunk.size);
  chunk.bytes = bytes;
}

const OUT = 1 << 20;

/** Writes the decimal digits of a non-negative integer at `pos`; returns the position after them. */
function writeDigits(out: Buffer, pos: number, n: number): number {
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  let x = n;
  for (let k = pos + digits - 1; k >= pos; k--) {
    out[k] = 48 + (x % 10);
    x = Math.floor(x / 10);
  }
  return pos + digits;
}

/**
 * The chunk's COPY text with rows ordered by customer (file order within a customer). The unique index on
 * (customer_id, number) takes rows in key order at about twice the speed of rows in file order.
 */
function* sortedText(chunk: Chunk, ids: Map<string, number>, firstId: number | null): Generator<Uint8Array> {
  const n = chunk.n;
  const created = new Float64Array(chunk.newIndex.size);
  for (const [code, k] of chunk.newIndex) created[k] = ids.get(code) as number;
  // customer id * 2^21 + row: one number that sorts by customer, then by position (chunks stay under 2^21 rows).
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = chunk.customer[i] as number;
    keys[i] = (c < 0 ? (created[-c - 1] as number) : c) * 2_097_152 + i;
  }
  keys.sort();
  let out = Buffer.allocUnsafe(OUT + 4096);
  let pos = 0;
  for (let k = 0; k < n; k++) {
    const key = keys[k] as number;
    const i = key % 2_097_152;
    const from = i ? (chunk.ends[i - 1] as number) : 0;
    const to = chunk.ends[i] as number;
    if (pos + 40 + to - from > out.length) {
      yield out.subarray(0, pos);
      out = Buffer.allocUnsafe(Math.max(OUT + 4096, 40 + to - from));
      pos = 0;
    }
    if (firstId !== null) {
      pos = writeDigits(out, pos, firstId + k);
      out[pos++] = 9; // tab
    }
    pos = writeDigits(out, pos, (key - i) / 2_097_152);
    // Rows are short: a loop beats a call into Buffer.copy for each.
    const bytes = chunk.bytes;
    for (let j = from; j < to; j++) out[pos++] = bytes[j] as number;
    if (pos >= OUT) {
      yield out.subarray(0, pos);
      out = Buffer.allocUnsafe(OUT + 4096);
      pos = 0;
    }
  }
  if (pos) yield out.subarray(0, pos);
}

/**
 * Takes `n` invoice ids from the table's identity sequence in one call; returns the first. Only while the import
 * holds the table's exclusive lock (a first load): nobody else can draw ids in between.
 */
async function reserveIds(conn: Connection, n: number): Promise<number> {
  const [r] = await queryRows<{ first: string }>(
    conn.db,
    sql`select setval(s, nextval(s) + ${n - 1}) - ${n - 1} as first
        from (select pg_get_serial_sequence('invoices', 'id')::regclass as s) q`,
  );
  return Number(r?.first);
}

async function renameCustomers(conn: Connection, renames: Map<string, string>, namedByCode: Set<string>) {
  const codes = [...renames.keys()];
  await conn.db.execute(
    sql`update customers c set name = n.name
        from unnest(${copyArray(codes)}::text[], ${copyArray(codes.map((c) => renames.get(c) as string))}::text[]) as n(code, name)
        where c.code = n.code`,
  );
  for (const c of codes) namedByCode.delete(c);
  renames.clear();
}

/**
 * Creates the customers in `named` that `ids` does not know (named by code when no row gave a name) and adds every
 * one of them to `ids`. Returns the codes it created.
 */
async function createCustomers(
  conn: Connection,
  ids: Map<string, number>,
  named: Map<string, string>,
): Promise<string[]> {
  const missing = [...named.keys()].filter((c) => !ids.has(c));
  const created: string[] = [];
  for (let i = 0; i < missing.length; i += CUSTOMER_BATCH) {
    const codes = missing.slice(i, i + CUSTOMER_BATCH);
    const rows = await queryRows<{ id: string; code: string }>(
      conn.db,
      sql`insert into customers (code, name)
          select * from unnest(${copyArray(codes)}::text[], ${copyArray(codes.map((c) => named.get(c) || c))}::text[])
          on conflict (code) do nothing returning id, code`,
    );
    for (const r of rows) {
      ids.set(r.code, Number(r.id));
      created.push(r.code);
    }
    if (rows.length < codes.length) {
      // Created meanwhile by another import: use theirs.
      const taken = codes.filter((c) => !ids.has(c));
      for (const r of await queryRows<{ id: string; code: string }>(
        conn.db,
        sql`select id, code from customers where code = any(${copyArray(taken)}::text[])`,
      )) {
        ids.set(r.code, Number(r.id));
      }
    }
  }
  return created;
}
