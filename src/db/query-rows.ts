import { type SQL, sql } from "drizzle-orm";
import type { Database, Db } from "./database.ts";

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
