// The import use case: the CLI calls it now; the HTTP API and the web wizard call the same function.
import path from "node:path";
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { dateInZone } from "../calendar/calendar-date.ts";
import { copyArray, copyLine } from "../db/copy-text.ts";
import type { Connection, Database } from "../db/database.ts";
import { AppError, type Message, type MessageText, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { makeDirectBatcher, type StagedRow } from "./direct-batch.ts";
import { FIELDS, type ImportKind, resolveMapping } from "./import-fields.ts";
import {
  createStageSql,
  findSetProblems,
  type MergeResult,
  mergeStage,
  STAGE_TABLE,
  stageColumns,
} from "./import-merge.ts";
import { describeProblem, makeRowValidator, type RowContext, type StagedValue } from "./import-rows.ts";
import { lap, loadInvoicesDirect } from "./load-invoices-direct.ts";
import { type DateFormat, isDateFormat, parseCurrencyCell } from "./parse-values.ts";
import { openTable } from "./read-table.ts";

export type ImportInput = {
  kind: ImportKind;
  file: string;
  /** field -> header */
  columns?: Record<string, string>;
  dateFormat?: string;
  currency?: string;
  encoding?: string;
  dryRun?: boolean;
  actor?: string;
  onProgress?: (p: ImportProgress) => void;
};
export type ImportProgress = {
  phase: "reading" | "checking" | "writing";
  rows: number;
  bytes: number;
  totalBytes: number;
};
export type ImportSummary = {
  kind: ImportKind;
  file: string;
  format: string;
  encoding: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  customersCreated: number;
  /** Settlement payments and payment allocations created, changed or removed. */
  linkedChanged: number;
  dryRun: boolean;
  notes: string[];
  /** Which file column feeds each field, in field order (what the import wizard shows to confirm). */
  mapping: { field: string; column: string }[];
  /**
   * How the rows went in: "staging" (checked and merged set-based), "direct" (new invoices straight in by COPY) or
   * "first-load" (the same into an empty ledger, with its indexes built once at the end).
   */
  load: "staging" | "direct" | "first-load";
  sha256: string;
};
export type ImportDeps = {
  database: Database;
  now: () => Date;
  /** Rows per COPY statement on the invoice fast path (default 100,000; tests use a few to cross chunk edges). */
  chunkRows?: number;
};

/** Shown at most; the count of the rest is still given. */
const MAX_LISTED = 1000;
/** Rows written from which an import refreshes the planner's statistics. */
const ANALYZE_AFTER = 10_000;

/** Raised with every problem of the file at once; nothing was written. */
export class ImportRejected extends AppError {
  constructor(
    readonly file: string,
    /** Each problem as words for the user (the API translates them; `problems` has them in English). */
    readonly words: MessageText[],
    readonly total: number,
  ) {
    const problems = words.map(String);
    const name = path.basename(file);
    const summary =
      total === 1
        ? msg`${name}: 1 problem, nothing was imported`
        : msg`${name}: ${total} problems, nothing was imported`;
    const more = total > problems.length ? `\n... and ${total - problems.length} more` : "";
    super("invalid_input", `${summary}\n${problems.join("\n")}${more}`, problems);
    this.problems = problems;
    this.summary = summary;
  }

  /** The problems in English, as the CLI prints them. */
  readonly problems: string[];
  /** The first line: the file, how many problems, nothing imported. */
  readonly summary: Message;
}

class DryRunDone extends Error {
  constructor(readonly summary: ImportSummary) {
    super("dry run");
  }
}

export async function importFile(deps: ImportDeps, input: ImportInput): Promise<ImportSummary> {
  if (input.dateFormat && !isDateFormat(input.dateFormat)) {
    throw new AppError(
      "invalid_input",
      msg`unknown --date-format "${input.dateFormat}" (expected one of YYYY-MM-DD, YYYY/M/D, M/D/YYYY, D/M/YYYY, D.M.YYYY, YYYYMMDD, M/D/YY, D/M/YY)`,
    );
  }
  const company = await getSetting(deps.database.db, "company");
  const defaultCurrency = (input.currency ?? company.currency).toUpperCase();
  const cur = parseCurrencyCell(defaultCurrency);
  if (!cur.ok) throw new AppError("invalid_input", msg`--currency ${input.currency}: ${cur.message}`);

  const state = { table: await openTable(input.file, { encoding: input.encoding }) };
  try {
    const mapping = resolveMapping(input.kind, state.table.headers, { explicit: input.columns });
    if (mapping.problems.length) throw new ImportRejected(input.file, mapping.problems, mapping.problems.length);
    const ctx: RowContext = {
      kind: input.kind,
      columnOf: mapping.columnOf,
      headers: state.table.headers,
      dateFormat: input.dateFormat as DateFormat | undefined,
      defaultCurrency: cur.value,
      // "Today" as `huikuan payment record` sees it: the company's date.
      today: dateInZone(deps.now(), company.timeZone),
    };
    const mapped = new Set(mapping.columnOf.keys());
    if (input.kind === "invoices" || input.kind === "payments") mapped.add("currency");
    const validateRow = makeRowValidator(ctx);
    const listFields = FIELDS[input.kind].map((f) => f.type === "list");
    let problems: MessageText[] = [];
    let problemCount = 0;
    let rows = 0;
    const progress = (phase: ImportProgress["phase"]) =>
      input.onProgress?.({ phase, rows, bytes: state.table.bytesRead(), totalBytes: state.table.totalBytes });

    /**
     * Valid rows in batches; every row is checked. With `stopAtProblem` nothing more is yielded after the first
     * problem; otherwise valid rows keep coming so set-based checks (duplicates) can be reported alongside.
     */
    async function* validRows(stopAtProblem: boolean): AsyncGenerator<StagedRow[]> {
      rows = 0;
      problemCount = 0;
      problems = [];
      for await (const batch of state.table.batches) {
        const good: StagedRow[] = [];
        for (const row of batch) {
          rows++;
          const { values, problems: found } = validateRow(row.rowNo, row.cells);
          if (found.length) {
            problemCount += found.length;
            for (const p of found) if (problems.length < MAX_LISTED) problems.push(describeProblem(p, ctx));
          } else if (problemCount === 0 || !stopAtProblem) good.push({ rowNo: row.rowNo, values });
        }
        progress("reading");
        if ((problemCount === 0 || !stopAtProblem) && good.length) yield good;
      }
    }
    async function* copyChunks(): AsyncGenerator<string> {
      for await (const batch of validRows(false)) {
        let chunk = "";
        for (const r of batch) chunk += copyLine([r.rowNo, ...r.values.map((v, i) => stageValue(v, listFields[i]))]);
        yield chunk;
      }
    }
    const rowOf = (text: MessageText) => Number(/^row (\d+)/.exec(String(text))?.[1] ?? 0);
    const refuseRowProblems = () => {
      if (rows === 0) throw new ImportRejected(input.file, [msg`the file has a header row but no data rows`], 1);
      if (problemCount) throw new ImportRejected(input.file, problems, problemCount);
    };

    const staged = async (conn: Connection): Promise<MergeResult> => {
      await conn.db.execute(createStageSql(input.kind));
      const t0 = performance.now();
      await conn.copyIn(STAGE_TABLE[input.kind], stageColumns(input.kind), copyChunks());
      lap("read + stage", t0);
      if (rows === 0) refuseRowProblems();
      progress("checking");
      const t1 = performance.now();
      const setProblems = await findSetProblems(conn.db, input.kind, problemCount > 0);
      lap("set checks", t1);
      if (setProblems.length || problemCount) {
        // Row problems and what only the whole file shows (duplicates, unknown customers) in one list, by row.
        const all = [
          ...problems.map((text) => ({ rowNo: rowOf(text), text })),
          ...setProblems.map((p) => ({ rowNo: p.rowNo, text: describeProblem(p, ctx) })),
        ];
        all.sort((a, b) => a.rowNo - b.rowNo);
        throw new ImportRejected(
          input.file,
          all.slice(0, MAX_LISTED).map((p) => p.text),
          problemCount + setProblems.length,
        );
      }
      progress("writing");
      const t2 = performance.now();
      const counts = await mergeStage(conn.db, input.kind, mapped);
      lap("merge", t2);
      if (counts.problems?.length) {
        throw new ImportRejected(
          input.file,
          counts.problems.map((p) => describeProblem(p, ctx)),
          counts.problems.length,
        );
      }
      return counts;
    };

    /** The rows went in frozen (a first load): VACUUM has nothing to do on them. */
    let frozen = false;
    let load: ImportSummary["load"] = "staging";
    /** New invoices straight into the ledger; null when the staging path must take over. */
    const direct = async (conn: Connection): Promise<MergeResult | null> => {
      await conn.db.execute(sql`savepoint import_direct`);
      const t0 = performance.now();
      const fields = [...mapped];
      const toBatch = makeDirectBatcher(fields);
      const r = await loadInvoicesDirect(
        conn,
        (async function* () {
          for await (const group of validRows(true)) yield toBatch(group);
        })(),
        fields,
        () => problemCount > 0,
        deps.chunkRows,
      );
      lap("direct load", t0);
      if (r !== "conflict") {
        if (rows === 0) refuseRowProblems();
        // A bad file goes round the staging path, which reports row problems and duplicates together.
        if (!problemCount) {
          frozen = r.frozen;
          load = r.firstLoad ? "first-load" : "direct";
          return { inserted: r.inserted, updated: 0, customersCreated: r.customersCreated };
        }
      }
      await conn.db.execute(sql`rollback to savepoint import_direct`);
      state.table.close();
      state.table = await openTable(input.file, { encoding: input.encoding });
      return null;
    };

    const run = async (): Promise<ImportSummary> =>
      deps.database.transaction(async (conn) => {
        // Set-based checks sort and hash a whole file at once; keep that in memory rather than on disk.
        await conn.db.execute(sql`set local work_mem = '256MB'`);
        const canGoDirect = input.kind === "invoices" && !mapped.has("paid_date");
        const counts = (canGoDirect ? await direct(conn) : null) ?? (await staged(conn));
        const summary: ImportSummary = {
          kind: input.kind,
          file: path.basename(input.file),
          format: state.table.format,
          encoding: state.table.encoding,
          rows,
          inserted: counts.inserted,
          updated: counts.updated,
          unchanged: rows - counts.inserted - counts.updated,
          customersCreated: counts.customersCreated ?? 0,
          linkedChanged: counts.linked ?? 0,
          dryRun: Boolean(input.dryRun),
          notes: mapping.notes,
          mapping: FIELDS[input.kind]
            .filter((f) => mapping.columnOf.has(f.name))
            .map((f) => ({ field: f.name, column: state.table.headers[mapping.columnOf.get(f.name) ?? 0] ?? "" })),
          load,
          sha256: state.table.sha256(),
        };
        if (input.dryRun) throw new DryRunDone(summary);
        if (counts.inserted || counts.updated || summary.customersCreated || summary.linkedChanged) {
          await appendAudit(conn.db, {
            at: deps.now(),
            actor: input.actor ?? "system",
            action: `import.${input.kind}`,
            objectType: "import",
            objectId: summary.sha256.slice(0, 16),
            after: summary,
          });
        }
        return summary;
      });
    try {
      const summary = await run();
      // After a bulk load, as PostgreSQL advises: VACUUM sets the rows' hint bits and visibility once, here, instead
      // of in the first aging or daily run that reads them; ANALYZE gives the planner the new sizes.
      if (summary.inserted + summary.updated + summary.customersCreated >= ANALYZE_AFTER) {
        const tables = {
          invoices: "customers, invoices",
          payments: "customers, payments",
          customers: "customers",
          contacts: "contacts",
        };
        const t0 = performance.now();
        if (frozen) {
          // Two tables, two connections at once on PostgreSQL (PGlite takes them in turn).
          await Promise.all([
            deps.database.db.execute(sql`vacuum (analyze) customers`),
            deps.database.db.execute(sql`analyze invoices`),
          ]);
        } else await deps.database.db.execute(sql.raw(`vacuum (analyze) ${tables[input.kind]}`));
        lap("vacuum and analyze", t0);
      }
      return summary;
    } catch (e) {
      if (e instanceof DryRunDone) return e.summary;
      throw e;
    }
  } finally {
    state.table.close();
  }
}

function stageValue(v: StagedValue, isList: boolean | undefined): string | number | bigint | boolean | null {
  if (v === null) return null;
  if (isList && Array.isArray(v)) return copyArray(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  return v as string | number | bigint;
}
