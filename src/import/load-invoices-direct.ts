// The fast path for invoice imports: new invoices go straight into the invoices table with COPY, in chunks of rows.
// Before a chunk's COPY the customers it names are created; while the server stores one chunk the next is read.
// If any invoice already exists, or the file repeats one, the unique index stops the COPY and the caller rolls
// back to a savepoint and takes the staging path, which updates existing rows and names duplicate rows.
import { sql } from "drizzle-orm";
import { copyArray, copyField } from "../db/copy-text.ts";
import type { Connection } from "../db/database.ts";
import { pgErrorCode, UNIQUE_VIOLATION } from "../db/pg-error.ts";
import { queryRows } from "../db/query-rows.ts";
import { DIRECT_OPTIONAL, type DirectBatch } from "./direct-batch.ts";

export type DirectResult =
  | { inserted: number; customersCreated: number; frozen: boolean; firstLoad: boolean }
  | "conflict";

/** Rows per COPY statement: the customers they name are created before it. */
const CHUNK = 100_000;
/** Chunks read ahead of the server at most. */
const QUEUED_CHUNKS = 2;
/** How many customers one INSERT creates. */
const CUSTOMER_BATCH = 50_000;
const timing = process.env.HUIKUAN_DEBUG?.includes("timing");
/** With HUIKUAN_DEBUG=timing: how long a step of the import took, on stderr. */
export const lap = (label: string, t0: number) => {
  if (timing) console.error(`[import] ${label}: ${(performance.now() - t0).toFixed(0)} ms`);
};

/**
 * `batches` yields the file's valid rows (see direct-batch.ts) and ends early when a row has a problem, which
 * `stopped()` then tells (nothing more is written and the caller refuses the file). `mapped` names the fields the
 * file has. Returns "conflict" when the staging path must take over.
 */
export async function loadInvoicesDirect(
  conn: Connection,
  batches: AsyncIterable<DirectBatch>,
  mapped: readonly string[],
  stopped: () => boolean,
  chunkRows = CHUNK,
): Promise<DirectResult> {
  const ids = new Map<string, number>();
  for (const r of await queryRows<{ code: string; id: string }>(conn.db, sql`select code, id from customers`)) {
    ids.set(r.code, Number(r.id));
  }
  const optional = DIRECT_OPTIONAL.filter((f) => mapped.includes(f));
  const columns = ["customer_id", "number", "issue_date", "due_date", "amount", "currency", ...optional];
  /** Per customer ordinal (see DirectBatch): its code, its name so far, and its id once it exists (0 before). */
  const codes: string[] = [];
  const names: string[] = [];
  let idOf = new Float64Array(1024);

  let inserted = 0;
  let customersCreated = 0;
  let conflict = false;
  /** Decided at the first COPY: a big load into an empty ledger builds the unique index once, at the end. */
  let bulk: Bulk | null | undefined;
  /** Ordinals of customers this import created (or is creating) by code alone, because no row so far gave a name. */
  const namedByCode = new Set<number>();
  /** Names found later for those, by code: applied before the next chunk. */
  const renames = new Map<string, string>();

  /** `full`: the chunk filled up (rather than ending the file). */
  const send = async (chunk: Chunk, full: boolean) => {
    const create = chunk.create;
    for (const ord of create) if (!names[ord]) namedByCode.add(ord);
    // A first chunk that filled up means a big file.
    if (bulk === undefined) bulk = full ? await startBulk(conn, ids.size) : null;
    if (renames.size) await renameCustomers(conn, renames);
    if (create.length) {
      const tc = performance.now();
      const created = await (bulk?.customers ? copyCustomers : createCustomers)(
        conn,
        ids,
        create.map((ord) => codes[ord] as string),
        create.map((ord) => names[ord] || (codes[ord] as string)),
      );
      lap(`create ${created.size} customers`, tc);
      customersCreated += created.size;
      for (const ord of create) {
        const code = codes[ord] as string;
        idOf[ord] = ids.get(code) as number;
        // Another import's customer: its name is not this file's to give.
        if (!created.has(code) && namedByCode.delete(ord)) renames.delete(code);
      }
    }
    try {
      const t0 = performance.now();
      // In a first load the table is locked to this import, so it can take a block of ids at once and send them,
      // which spares the server a call to the id sequence for every row.
      const firstId = bulk ? await reserveIds(conn, "invoices", chunk.n) : null;
      // Without the unique index (a first load) file order is as good as any, and spares the sort.
      const text = copyText(chunk, idOf, firstId, !bulk);
      await conn.copyIn("invoices", firstId === null ? columns : ["id", ...columns], text, {
        freeze: bulk?.freeze,
      });
      lap(`copy ${chunk.n} rows`, t0);
      inserted += chunk.n;
    } catch (e) {
      if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
      conflict = true;
    }
  };

  // The first chunk is smaller, so the server starts on it while the rest is read.
  let target = Math.max(1, Math.min(chunkRows, Math.ceil(chunkRows / 5)));
  let chunk = newChunk(target);
  // Up to two chunks wait for the server while the next is read: the first ones create most of the customers and
  // take the server longer than reading them takes, the later ones the other way round.
  const queued: Promise<void>[] = [];
  let last: Promise<void> = Promise.resolve();
  for await (const b of batches) {
    if (conflict || stopped()) break;
    for (let j = 0; j < b.newCodes.length; j++) {
      const ord = b.firstOrdinal + j;
      const code = b.newCodes[j] as string;
      codes[ord] = code;
      names[ord] = b.newNames[j] as string;
      if (ord >= idOf.length) {
        const grown = new Float64Array(idOf.length * 2);
        grown.set(idOf);
        idOf = grown;
      }
      const id = ids.get(code);
      if (id === undefined) chunk.create.push(ord);
      else idOf[ord] = id;
    }
    for (const [ord, name] of b.lateNames) {
      names[ord] = name;
      // Already sent for creation without a name: it gets this one before the next chunk.
      if (namedByCode.delete(ord)) renames.set(codes[ord] as string, name);
    }
    appendBatch(chunk, b, idOf);
    if (chunk.n >= target) {
      const tw = performance.now();
      while (queued.length >= QUEUED_CHUNKS) await queued.shift();
      lap("wait for the server", tw);
      if (conflict) break;
      const full = chunk;
      last = last.then(() => (conflict ? undefined : send(full, true)));
      last.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
      queued.push(last);
      target = chunkRows;
      chunk = newChunk(chunkRows);
    }
    // Reading and checking run on promise continuations; a real turn of the event loop lets the socket work.
    if (queued.length) await new Promise((resolve) => setImmediate(resolve));
  }
  await last;
  if (!conflict && !stopped()) {
    if (chunk.n) await send(chunk, false);
    if (renames.size) await renameCustomers(conn, renames);
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
    : {
        inserted,
        customersCreated,
        frozen: Boolean(bulk?.freeze),
        firstLoad: Boolean(bulk),
      };
}

/** `customers`: the customers table was empty and is locked to the import, so new customers go in by COPY. */
type Bulk = { freeze: boolean; customers: boolean; restore: string[] };
const UNIQUE_INDEX = "invoices_customer_number_uq";
const CUSTOMER_CHECK = "invoices_customer_ref_ins";

/**
 * A first load into an empty ledger, as pg_restore does it: indexes are built once after the rows are in, which
 * costs a fraction of keeping them up to date row by row. The invoices' indexes are dropped (the unique one on
 * (customer, number) and the FIFO one aging reads). When
 * every table that refers to invoices (directly or through another) is empty too, more goes: those tables are
 * truncated (they are empty: nothing is lost), which lets COPY write the rows frozen and visible so no VACUUM has to
 * visit them again, and the per-statement customer check is done once over all rows instead of per COPY. The primary
 * key stays: the import sends the ids itself, in ascending order, so the server only ever appends to it, and it does
 * that while Node is still reading the file rather than at the end.
 * All of it inside the caller's savepoint: a failure rolls back to the table as it was. Null when the ledger
 * already has invoices: then the indexes check each row as it comes.
 */
async function startBulk(conn: Connection, knownCustomers: number): Promise<Bulk | null> {
  const db = conn.db;
  const [state] = await queryRows<{ empty: boolean; def: string | null }>(
    db,
    sql`select not exists (select 1 from invoices) as empty,
      (select indexdef from pg_indexes where schemaname = current_schema() and indexname = ${UNIQUE_INDEX}) as def`,
  );
  if (!state?.empty || !state.def) return null;
  const referring = await referrers(conn, "invoices");
  const freeze = await allEmpty(conn, referring);
  const restore: string[] = [];
  if (freeze) {
    await db.execute(sql.raw(`truncate ${["invoices", ...referring].join(", ")}`));
    await db.execute(sql.raw(`alter table invoices disable trigger ${CUSTOMER_CHECK}`));
    restore.push(`alter table invoices enable trigger ${CUSTOMER_CHECK}`);
    restore.push(...(await dropIndexes(conn, "invoices")));
    // With no customers at all, they go in by COPY too, with ids sent and their own indexes (all but the primary
    // key, which those ids need) built once at the end. The table is locked to this import first; empty then, it
    // stays empty for anyone else until the import ends.
    let customers = false;
    if (knownCustomers === 0) {
      await db.execute(sql`lock table customers in access exclusive mode`);
      customers = await allEmpty(conn, ["customers"]);
    }
    if (customers) restore.push(...(await dropIndexes(conn, "customers")));
    return { freeze, customers, restore };
  }
  restore.push(...(await dropIndexes(conn, "invoices")));
  return { freeze, customers: false, restore };
}

/**
 * Drops the table's indexes that back no constraint (the unique index on invoice numbers is one: a unique index, not
 * a constraint), and returns the statements that build them again.
 */
async function dropIndexes(conn: Connection, table: "invoices" | "customers"): Promise<string[]> {
  const indexes = await queryRows<{ name: string; def: string }>(
    conn.db,
    sql`select quote_ident(i.indexname) as name, i.indexdef as def from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = ${table}
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype in ('p', 'u', 'x'))
      order by i.indexname`,
  );
  for (const ix of indexes) await conn.db.execute(sql.raw(`drop index ${ix.name}`));
  return indexes.map((ix) => ix.def);
}

/** Every table whose foreign keys lead to `table`, directly or through others. */
async function referrers(conn: Connection, table: string): Promise<string[]> {
  const rows = await queryRows<{ t: string }>(
    conn.db,
    sql`with recursive r(t) as (
        select conrelid from pg_constraint where confrelid = ${table}::regclass and contype = 'f'
        union select c.conrelid from pg_constraint c join r on c.confrelid = r.t where c.contype = 'f')
      select distinct t::regclass::text as t from r where t <> ${table}::regclass`,
  );
  return rows.map((r) => r.t);
}

/** Whether every one of `tables` is empty, in one round trip. */
async function allEmpty(conn: Connection, tables: readonly string[]): Promise<boolean> {
  if (!tables.length) return true;
  const [x] = await queryRows<{ empty: boolean }>(
    conn.db,
    sql.raw(`select ${tables.map((t) => `not exists (select 1 from ${t})`).join(" and ")} as empty`),
  );
  return Boolean(x?.empty);
}

async function finishBulk(conn: Connection, bulk: Bulk): Promise<void> {
  await conn.db.execute(sql`set local maintenance_work_mem = '256MB'`);
  for (const statement of bulk.restore) {
    const t0 = performance.now();
    await conn.db.execute(sql.raw(statement));
    lap(statement.slice(0, 60), t0);
  }
  // Customers created by this import into a table locked to it: every id it sent is one of them.
  if (bulk.customers) return;
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
  /** Ordinals of the customers to create before this chunk's COPY. */
  create: number[];
};
const newChunk = (rows: number): Chunk => ({
  n: 0,
  customer: new Float64Array(rows + BATCH_SLACK),
  ends: new Int32Array(rows + BATCH_SLACK),
  bytes: Buffer.allocUnsafe(rows * 64),
  size: 0,
  create: [],
});
/** A chunk fills up to `chunkRows` plus the rest of a batch of rows. */
const BATCH_SLACK = 10_000;

/** Adds a batch's rows: customer id when known, else -(ordinal + 1), resolved when the COPY text is made. */
function appendBatch(chunk: Chunk, b: DirectBatch, idOf: Float64Array) {
  const need = chunk.n + b.n;
  if (need > chunk.ends.length) {
    const size = Math.max(need, chunk.ends.length * 2);
    const customer = new Float64Array(size);
    customer.set(chunk.customer.subarray(0, chunk.n));
    chunk.customer = customer;
    const ends = new Int32Array(size);
    ends.set(chunk.ends.subarray(0, chunk.n));
    chunk.ends = ends;
  }
  if (chunk.size + b.lines.length > chunk.bytes.length) growBytes(chunk, b.lines.length);
  chunk.bytes.set(b.lines, chunk.size);
  const base = chunk.size;
  for (let i = 0; i < b.n; i++) {
    const ord = b.ordinals[i] as number;
    const id = idOf[ord] as number;
    chunk.customer[chunk.n + i] = id > 0 ? id : -(ord + 1);
    chunk.ends[chunk.n + i] = base + (b.ends[i] as number);
  }
  chunk.n = need;
  chunk.size += b.lines.length;
}
function growBytes(chunk: Chunk, atLeast: number) {
  const bytes = Buffer.allocUnsafe(Math.max(chunk.bytes.length * 2, chunk.size + atLeast));
  chunk.bytes.copy(bytes, 0, 0, chunk.size);
  chunk.bytes = bytes;
}

const OUT = 1 << 20;

/** Writes the decimal digits of a non-negative integer at `pos`; returns the position after them. */
function writeDigits(out: Buffer, pos: number, n: number): number {
  if (n >= 2_147_483_648) {
    return pos + out.write(String(n), pos, "latin1");
  }
  // Small integers (every id so far): integer division by bit operations.
  let digits = 1;
  for (let x = n; x >= 10; x = (x / 10) | 0) digits++;
  let x = n;
  for (let k = pos + digits - 1; k >= pos; k--) {
    const q = (x / 10) | 0;
    out[k] = 48 + x - q * 10;
    x = q;
  }
  return pos + digits;
}

/**
 * The chunk's COPY text, `byCustomer`: with rows ordered by customer (file order within a customer), since the unique
 * index on (customer_id, number) takes rows in key order at about twice the speed of rows in file order.
 */
function* copyText(
  chunk: Chunk,
  idOf: Float64Array,
  firstId: number | null,
  byCustomer: boolean,
): Generator<Uint8Array> {
  const n = chunk.n;
  // customer id * 2^21 + row: one number that sorts by customer, then by position (chunks stay under 2^21 rows).
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = chunk.customer[i] as number;
    keys[i] = (c < 0 ? (idOf[-c - 1] as number) : c) * 2_097_152 + i;
  }
  if (byCustomer) keys.sort();
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
async function reserveIds(conn: Connection, table: "invoices" | "customers", n: number): Promise<number> {
  const [r] = await queryRows<{ first: string }>(
    conn.db,
    sql`select setval(s, nextval(s) + ${n - 1}) - ${n - 1} as first
        from (select pg_get_serial_sequence(${table}, 'id')::regclass as s) q`,
  );
  return Number(r?.first);
}

/**
 * createCustomers for a first load into an empty customers table locked to this import: nobody else can add one
 * until it ends, and the codes are distinct, so they go in by COPY with ids taken in one block. Returns the codes.
 */
async function copyCustomers(
  conn: Connection,
  ids: Map<string, number>,
  codes: string[],
  names: string[],
): Promise<Set<string>> {
  const first = await reserveIds(conn, "customers", codes.length);
  let text = "";
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as string;
    text += `${first + i}\t${copyField(code)}\t${copyField(names[i] as string)}\n`;
    ids.set(code, first + i);
  }
  await conn.copyIn("customers", ["id", "code", "name"], [text]);
  return new Set(codes);
}

async function renameCustomers(conn: Connection, renames: Map<string, string>) {
  const codes = [...renames.keys()];
  await conn.db.execute(
    sql`update customers c set name = n.name
        from unnest(${copyArray(codes)}::text[], ${copyArray(codes.map((c) => renames.get(c) as string))}::text[]) as n(code, name)
        where c.code = n.code`,
  );
  renames.clear();
}

/**
 * Creates the customers `codes` (with `names`) that `ids` does not know and adds every one of them to `ids` (one
 * another import created meanwhile too, with its id). Returns the codes this call created.
 */
async function createCustomers(
  conn: Connection,
  ids: Map<string, number>,
  codes: string[],
  names: string[],
): Promise<Set<string>> {
  const created = new Set<string>();
  for (let i = 0; i < codes.length; i += CUSTOMER_BATCH) {
    const some = codes.slice(i, i + CUSTOMER_BATCH);
    const rows = await queryRows<{ id: string; code: string }>(
      conn.db,
      sql`insert into customers (code, name)
          select * from unnest(${copyArray(some)}::text[], ${copyArray(names.slice(i, i + CUSTOMER_BATCH))}::text[])
          on conflict (code) do nothing returning id, code`,
    );
    for (const r of rows) {
      ids.set(r.code, Number(r.id));
      created.add(r.code);
    }
    if (rows.length < some.length) {
      // Created meanwhile by another import: use theirs.
      const taken = some.filter((c) => !ids.has(c));
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
