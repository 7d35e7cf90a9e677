// Once per `npm test`: a migrated PGlite data dir (initdb costs seconds and a lot of memory, so each test file
// loads this snapshot instead) and, with TEST_DATABASE_URL, a migrated PostgreSQL template database from which
// each test file clones its own database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string | null;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-test-"));
  const snapshot = path.join(dir, "pglite-migrated.tar");
  const lite = await PGlite.create();
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate: migrateLite } = await import("drizzle-orm/pglite/migrator");
  const { MIGRATIONS_FOLDER } = await import("../src/db/migrate.ts");
  await migrateLite(drizzle(lite), { migrationsFolder: MIGRATIONS_FOLDER });
  const dump = await lite.dumpDataDir("none");
  fs.writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
  await lite.close();
  project.provide("pgliteSnapshot", snapshot);
  project.provide("runId", runId);

  const url = process.env.TEST_DATABASE_URL;
  let template: string | null = null;
  if (url) {
    template = `huikuan_tpl_${runId}`;
    await adminQuery(url, `create database ${template}`);
    const tpl = await connect({ databaseUrl: withDatabase(url, template), poolSize: 1 });
    await migrate(tpl);
    await tpl.close();
  }
  project.provide("pgTemplate", template);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (url && template) {
      const rows = await adminQuery(
        url,
        `select datname from pg_database where datname like 'huikuan_t_${runId}_%' or datname = '${template}'`,
      );
      for (const r of rows) await adminQuery(url, `drop database if exists ${r.datname} with (force)`);
    }
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(url: string, text: string): Promise<{ datname: string }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
