// The composition root of the database: the only file that imports a driver.
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { PGlite, types } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { AppError, msg } from "../errors/app-error.ts";
import type { Connection, CopyOptions, Database, Db } from "./database.ts";
import * as schema from "./schema.ts";

export type ConnectOptions = {
  /** postgres://... ; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** Folder for PGlite's files (ignored with databaseUrl). */
  dataDir?: string;
  /** A tarball made by PGlite's dumpDataDir to start from (tests use a migrated snapshot). */
  loadDataDir?: Blob;
  poolSize?: number;
};

// Both engines return dates as 'YYYY-MM-DD' and 64-bit integers as strings, so raw results look the same.
const asText = (v: string) => v;
/** Turns Drizzle's sql`` into text and parameters for the drivers' own query calls. */
const pgDialect = new PgDialect();
pg.types.setTypeParser(pg.types.builtins.DATE, asText);
pg.types.setTypeParser(pg.types.builtins.INT8, asText);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, asText);

function withOptions(options: CopyOptions | undefined): string {
  return options?.freeze ? " WITH (FREEZE)" : "";
}

export async function connect(options: ConnectOptions = {}): Promise<Database> {
  return options.databaseUrl ? connectPostgres(options.databaseUrl, options.poolSize) : connectPglite(options);
}

/** Options from the environment: DATABASE_URL, else PGlite in HUIKUAN_DATA_DIR (default ./data). */
export function connectOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectOptions {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  return { dataDir: dataDirFromEnv(env) };
}

export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.HUIKUAN_DATA_DIR || "data");
}

async function connectPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", () => {}); // an idle client lost its server; the next checkout reconnects
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end();
    throw new AppError("internal", msg`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`);
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    dialect: "postgres",
    description: `PostgreSQL ${redactUrl(url)}`,
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const conn: Connection = {
          db: drizzlePg(client, { schema }) as unknown as Db,
          dialect: "postgres",
          async queryArrays(query) {
            const q = pgDialect.sqlToQuery(query);
            const r = await client.query({ text: q.sql, values: q.params, rowMode: "array" });
            return {
              columns: r.fields.map((f) => f.name),
              types: r.fields.map((f) => f.dataTypeID),
              rows: r.rows as unknown[][],
            };
          },
          textParser: (type) => pg.types.getTypeParser(type, "text"),
          async copyIn(table, columns, chunks, options) {
            // A deep buffer lets the caller keep parsing while the server consumes what was sent.
            const stream = client.query(
              copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN${withOptions(options)}`, {
                highWaterMark: 8 << 20,
              }),
            );
            let bytes = 0;
            // Settles when the server ends the COPY, early on an error (then the rest of the input is not read).
            const done = finished(stream);
            done.catch(() => {}); // awaited below
            try {
              for await (const chunk of chunks) {
                if (stream.destroyed) break;
                bytes += chunk.length;
                if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), done]);
              }
              if (!stream.destroyed) stream.end();
              await done;
            } catch (e) {
              stream.destroy();
              throw e;
            }
            return bytes;
          },
        };
        const result = await fn(conn);
        await client.query("COMMIT");
        return result;
      } catch (e) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async withLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [key]);
        try {
          return await fn(drizzlePg(client, { schema }) as unknown as Db);
        } finally {
          await client.query("select pg_advisory_unlock($1)", [key]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function connectPglite(options: ConnectOptions): Promise<Database> {
  let dataDir: string | undefined;
  let release = () => {};
  if (options.dataDir && !options.loadDataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    release = lockDataDir(options.dataDir);
    dataDir = path.join(options.dataDir, "pg");
  }
  const parsers = { [types.DATE]: asText, [types.INT8]: asText, [types.NUMERIC]: asText };
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir, parsers });
  } catch (e) {
    release();
    throw e;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let lockQueue: Promise<void> = Promise.resolve();
  return {
    db,
    dialect: "pglite",
    description: dataDir ? `PGlite in ${options.dataDir}` : "PGlite in memory",
    transaction(fn) {
      return client.transaction(async (tx) => {
        const conn: Connection = {
          db: drizzlePglite(tx as unknown as PGlite, { schema }) as unknown as Db,
          dialect: "pglite",
          async queryArrays(query) {
            const q = pgDialect.sqlToQuery(query);
            const r = await tx.query<unknown[]>(q.sql, q.params, { rowMode: "array" });
            return { columns: r.fields.map((f) => f.name), types: r.fields.map((f) => f.dataTypeID), rows: r.rows };
          },
          // The instance's parsers: ours, the defaults, and those of the array types it found in the database.
          textParser: (type) => {
            const parse = client.parsers[type];
            return parse ? (text) => parse(text, type) : (text) => text;
          },
          async copyIn(table, columns, chunks, options) {
            // PGlite reads COPY input from a blob; send it in slices so a large file is never held whole.
            let bytes = 0;
            let parts: (string | Uint8Array)[] = [];
            let size = 0;
            const flush = async () => {
              if (!size) return;
              await tx.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'${withOptions(options)}`, [], {
                blob: new Blob(parts as BlobPart[]),
              });
              parts = [];
              size = 0;
            };
            for await (const chunk of chunks) {
              parts.push(chunk);
              size += chunk.length;
              bytes += chunk.length;
              if (size >= 16 << 20) await flush();
            }
            await flush();
            return bytes;
          },
        };
        return fn(conn);
      });
    },
    // One process owns a PGlite folder, so an in-process queue is the whole lock.
    withLock(_key, fn) {
      const run = lockQueue.then(() => fn(db));
      lockQueue = run.then(
        () => {},
        () => {},
      );
      return run;
    },
    async close() {
      await client.close();
      release();
    },
  };
}

/** PGlite is single-process: a second process on the same folder would corrupt it, so say so plainly. */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "huikuan.pid");
  try {
    const pid = Number(fs.readFileSync(file, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new AppError(
        "conflict",
        msg`the data folder ${dir} is in use by another Huikuan process (pid ${pid}); stop it first, or set DATABASE_URL to share a PostgreSQL server`,
      );
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
  }
  fs.writeFileSync(file, String(process.pid));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
    } catch {}
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return `${u.host}${u.pathname}`;
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}
