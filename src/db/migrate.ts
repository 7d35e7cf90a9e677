import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Database } from "./database.ts";

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");
/** Advisory lock keys: fixed numbers, one per kind of exclusive work. */
export const LOCKS = { migrate: 7_402_118 } as const;

/** Applies pending migrations; several processes starting together apply them once. */
export async function migrate(database: Database): Promise<void> {
  await database.withLock(LOCKS.migrate, async (db) => {
    if (database.dialect === "pglite") {
      await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    } else {
      await migratePg(db as unknown as NodePgDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    }
  });
}
