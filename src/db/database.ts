import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.ts";

export type Schema = typeof schema;
/** The Drizzle handle typed by dialect, not by driver: code outside src/db never knows which engine runs. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Dialect = "pglite" | "postgres";

/**
 * `freeze`: rows go in already frozen and visible (COPY ... WITH (FREEZE)), so nothing has to revisit them; only
 * for a table created or truncated in the current (sub)transaction.
 */
export type CopyOptions = { freeze?: boolean };

/** One connection inside one transaction. */
export type Connection = {
  db: Db;
  dialect: Dialect;
  /**
   * Bulk load with COPY ... FROM in PostgreSQL's text format. `chunks` yields text made of whole lines
   * (use copyLine/copyField from copy-text.ts), or the same as UTF-8 bytes. Returns the number of bytes sent.
   */
  copyIn(
    table: string,
    columns: readonly string[],
    chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
    options?: CopyOptions,
  ): Promise<number>;
  /**
   * A query's rows as arrays, in the order of `columns` (the drivers build no object per row: for results of
   * many rows and columns). Values are parsed as by `db.execute` (dates and 64-bit integers as strings); `types`
   * holds each column's type OID.
   */
  queryArrays(query: SQL): Promise<{ columns: string[]; types: number[]; rows: unknown[][] }>;
  /** How the driver reads the text of a value of this type (type OID), with the parsers set in connect.ts. */
  textParser(type: number): (text: string) => unknown;
};

export type Database = {
  /** Shared handle for single statements and reads. */
  db: Db;
  dialect: Dialect;
  /** Where the data lives, for people ("PGlite in ./data", "PostgreSQL 127.0.0.1:5432/huikuan"). */
  description: string;
  /** Everything `fn` does commits together or not at all. */
  transaction<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection while holding a cluster-wide advisory lock named by `key`, outside any
   * transaction (for work that manages its own transactions, like migrations). Other processes wait.
   */
  withLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};
