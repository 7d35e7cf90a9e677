// Keeps customers.name_initials in step with the names. Names are written by many paths (the API, imports by COPY
// and set-based merges, the demo loader), and none of them computes pinyin; instead a partial index holds exactly
// the customers whose name differs from the one their initials were computed from (new or renamed), and this fills
// them in batches before a search reads the column. When nothing is stale, the check is one probe of an empty index.
import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { nameInitials } from "./name-initials.rules.ts";

const BATCH = 5000;
const VACUUM_AFTER = 10_000;
/** One fill at a time per database: concurrent searches after a big import wait for the same one. */
const running = new WeakMap<Db, Promise<number>>();

/** Computes the initials of every new or renamed customer; returns how many were filled. */
export function fillNameInitials(db: Db): Promise<number> {
  const current = running.get(db);
  if (current) return current;
  const fill = fillAll(db).finally(() => running.delete(db));
  running.set(db, fill);
  return fill;
}

async function fillAll(db: Db): Promise<number> {
  const filled = await fillBatches(db);
  // A first fill rewrites every row; PGlite has no autovacuum to reclaim the old versions, which would otherwise
  // double every later scan of the table. Best effort: a busy database is left to do it another time.
  if (filled >= VACUUM_AFTER) await db.execute(sql`vacuum analyze customers`).catch(() => undefined);
  return filled;
}

async function fillBatches(db: Db): Promise<number> {
  let filled = 0;
  for (;;) {
    // The predicate is the partial index's own, so this reads the index, not the table.
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from customers where name_initials_of is distinct from name order by id limit ${BATCH}`,
    );
    if (!rows.length) return filled;
    const values = rows.map((r) => ({ id: r.id, name: r.name, initials: nameInitials(r.name) }));
    // Only where the name is still the one just read: a rename meanwhile stays stale and is taken next round.
    const done = await queryRows<{ id: string }>(
      db,
      sql`update customers c set name_initials = v.initials, name_initials_of = v.name
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(id bigint, name text, initials text)
        where c.id = v.id and c.name = v.name returning c.id`,
    );
    filled += done.length;
    if (rows.length < BATCH || done.length === 0) return filled;
  }
}
