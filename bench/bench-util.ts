// Shared by the bench scripts: fresh databases, timing, peak memory of child processes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";

export const PG_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/**
 * The V8 flags the product's processes run with: those on bin/huikuan.js's first line (`huikuan`, `npm start`, the
 * workers). A bench that times a use case in its own process re-runs itself with them when it was started without,
 * so it times the use case as the product runs it (the larger young generation is a sixth of the forecast's time).
 */
export function runAsTheProduct(): void {
  const shebang = fs.readFileSync(new URL("../bin/huikuan.js", import.meta.url), "utf8").split("\n")[0] ?? "";
  const flags = shebang.match(/--[\w-]+=\S+/g) ?? [];
  const missing = flags.filter((f) => !process.execArgv.includes(f) && !process.env.NODE_OPTIONS?.includes(f));
  if (!missing.length) return;
  const r = spawnSync(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export async function freshPgDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The orchestrator (bench/all.ts) loads the demo data once per engine and names it in BENCH_DEMO_CACHE; a bench that
 * asks for exactly that demo (same arguments) gets a copy instead of loading it again: a PostgreSQL database created
 * from the template database, or a copy of the PGlite folder. Run alone, a bench loads its own data as before.
 */
type DemoCache = { args: string; pgTemplate: string; pgliteDir: string };

function copyCachedDemo(cache: DemoCache, env: NodeJS.ProcessEnv): void {
  if (env.DATABASE_URL) {
    const name = new URL(env.DATABASE_URL).pathname.slice(1);
    const r = spawnSync(
      "psql",
      [
        PG_URL,
        "-v",
        "ON_ERROR_STOP=1",
        "-qc",
        `drop database if exists ${name} with (force)`,
        "-qc",
        `create database ${name} template ${cache.pgTemplate}`,
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`copying the demo database failed: ${r.stderr}`);
  } else {
    const dir = env.HUIKUAN_DATA_DIR as string;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(cache.pgliteDir, dir, { recursive: true });
  }
}

/** Runs the huikuan CLI as a user would, under /usr/bin/time for the peak resident memory. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): { seconds: number; peakMb: number; out: string } {
  const cache = process.env.BENCH_DEMO_CACHE ? (JSON.parse(process.env.BENCH_DEMO_CACHE) as DemoCache) : null;
  if (cache && args.join(" ") === cache.args) {
    const t = performance.now();
    copyCachedDemo(cache, env);
    return { seconds: (performance.now() - t) / 1000, peakMb: 0, out: "" };
  }
  const timeFile = `/tmp/huikuan-bench-time-${process.pid}`;
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", "-o", timeFile, "node", "bin/huikuan.js", ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`huikuan ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  const time = fs.readFileSync(timeFile, "utf8");
  fs.rmSync(timeFile, { force: true });
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(time)?.[1] ?? 0);
  return { seconds, peakMb: Math.round(kb / 1024), out: r.stdout };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Peak resident memory of this process so far, in MB. */
export function peakMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Peak resident memory of another process (Linux), in MB, read before it exits. */
export function peakMbOf(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A limit from an issue, on the figure's value, on its ratio to the floor (value / floor) or on its excess over the
 * floor (value - floor). `fullSizeOnly`: the limit is stated for the data size (an absolute time over
 * 1,000,000 invoices, say), so bench/all.ts judges it only at --size full.
 */
export type BenchLimit = {
  on: "value" | "ratio" | "excess" | "peakMb";
  op: "<" | "<=" | ">=" | ">";
  value: number;
  fullSizeOnly?: boolean;
  source: string;
};

export type BenchFigure = {
  figure: string;
  engine: "PostgreSQL" | "PGlite" | "node";
  value: number;
  unit: string;
  /** The floor measured in the same run, in the figure's unit. */
  floor?: { label: string; value: number };
  limits?: BenchLimit[];
  /** Peak resident memory of the process that did the work. */
  peakMb?: number;
  /** How the value was summarised: "median of 3", "p99 of 2,400 requests", ... */
  stat?: string;
};

/** With BENCH_JSON=1 or --json, one machine-readable line beside the human output, for bench/all.ts. */
export function emitResult(bench: string, figures: BenchFigure[]): void {
  if (process.env.BENCH_JSON === "1" || process.argv.includes("--json")) {
    console.log(`BENCH_RESULT ${JSON.stringify({ bench, figures })}`);
  }
}

/** A deterministic generator (mulberry32: exact 32-bit arithmetic, the same file on every machine). */
function generator(seed: number) {
  let x = seed >>> 0;
  return (n: number) => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), x | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const decimal = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

/** Writes a file in buffered slices (generated files run to hundreds of megabytes). */
function writeLines(file: string, header: string, rows: number, line: (i: number) => string): void {
  const out = fs.openSync(file, "w");
  fs.writeSync(out, header);
  let buf = "";
  for (let i = 0; i < rows; i++) {
    buf += line(i);
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = "";
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

/**
 * Invoices over two years for `customers` customers, in the import's own headers; the same shape as
 * ../shared/acceptance/lib/gen_invoices.py.
 */
export function writeInvoiceCsv(file: string, rows: number, customers: number): void {
  const rnd = generator(42);
  const start = Date.UTC(2024, 10, 20);
  writeLines(file, "customer_code,customer_name,number,issue_date,due_date,amount,currency\n", rows, (i) => {
    const cu = rnd(customers);
    const issued = start + rnd(730) * 86400000;
    const due = issued + ([30, 45, 60, 90][rnd(4)] as number) * 86400000;
    const cents = 100 + rnd(4_999_900);
    return `C${String(cu).padStart(7, "0")},Customer ${cu},INV${String(i).padStart(9, "0")},${isoDay(issued)},${isoDay(due)},${decimal(cents)},CNY\n`;
  });
}

/** Payments over the same two years and customers; the same shape as gen_payments.py. */
export function writePaymentCsv(file: string, rows: number, customers: number): void {
  const rnd = generator(7);
  const start = Date.UTC(2024, 10, 20);
  writeLines(file, "customer_code,reference,date,amount,currency\n", rows, (i) => {
    const cu = rnd(customers);
    const cents = 100 + rnd(999_900);
    return `C${String(cu).padStart(7, "0")},PAY${String(i).padStart(9, "0")},${isoDay(start + rnd(730) * 86400000)},${decimal(cents)},CNY\n`;
  });
}
