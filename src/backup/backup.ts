// Logical backup and restore that work the same on PGlite and PostgreSQL, and between them: every table's rows as
// PostgreSQL COPY text (each value cast to text, so nothing is lost to a driver's parsing), gzip-compressed, with a
// header naming the schema version. A restore goes into an empty, migrated database of the same schema version,
// in foreign-key order, then moves each identity sequence past the restored ids and checks the audit chain.

import { once } from "node:events";
import fs from "node:fs";
import readline from "node:readline";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { verifyAudit } from "../audit/verify-audit.ts";
import { copyField } from "../db/copy-text.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";

const FORMAT = "huikuan-backup";
/** Sign-in state is not data worth keeping: sessions and throttling counters start empty after a restore. */
const SKIPPED = new Set(["sessions", "login_failures"]);

type Table = { name: string; columns: string[] };
export type BackupSummary = { file: string; tables: { name: string; rows: number }[]; schemaVersion: string };

async function schemaVersion(database: Database): Promise<string> {
  const [row] = await queryRows<{ hash: string | null; n: number }>(
    database.db,
    sql`select (select hash from drizzle.__drizzle_migrations order by id desc limit 1) as hash,
          (select count(*)::int from drizzle.__drizzle_migrations) as n`,
  );
  return `${row?.n}:${row?.hash ?? ""}`;
}

/**
 * The tables of the public schema, parents before children (by foreign keys), with their columns in order.
 * Generated columns are left out: the database computes them again on restore.
 */
async function tablesInOrder(database: Database): Promise<Table[]> {
  const cols = await queryRows<{ table_name: string; column_name: string }>(
    database.db,
    sql`select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
        order by c.table_name, c.ordinal_position`,
  );
  const fks = await queryRows<{ child: string; parent: string }>(
    database.db,
    sql`select distinct cl.relname as child, pa.relname as parent from pg_constraint k
        join pg_class cl on cl.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
        join pg_namespace n on n.oid = cl.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and cl.relname <> pa.relname`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of cols) {
    if (SKIPPED.has(c.table_name)) continue;
    let list = byTable.get(c.table_name);
    if (!list) {
      list = [];
      byTable.set(c.table_name, list);
    }
    list.push(c.column_name);
  }
  const ordered: Table[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name) || !byTable.has(name)) return;
    path.add(name);
    for (const fk of fks) if (fk.child === name) visit(fk.parent, path);
    done.add(name);
    ordered.push({ name, columns: byTable.get(name) as string[] });
  };
  for (const name of [...byTable.keys()].sort()) visit(name, new Set());
  return ordered;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function backupDatabase(
  database: Database,
  file: string,
  onTable?: (name: string, rows: number) => void,
): Promise<BackupSummary> {
  const tables = await tablesInOrder(database);
  const version = await schemaVersion(database);
  const gzip = createGzip();
  const out = fs.createWriteStream(file);
  gzip.pipe(out);
  const write = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, "drain");
  };
  await write(
    `${JSON.stringify({ format: FORMAT, version: 1, schemaVersion: version, createdAt: new Date().toISOString() })}\n`,
  );
  const summary: BackupSummary = { file, tables: [], schemaVersion: version };
  // One snapshot for all tables: a backup taken while people work is still consistent.
  await database.transaction(async (conn) => {
    await conn.db.execute(sql`set transaction isolation level repeatable read, read only`);
    for (const t of tables) {
      await write(`\\table ${t.name} ${t.columns.join(",")}\n`);
      let rows = 0;
      await conn.db.execute(
        sql.raw(
          `declare backup_cursor no scroll cursor for select ${t.columns.map((c) => `${ident(c)}::text as ${ident(c)}`).join(", ")} from ${ident(t.name)}`,
        ),
      );
      while (true) {
        const batch = await queryRows<Record<string, string | null>>(
          conn.db,
          sql.raw("fetch 10000 from backup_cursor"),
        );
        let text = "";
        for (const r of batch) text += `${t.columns.map((c) => copyField(r[c] ?? null)).join("\t")}\n`;
        rows += batch.length;
        if (text) await write(text);
        if (batch.length < 10000) break;
      }
      await conn.db.execute(sql`close backup_cursor`);
      await write("\\.\n");
      summary.tables.push({ name: t.name, rows });
      onTable?.(t.name, rows);
    }
  });
  gzip.end();
  await once(out, "finish");
  return summary;
}

export async function restoreDatabase(
  database: Database,
  file: string,
  onTable?: (name: string, rows: number) => void,
): Promise<BackupSummary & { auditRows: number }> {
  if (!fs.existsSync(file)) throw new AppError("invalid_input", msg`no backup file ${file}`);
  const [used] = await queryRows<{ n: number }>(
    database.db,
    sql`select (select count(*) from customers) + (select count(*) from users) + (select count(*) from audit_log) as n`,
  );
  if (Number(used?.n) > 0) {
    throw new AppError("conflict", msg`restore needs an empty database (this one has customers, users or audit rows)`);
  }
  const known = new Map((await tablesInOrder(database)).map((t) => [t.name, t]));
  const version = await schemaVersion(database);
  const lines = readline.createInterface({
    input: fs.createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  let header: { format?: string; schemaVersion?: string };
  try {
    header = JSON.parse(first.value ?? "");
  } catch {
    throw new AppError("invalid_input", msg`${file} is not a Huikuan backup`);
  }
  if (header.format !== FORMAT) throw new AppError("invalid_input", msg`${file} is not a Huikuan backup`);
  if (header.schemaVersion !== version) {
    throw new AppError(
      "conflict",
      msg`the backup was made with schema ${header.schemaVersion}, this database has ${version}: restore with the same Huikuan version`,
    );
  }
  const summary = { file, tables: [] as { name: string; rows: number }[], schemaVersion: version, auditRows: 0 };
  await database.transaction(async (conn) => {
    while (true) {
      const next = await it.next();
      if (next.done) break;
      const line = next.value;
      if (!line) continue;
      const m = /^\\table (\S+) (\S+)$/.exec(line);
      if (!m) throw new AppError("invalid_input", msg`${file}: unexpected line "${line.slice(0, 60)}"`);
      const name = m[1] as string;
      const columns = (m[2] as string).split(",");
      const table = known.get(name);
      if (!table) throw new AppError("invalid_input", msg`${file}: table ${name} does not exist in this schema`);
      let rows = 0;
      async function* body(): AsyncGenerator<string> {
        let buf = "";
        while (true) {
          const r = await it.next();
          if (r.done)
            throw new AppError("invalid_input", msg`${file} ends inside table ${name}: the backup is cut off`);
          if (r.value === "\\.") break;
          buf += `${r.value}\n`;
          rows++;
          if (buf.length > 1 << 20) {
            yield buf;
            buf = "";
          }
        }
        if (buf) yield buf;
      }
      await conn.copyIn(ident(name), columns.map(ident), body());
      // Identity columns continue after the restored ids.
      if (columns.includes("id") && rows > 0) {
        await conn.db.execute(
          sql.raw(
            `select setval(pg_get_serial_sequence('${ident(name)}', 'id'), (select max(id) from ${ident(name)}))`,
          ),
        );
      }
      summary.tables.push({ name, rows });
      onTable?.(name, rows);
    }
  });
  const audit = await verifyAudit(database);
  if (!audit.ok)
    throw new AppError(
      "conflict",
      msg`restored, but the audit chain is broken at row ${audit.brokenAt}: ${audit.reason}`,
    );
  summary.auditRows = audit.rows;
  return summary;
}
