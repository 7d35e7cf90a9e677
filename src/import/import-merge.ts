// Set-based checks and merges from a staging table into the ledger. Only columns the file has are written,
// so an invoice file without a "disputed" column never clears a dispute flag set in the app.

import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { pgErrorCode, UNIQUE_VIOLATION } from "../db/pg-error.ts";
import { queryRows } from "../db/query-rows.ts";
import { type MessageText, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { FIELDS, type FieldType, type ImportKind } from "./import-fields.ts";

export const STAGE_TABLE: Record<ImportKind, string> = {
  customers: "stage_customers",
  contacts: "stage_contacts",
  invoices: "stage_invoices",
  payments: "stage_payments",
};
const SQL_TYPE: Record<FieldType, string> = {
  text: "text",
  date: "date",
  amount: "bigint",
  currency: "text",
  boolean: "boolean",
  int: "integer",
  list: "text[]",
  zone: "text",
};

export function stageColumns(kind: ImportKind): string[] {
  return ["row_no", ...FIELDS[kind].map((f) => f.name)];
}

export function createStageSql(kind: ImportKind): SQL {
  const cols = FIELDS[kind].map((f) => `${f.name} ${SQL_TYPE[f.type]}`).join(", ");
  return sql.raw(`create temp table ${STAGE_TABLE[kind]} (row_no integer not null, ${cols}) on commit drop`);
}

/** `linked`: settlement payments and allocations created, changed or removed along with the rows. */
export type Counts = { inserted: number; updated: number; customersCreated?: number; linked?: number };
export type Found = { rowNo: number; field: string; message: MessageText };

const all = queryRows;
async function one<T>(db: Db, query: SQL): Promise<T> {
  const [row] = await all<T>(db, query);
  return row as T;
}
const LIMIT = 1000;

/**
 * Keys that appear more than once in the staged file, with their rows. The keys are found by hashing (no ordered
 * aggregate over the whole file, which would sort every row by text keys); only their rows are then gathered.
 */
function duplicates(table: string, keys: string[]): SQL {
  const k = keys.join(", ");
  return sql.raw(`with d as (select ${k} from ${table} group by ${k} having count(*) > 1 limit ${LIMIT})
    select min(s.row_no) as row_no, array_agg(s.row_no order by s.row_no)::text as rows, ${keys.map((c) => `s.${c}`).join(", ")}
    from ${table} s join d using (${k}) group by ${keys.map((c) => `s.${c}`).join(", ")} order by 1`);
}

function dupMessages(
  rows: { row_no: number; rows: string; [k: string]: unknown }[],
  field: string,
  what: (r: Record<string, unknown>) => string,
): Found[] {
  return rows.map((r) => ({
    rowNo: Number(r.row_no),
    field,
    message: msg`${what(r)} appears more than once in the file (rows ${r.rows.replace(/[{}]/g, "").split(",").join(", ")})`,
  }));
}

async function unknownCustomers(db: Db, table: string): Promise<Found[]> {
  const rows = await all<{ row_no: number; customer_code: string }>(
    db,
    sql.raw(`select s.row_no, s.customer_code from ${table} s left join customers c on c.code = s.customer_code
      where c.id is null order by s.row_no limit ${LIMIT}`),
  );
  return rows.map((r) => ({
    rowNo: Number(r.row_no),
    field: "customer_code",
    message: msg`customer "${r.customer_code}" does not exist (import customers or invoices first)`,
  }));
}

/** Problems only the database can see: duplicates within the file, unknown customers, invoices or users. */
export async function findSetProblems(db: Db, kind: ImportKind, fileHasRowProblems = false): Promise<Found[]> {
  const t = STAGE_TABLE[kind];
  switch (kind) {
    case "invoices":
      // For a good file, duplicates are found during the merge, where the unique index sees them for free
      // (see mergeInvoices); a file refused anyway gets them listed with its row problems.
      return fileHasRowProblems ? invoiceDups(await all<DupRow>(db, duplicates(t, ["customer_code", "number"]))) : [];
    case "payments": {
      const dups = dupMessages(
        await all(db, duplicates(t, ["customer_code", "reference"])),
        "reference",
        (r) => `payment "${r.reference}" of customer "${r.customer_code}"`,
      );
      // Payments may name customers no invoice named yet (prepayments, accounts opened by payment): they are created
      // by code in the merge, like customers named by an invoice file. A payment tied to an invoice needs the invoice.
      const invoiceProblems = await all<{
        row_no: number;
        invoice_number: string;
        customer_code: string;
        pay_ccy: string;
        inv_ccy: string | null;
      }>(
        db,
        sql.raw(`select s.row_no, s.invoice_number, s.customer_code, s.currency as pay_ccy, i.currency as inv_ccy
          from ${t} s left join customers c on c.code = s.customer_code
          left join invoices i on i.customer_id = c.id and i.number = s.invoice_number
          where s.invoice_number is not null and (i.id is null or i.currency <> s.currency) order by s.row_no limit ${LIMIT}`),
      );
      return [
        ...dups,
        ...invoiceProblems.map((r) => ({
          rowNo: Number(r.row_no),
          field: "invoice_number",
          message: r.inv_ccy
            ? `invoice "${r.invoice_number}" is in ${r.inv_ccy.trim()} but the payment is in ${r.pay_ccy}`
            : `customer "${r.customer_code}" has no invoice "${r.invoice_number}"`,
        })),
      ];
    }
    case "customers": {
      const dups = dupMessages(await all(db, duplicates(t, ["code"])), "code", (r) => `customer "${r.code}"`);
      // As when customers are reassigned in the app (reassignCustomers): only an active user with the collector role.
      const users = await all<{ row_no: number; collector: string; role: string | null; active: boolean | null }>(
        db,
        sql.raw(`select s.row_no, s.collector, u.role, u.active from ${t} s left join users u on u.login = s.collector
          where s.collector is not null and (u.id is null or u.role <> 'collector' or not u.active)
          order by s.row_no limit ${LIMIT}`),
      );
      return [
        ...dups,
        ...users.map((r) => ({
          rowNo: Number(r.row_no),
          field: "collector",
          message:
            r.role === null
              ? `no user with login "${r.collector}"`
              : r.role !== "collector"
                ? `no active collector "${r.collector}": that user's role is ${r.role} (customers are assigned to collectors)`
                : `no active collector "${r.collector}": that user is disabled`,
        })),
      ];
    }
    case "contacts": {
      const dups = dupMessages(
        await all(db, duplicates(t, ["customer_code", "name"])),
        "name",
        (r) => `contact "${r.name}" of customer "${r.customer_code}"`,
      );
      return [...dups, ...(await unknownCustomers(db, t))];
    }
  }
}

const counted = (upsert: string) =>
  sql.raw(`with up as (${upsert} returning (xmax = 0) as inserted)
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up`);

function upsertSql(opts: {
  table: string;
  conflict: string;
  /** target column -> select expression */
  columns: [string, string][];
  /** columns compared and updated on conflict */
  updatable: string[];
  from: string;
  /** Rows in the order of the conflict index: inserted in key order, the index takes them faster. */
  orderBy?: string;
}): string {
  const cols = opts.columns.map(([c]) => c);
  const set = opts.updatable.map((c) => `${c} = excluded.${c}`).join(", ");
  const changed = opts.updatable.length
    ? `(${opts.updatable.map((c) => `t.${c}`).join(", ")}) is distinct from (${opts.updatable.map((c) => `excluded.${c}`).join(", ")})`
    : "false";
  const action = opts.updatable.length
    ? `do update set ${set}, updated_at = now()${opts.table === "customers" || opts.table === "contacts" ? ", version = t.version + 1" : ""} where ${changed}`
    : "do nothing";
  return `insert into ${opts.table} as t (${cols.join(", ")}) select ${opts.columns.map(([, e]) => e).join(", ")} ${opts.from}
    ${opts.orderBy ? `order by ${opts.orderBy}` : ""} on conflict ${opts.conflict} ${action}`;
}

export type MergeResult = Counts & { problems?: Found[] };

export async function mergeStage(db: Db, kind: ImportKind, mapped: Set<string>): Promise<MergeResult> {
  const t = STAGE_TABLE[kind];
  const has = (f: string) => mapped.has(f);
  const pick = (pairs: [string, string, string][]) =>
    pairs.filter(([f]) => has(f)).map(([, c, e]) => [c, e] as [string, string]);
  switch (kind) {
    case "invoices":
      return mergeInvoices(db, t, has);
    case "payments": {
      const cols: [string, string][] = [
        ["paid_on", "s.date"],
        ["amount", "s.amount"],
        ["currency", "s.currency"],
        ...pick([["method", "method", "s.method"]]),
      ];
      // Only codes no customer has yet are offered to the insert (most payments are for known customers).
      const created = await one<{ n: number }>(
        db,
        sql.raw(`with up as (insert into customers (code, name)
            select x.code, x.code from (select distinct customer_code as code from ${t}) x
            where not exists (select 1 from customers c where c.code = x.code)
          on conflict (code) do nothing returning 1) select count(*)::int as n from up`),
      );
      const first = await firstPayments(db);
      const counts = first
        ? await loadFirstPayments(db, t, cols, first)
        : await one<Counts>(
            db,
            counted(
              upsertSql({
                table: "payments",
                conflict: "(customer_id, reference)",
                columns: [["customer_id", "c.id"], ["reference", "s.reference"], ...cols],
                updatable: cols.map(([c]) => c),
                from: `from ${t} s join customers c on c.code = s.customer_code`,
                orderBy: "c.id, s.reference",
              }),
            ),
          );
      const linked = has("invoice_number") ? await mergeExplicitAllocations(db, t) : 0;
      return { ...counts, linked, customersCreated: Number(created.n) };
    }
    case "customers": {
      const cols = pick([
        ["credit_limit", "credit_limit", "s.credit_limit"],
        ["credit_currency", "credit_currency", "s.credit_currency"],
        ["payment_terms_days", "payment_terms_days", "coalesce(s.payment_terms_days, 30)"],
        ["credit_rating", "credit_rating", "s.credit_rating"],
        ["country", "country", "s.country"],
        ["time_zone", "time_zone", "s.time_zone"],
        ["debtor_type", "debtor_type", "coalesce(s.debtor_type, 'business')"],
        ["collector", "collector_id", "u.id"],
        ["credit_hold", "credit_hold", "s.credit_hold"],
        ["prepay_only", "prepay_only", "s.prepay_only"],
        ["legal", "legal", "s.legal"],
        ["do_not_contact", "do_not_contact", "s.do_not_contact"],
        ["middleman", "middleman", "s.middleman"],
        ["foreign_trade", "foreign_trade", "s.foreign_trade"],
        ["notes", "notes", "s.notes"],
      ]);
      const all: [string, string][] = [["name", "s.name"], ...cols];
      return one<Counts>(
        db,
        counted(
          upsertSql({
            table: "customers",
            conflict: "(code)",
            columns: [["code", "s.code"], ...all],
            updatable: all.map(([c]) => c),
            from: `from ${t} s left join users u on u.login = s.collector`,
          }),
        ),
      );
    }
    case "contacts": {
      const cols = pick([
        ["role", "role", "coalesce(s.role, 'other')"],
        ["phones", "phones", "coalesce(s.phones, '{}')"],
        ["emails", "emails", "coalesce(s.emails, '{}')"],
        ["preferred_channel", "preferred_channel", "s.preferred_channel"],
        ["time_zone", "time_zone", "s.time_zone"],
        ["opt_out_call", "opt_out_call", "s.opt_out_call"],
        ["opt_out_sms", "opt_out_sms", "s.opt_out_sms"],
        ["opt_out_email", "opt_out_email", "s.opt_out_email"],
        ["notes", "notes", "s.notes"],
      ]);
      return one<Counts>(
        db,
        counted(
          upsertSql({
            table: "contacts",
            conflict: "(customer_id, name)",
            columns: [["customer_id", "c.id"], ["name", "s.name"], ...cols],
            updatable: cols.map(([c]) => c),
            from: `from ${t} s join customers c on c.code = s.customer_code`,
          }),
        ),
      );
    }
  }
}

const countOf = (statement: string) =>
  sql.raw(`with changed as (${statement} returning 1) select count(*)::int as n from changed`);

/**
 * An invoice's paid/settled date becomes a payment of its full amount, allocated to it; an empty date removes it.
 * Returns how many settlement payments were created, changed or removed.
 */
async function mergeSettlements(db: Db, t: string): Promise<number> {
  const upserted = await one<{ n: number }>(
    db,
    sql.raw(`with src as (
        select i.id as invoice_id, i.customer_id, i.number, i.amount, i.currency, s.paid_date
        from ${t} s join customers c on c.code = s.customer_code
        join invoices i on i.customer_id = c.id and i.number = s.number
        where s.paid_date is not null),
      up as (
        insert into payments as p (customer_id, reference, paid_on, amount, currency, method, settles_invoice_id)
        select customer_id, 'settled:' || number, paid_date, amount, currency, 'settlement', invoice_id from src
        on conflict (customer_id, reference) do update set paid_on = excluded.paid_on, amount = excluded.amount,
          currency = excluded.currency, settles_invoice_id = excluded.settles_invoice_id, updated_at = now()
        where (p.paid_on, p.amount, p.currency, p.settles_invoice_id) is distinct from
          (excluded.paid_on, excluded.amount, excluded.currency, excluded.settles_invoice_id)
        returning id, settles_invoice_id, amount),
      alloc as (
        insert into allocations (payment_id, invoice_id, amount) select id, settles_invoice_id, amount from up
        on conflict (payment_id, invoice_id) do update set amount = excluded.amount returning 1)
      select (select count(*) from up)::int as n, (select count(*) from alloc)::int as a`),
  );
  const removed = await one<{ n: number }>(
    db,
    countOf(`delete from payments p using ${t} s, customers c, invoices i
      where s.paid_date is null and c.code = s.customer_code and i.customer_id = c.id and i.number = s.number
        and p.settles_invoice_id = i.id`),
  );
  return Number(upserted.n) + Number(removed.n);
}

/**
 * The first payments into an empty table, as pg_restore loads: the table is locked to this import (others may read
 * it), its secondary indexes are dropped and built once after the rows are in, which costs a fraction of keeping them
 * up to date row by row. The file's own duplicates were refused before (findSetProblems), so nothing can conflict.
 * The index definitions to restore; null when the table has payments (then each row goes through the upsert).
 */
async function firstPayments(db: Db): Promise<string[] | null> {
  const empty = async () =>
    Boolean((await all<{ empty: boolean }>(db, sql`select not exists (select 1 from payments) as empty`))[0]?.empty);
  // Looked at before locking, so that an import into a ledger with payments never holds up people recording them.
  if (!(await empty())) return null;
  await db.execute(sql`lock table payments in exclusive mode`);
  if (!(await empty())) return null;
  const indexes = await all<{ name: string; def: string }>(
    db,
    sql`select quote_ident(i.indexname) as name, i.indexdef as def from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = 'payments'
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype in ('p', 'u', 'x'))`,
  );
  for (const ix of indexes) await db.execute(sql.raw(`drop index ${ix.name}`));
  return indexes.map((ix) => ix.def);
}

async function loadFirstPayments(db: Db, t: string, cols: [string, string][], restore: string[]): Promise<Counts> {
  const inserted = await one<{ n: number }>(
    db,
    sql.raw(`with up as (insert into payments (customer_id, reference, ${cols.map(([c]) => c).join(", ")})
        select c.id, s.reference, ${cols.map(([, e]) => e).join(", ")} from ${t} s join customers c on c.code = s.customer_code
        order by c.id, s.reference returning 1)
      select count(*)::int as n from up`),
  );
  await db.execute(sql`set local maintenance_work_mem = '256MB'`);
  for (const def of restore) await db.execute(sql.raw(def));
  return { inserted: Number(inserted.n), updated: 0 };
}

/** Allocations named by a payments file; returns how many were created, changed or removed. */
async function mergeExplicitAllocations(db: Db, t: string): Promise<number> {
  const removed = await one<{ n: number }>(
    db,
    countOf(`delete from allocations a using ${t} s join customers c on c.code = s.customer_code
        join payments p on p.customer_id = c.id and p.reference = s.reference
        left join invoices i on i.customer_id = c.id and i.number = s.invoice_number
      where a.payment_id = p.id and a.invoice_id is distinct from i.id`),
  );
  const upserted = await one<{ n: number }>(
    db,
    countOf(`insert into allocations as a (payment_id, invoice_id, amount)
      select p.id, i.id, least(p.amount, i.amount) from ${t} s join customers c on c.code = s.customer_code
        join payments p on p.customer_id = c.id and p.reference = s.reference
        join invoices i on i.customer_id = c.id and i.number = s.invoice_number
      on conflict (payment_id, invoice_id) do update set amount = excluded.amount where a.amount <> excluded.amount`),
  );
  return Number(removed.n) + Number(upserted.n);
}

/**
 * Invoices in three set-based steps, cheapest for the common case of a large first load:
 * rows matching existing invoices are checked for duplicates and updated where changed; the rest are inserted
 * in index order. A duplicate among new rows trips the unique index; only then is the file grouped to say which rows.
 */
async function mergeInvoices(db: Db, t: string, has: (f: string) => boolean): Promise<MergeResult> {
  const created = await one<{ n: number }>(
    db,
    sql.raw(`with up as (insert into customers (code, name)
      select customer_code, coalesce((array_agg(customer_name order by row_no) filter (where customer_name is not null))[1], customer_code)
      from ${t} group by customer_code
      on conflict (code) do nothing returning 1) select count(*)::int as n from up`),
  );
  const optional = [
    ["reference", "reference"],
    ["disputed", "disputed"],
  ].filter(([f]) => has(f as string)) as [string, string][];
  const cols = ["issue_date", "due_date", "amount", "currency", ...optional.map(([, c]) => c)];
  const matched = `from ${t} s join customers c on c.code = s.customer_code
      join invoices i on i.customer_id = c.id and i.number = s.number`;
  const existingDups = await all<DupRow>(
    db,
    sql.raw(`select min(s.row_no) as row_no, array_agg(s.row_no order by s.row_no)::text as rows, s.customer_code, s.number
      ${matched} group by s.customer_code, s.number having count(*) > 1 order by 1 limit ${LIMIT}`),
  );
  if (existingDups.length) return { inserted: 0, updated: 0, problems: invoiceDups(existingDups) };
  const conflicts = await ledgerConflicts(db, t, has("paid_date"));
  if (conflicts.length) return { inserted: 0, updated: 0, problems: conflicts };
  const updated = await one<{ n: number }>(
    db,
    sql.raw(`with up as (update invoices t set ${cols.map((c) => `${c} = s.${c}`).join(", ")}, updated_at = now()
      from ${t} s join customers c on c.code = s.customer_code
      where t.customer_id = c.id and t.number = s.number
        and (${cols.map((c) => `t.${c}`).join(", ")}) is distinct from (${cols.map((c) => `s.${c}`).join(", ")})
      returning 1) select count(*)::int as n from up`),
  );
  await db.execute(sql.raw("savepoint import_new_invoices"));
  let inserted: { n: number };
  try {
    inserted = await one<{ n: number }>(
      db,
      sql.raw(`with ins as (insert into invoices (customer_id, number, ${cols.join(", ")})
        select c.id, s.number, ${cols.map((c) => `s.${c}`).join(", ")} from ${t} s join customers c on c.code = s.customer_code
        where not exists (select 1 from invoices i where i.customer_id = c.id and i.number = s.number)
        order by c.id, s.number returning 1) select count(*)::int as n from ins`),
    );
  } catch (e) {
    if (pgErrorCode(e) !== UNIQUE_VIOLATION) throw e;
    await db.execute(sql.raw("rollback to savepoint import_new_invoices"));
    const dups = await all<DupRow>(db, duplicates(t, ["customer_code", "number"]));
    return { inserted: 0, updated: 0, problems: invoiceDups(dups) };
  }
  const linked = has("paid_date") ? await mergeSettlements(db, t) : 0;
  return { inserted: Number(inserted.n), updated: Number(updated.n), customersCreated: Number(created.n), linked };
}

type LedgerConflict = {
  row_no: number;
  number: string;
  new_amount: string;
  new_currency: string;
  old_currency: string;
  /** Allocations of payments other than the invoice's own settlement. */
  allocations: number;
  settlements: number;
  adjustments: number;
  allocated: string;
  adjusted: string;
};

/**
 * Changes to existing invoices that would leave the ledger inconsistent: a new currency while payments, a settlement
 * or adjustments in the old one are tied to the invoice (the allocation would stay in the old currency: aging counts
 * it paid, the statement owed), or an amount below what is already allocated and adjusted on it. With a paid_date
 * column the invoice's own settlement is rewritten along with it (mergeSettlements), so it does not count.
 */
async function ledgerConflicts(db: Db, t: string, hasPaidDate: boolean): Promise<Found[]> {
  const ownSettlement = hasPaidDate ? "and p.settles_invoice_id is distinct from m.id" : "";
  const rows = await all<LedgerConflict>(
    db,
    sql.raw(`with m as (
        select s.row_no, s.number, s.amount as new_amount, s.currency as new_currency, i.id, i.customer_id,
          trim(i.currency) as old_currency
        from ${t} s join customers c on c.code = s.customer_code
        join invoices i on i.customer_id = c.id and i.number = s.number
        where i.currency <> s.currency or s.amount < i.amount)
      select m.row_no, m.number, m.new_amount::text as new_amount, m.new_currency, m.old_currency,
        al.allocations, al.settlements, ad.adjustments, al.allocated::text as allocated, ad.adjusted::text as adjusted
      from m
      cross join lateral (select count(*) filter (where p.settles_invoice_id is distinct from m.id)::int as allocations,
          count(*) filter (where p.settles_invoice_id = m.id)::int as settlements, coalesce(sum(a.amount), 0) as allocated
        from allocations a join payments p on p.id = a.payment_id where a.invoice_id = m.id ${ownSettlement}) al
      cross join lateral (select count(*)::int as adjustments, coalesce(sum(d.amount), 0) as adjusted
        from adjustments d where d.customer_id = m.customer_id and d.invoice_id = m.id) ad
      where (m.new_currency <> m.old_currency and al.allocations + al.settlements + ad.adjustments > 0)
        or (m.new_currency = m.old_currency and m.new_amount < al.allocated + ad.adjusted)
      order by m.row_no limit ${LIMIT}`),
  );
  return rows.map((r) => {
    const invoice = `invoice "${r.number}"`;
    if (r.new_currency !== r.old_currency) {
      const tied = [
        r.allocations ? `${r.allocations} payment${r.allocations === 1 ? "" : "s"} allocated to it` : "",
        r.settlements ? "a settlement payment (its paid date)" : "",
        r.adjustments ? `${r.adjustments} adjustment${r.adjustments === 1 ? "" : "s"}` : "",
      ].filter(Boolean);
      return {
        rowNo: Number(r.row_no),
        field: "currency",
        message: msg`${invoice} cannot change currency from ${r.old_currency} to ${r.new_currency}: it has ${tied.join(" and ")} in ${r.old_currency} (reverse or move them first)`,
      };
    }
    const digits = currencyDigits(r.old_currency);
    const money = (minor: string) => `${formatDecimal(BigInt(minor), digits)} ${r.old_currency}`;
    const taken = BigInt(r.allocated) + BigInt(r.adjusted);
    return {
      rowNo: Number(r.row_no),
      field: "amount",
      message: msg`${invoice} cannot be lowered to ${money(r.new_amount)}: ${money(String(taken))} is already allocated and adjusted on it (payments ${money(r.allocated)}, adjustments ${money(r.adjusted)})`,
    };
  });
}

type DupRow = { row_no: number; rows: string; [k: string]: unknown };
const invoiceDups = (rows: DupRow[]) =>
  dupMessages(rows, "number", (r) => `invoice "${r.number}" of customer "${r.customer_code}"`);
