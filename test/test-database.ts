// Each test file opens its own database: PGlite from the migrated snapshot, and (with TEST_DATABASE_URL) a fresh
// PostgreSQL database cloned from the migrated template. Never mocked.
import fs from "node:fs";
import { inject } from "vitest";
import { connect } from "../src/db/connect.ts";
import type { Database, Dialect } from "../src/db/database.ts";
import { adminQuery, withDatabase } from "./global-setup.ts";

export const ENGINES: Dialect[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
let counter = 0;

export async function openTestDatabase(engine: Dialect): Promise<Database> {
  if (engine === "pglite") {
    const snapshot = new Blob([fs.readFileSync(inject("pgliteSnapshot"))]);
    return connect({ loadDataDir: snapshot });
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const template = inject("pgTemplate");
  if (!template) throw new Error("TEST_DATABASE_URL is set but no template database was made");
  const name = `huikuan_t_${inject("runId")}_${process.pid}_${counter++}`;
  await adminQuery(url, `create database ${name} template ${template}`);
  const database = await connect({ databaseUrl: withDatabase(url, name), poolSize: 4 });
  return {
    ...database,
    async close() {
      await database.close();
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
}

let seq = 0;
/** A prefix that keeps one test's rows apart from another's in a shared database. */
export function uniquePrefix(label = "T"): string {
  return `${label}${process.pid.toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}
