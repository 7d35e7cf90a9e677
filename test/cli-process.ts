// The `huikuan` CLI as a child process over a PGlite data folder of its own (one per test file), as a user runs it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import { connect } from "../src/db/connect.ts";
import type { Database } from "../src/db/database.ts";
import { queryRows } from "../src/db/query-rows.ts";

const root = path.resolve(import.meta.dirname, "..");

export function cliInTempDir(label: string) {
  let dir = "";
  /** The environment the CLI runs with (also what a test passes to openDatabase to prepare the same data). */
  const env = () => ({ ...process.env, HUIKUAN_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" });
  return {
    env,
    open: () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), `huikuan-${label}-`));
    },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
    dir: () => dir,
    /** Runs `fn` on the CLI's own data folder (to prepare data or read what a command wrote), then closes it. */
    withDatabase: async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
      const database = await connect({ dataDir: path.join(dir, "data") });
      try {
        return await fn(database);
      } finally {
        await database.close();
      }
    },
    /** The rows of one query on the CLI's data folder. */
    rows: async <T>(q: SQL): Promise<T[]> => {
      const database = await connect({ dataDir: path.join(dir, "data") });
      try {
        return await queryRows<T>(database.db, q);
      } finally {
        await database.close();
      }
    },
    huikuan: (...args: string[]) => {
      const r = spawnSync("node", [path.join(root, "bin/huikuan.js"), ...args], {
        cwd: dir,
        env: env(),
        encoding: "utf8",
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
  };
}
