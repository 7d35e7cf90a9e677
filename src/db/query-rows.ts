import { type SQL, sql } from "drizzle-orm";
import type { Connection, Database, Db } from "./database.ts";
import { recordFields } from "./record-text.ts";

/** Raw rows of a query. Both drivers give dates and 64-bit integers as strings (see connect.ts). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Runs a query through a cursor and hands its rows over in batches, so a million-row result never sits in
 * memory at once. Works the same on PGlite and PostgreSQL (DECLARE/FETCH inside one transaction).
 */
export async function forEachBatch<T>(
  database: Database,
  query: SQL,
  onBatch: (rows: T[]) => void | Promise<void>,
  batchSize = 10_000,
): Promise<void> {
  await database.transaction(async (conn) => {
    await conn.db.execute(sql`declare huikuan_cursor no scroll cursor for ${query}`);
    while (true) {
      const rows = await queryRows<T>(conn.db, sql.raw(`fetch ${batchSize} from huikuan_cursor`));
      if (rows.length) await onBatch(rows);
      if (rows.length < batchSize) break;
    }
    await conn.db.execute(sql`close huikuan_cursor`);
  });
}

/**
 * The rows of a query of many rows and columns, cheaply: the driver hands over arrays, and each row is a view that
 * reads its columns by name from its array (one small object per row instead of one with a property per column,
 * which costs several times as much to build and to collect). Read-only; `T` names the columns.
 */
export async function queryViews<T>(conn: Connection, query: SQL): Promise<T[]> {
  const { columns, rows } = await conn.queryArrays(query);
  const View = viewOf(columns);
  const views = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) views[i] = new View(rows[i] as unknown[]) as T;
  return views;
}

/**
 * The rows of a query in batches of `size` views (see queryViews), inside the caller's transaction: through a cursor
 * on PostgreSQL, so a batch's rows are gone before the next arrives; on PGlite, which runs in this thread and
 * answers each FETCH more slowly than one query, read at once and handed over in slices.
 */
export async function* viewBatches<T>(conn: Connection, query: SQL, size: number): AsyncGenerator<T[]> {
  if (conn.dialect === "pglite") {
    // Each row as one text (PostgreSQL's text form of a row value): PGlite hands results over through its wire
    // protocol, parsed in JavaScript field by field, which for the daily run's facts (40,000 rows of 50 columns)
    // took 2 s; as one text per row, split by recordFields and each value read by the driver's own parser for its
    // column's type, a fraction of that. (As JSON instead, PostgreSQL takes
    // twice as long to write it.) The columns and their types come from the same query with no rows.
    const { columns, types } = await conn.queryArrays(sql`select * from (${query}) huikuan_row limit 0`);
    const View = viewOf(columns);
    const parsers = types.map((t) => conn.textParser(t));
    const { rows } = await conn.queryArrays(sql`select huikuan_row::text from (${query}) huikuan_row`);
    const all = new Array<T>(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const fields: unknown[] = recordFields(rows[k]?.[0] as string, columns.length);
      for (let i = 0; i < fields.length; i++) {
        const v = fields[i];
        if (v !== null) fields[i] = (parsers[i] as (text: string) => unknown)(v as string);
      }
      all[k] = new View(fields) as T;
    }
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
    return;
  }
  // A cursor is planned for its first rows unless told it is read to the end.
  await conn.db.execute(sql`set local cursor_tuple_fraction = 1`);
  await conn.db.execute(sql`declare huikuan_view_batches no scroll cursor for ${query}`);
  for (;;) {
    const rows = await queryViews<T>(conn, sql.raw(`fetch ${size} from huikuan_view_batches`));
    if (rows.length) yield rows;
    if (rows.length < size) break;
  }
  await conn.db.execute(sql`close huikuan_view_batches`);
}

type ViewClass = new (values: unknown[]) => object;
const views = new Map<string, ViewClass>();

/** One class per column list, with a getter per column. */
function viewOf(columns: string[]): ViewClass {
  const key = columns.join("\u0000");
  let View = views.get(key);
  if (!View) {
    class RowView {
      constructor(readonly values: unknown[]) {}
    }
    columns.forEach((name, i) => {
      Object.defineProperty(RowView.prototype, name, {
        get(this: RowView) {
          return this.values[i];
        },
        enumerable: true,
      });
    });
    View = RowView;
    views.set(key, View);
  }
  return View;
}
