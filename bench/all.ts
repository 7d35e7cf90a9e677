// `npm run bench [-- --size small|full]`: every figure the issues name, each beside its floor measured in the same
// run, with peak memory, written to bench/report.md and bench/report.json (and each bench's own output to bench/out/).
// The demo data is loaded once per engine and copied into each bench that asks for it (see runCli in bench-util.ts).
// Benches whose script times one pass (outbox) run 3 times here and report the median per figure; the others take
// their own medians (import with --runs 3, aging and the daily run 3 runs each) or percentiles over many requests.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BenchFigure, type BenchLimit, freshPgDatabase, median, PG_URL, runCli } from "./bench-util.ts";

const sizeArg = process.argv.includes("--size") ? process.argv[process.argv.indexOf("--size") + 1] : "small";
if (sizeArg !== "small" && sizeArg !== "full") {
  console.error(`--size must be small or full, not "${sizeArg}"`);
  process.exit(2);
}
const size: "small" | "full" = sizeArg;

// Full: the issues' sizes. Small: a tenth of the data and shorter load phases, to finish in about 3 minutes.
const DATA = {
  small: { customers: 10_000, invoices: 100_000, payments: 30_000 },
  full: { customers: 100_000, invoices: 1_000_000, payments: 300_000 },
}[size];
const TODAY = "2026-11-20"; // the demo's today in aging.ts, run.ts and worklist.ts
const small = size === "small";
const dataArgs = ["--customers", String(DATA.customers), "--invoices", String(DATA.invoices)];
const demoSizeArgs = [...dataArgs, "--payments", String(DATA.payments)];

type Plan = { name: string; script: string; args: string[]; runs: number };
const plans: Plan[] = [
  {
    name: "import",
    script: "import.ts",
    args: ["--rows", String(DATA.invoices), "--customers", String(DATA.customers), "--runs", "3"],
    runs: 1,
  },
  { name: "aging", script: "aging.ts", args: demoSizeArgs, runs: 1 },
  { name: "run", script: "run.ts", args: demoSizeArgs, runs: 1 },
  { name: "worklist", script: "worklist.ts", args: [...demoSizeArgs, "--seconds", small ? "2" : "5"], runs: 3 },
  { name: "timeline", script: "timeline.ts", args: ["--events", "5000", "--requests", small ? "100" : "200"], runs: 1 },
  // Its own demo (two years of history, payments 0.85 x invoices); the issue's figure is 1,000,000 open invoices.
  {
    name: "forecast",
    script: "forecast.ts",
    args: small ? ["--customers", "2500"] : ["--customers", "100000", "--invoices", "1000000"],
    runs: 1,
  },
  {
    name: "backtest",
    script: "backtest.ts",
    args: small ? [] : ["--seeds", "20240601,7,1,2,3"],
    runs: 1,
  },
  { name: "language-check", script: "language-check.ts", args: ["--messages", small ? "10000" : "50000"], runs: 1 },
  ...(["PGlite", "PostgreSQL"] as const).flatMap((engine) => {
    const pg = engine === "PostgreSQL" ? ["--postgres"] : [];
    return [
      {
        name: `outbox (${engine})`,
        script: "outbox.ts",
        args: [
          ...pg,
          ...["--messages", small ? "500" : "10000", "--send", small ? "50" : "1000"],
          ...["--statements", small ? "500" : "10000"],
        ],
        runs: 3,
      },
      {
        name: `documents (${engine})`,
        script: "documents.ts",
        args: [...pg, "--statements", small ? "10" : "100"],
        runs: 1,
      },
    ];
  }),
  { name: "gate", script: "gate.ts", args: small ? ["--attempts", "5000", "--decisions", "100000"] : [], runs: 1 },
  { name: "best-time", script: "best-time.ts", args: ["--calls", small ? "20000" : "100000"], runs: 1 },
  { name: "cause", script: "cause.ts", args: ["--inputs", small ? "20000" : "100000"], runs: 1 },
  { name: "login", script: "login.ts", args: ["--seconds", small ? "2" : "5"], runs: 1 },
  { name: "auth", script: "auth.ts", args: ["--requests", small ? "300" : "2000"], runs: 1 },
  // Ten times the issues' data (issue 9): only with --size full, it takes minutes.
  ...(small ? [] : [{ name: "scale", script: "scale.ts", args: [], runs: 1 }]),
  {
    name: "demo-generate",
    script: "demo-generate.ts",
    args: [String(DATA.customers), String(DATA.invoices), String(DATA.payments)],
    runs: 1,
  },
];

/** Figures of scripts that print no BENCH_RESULT line (yet), read from their human output. */
const fromOutput: Record<string, (out: string) => BenchFigure[]> = {
  forecast: (out) => {
    const total = /end to end[^:]*: ([\d.]+) s/.exec(out)?.[1];
    const read = /read ([\d.]+) s/.exec(out)?.[1];
    const open = /, (\d+) open\)/.exec(out)?.[1];
    const peak = /peak RSS (\d+) MB/.exec(out)?.[1];
    if (!total) return [];
    return [
      {
        figure: `payment forecast of ${open ?? "?"} open invoices, training included`,
        engine: "PostgreSQL",
        value: Number(total),
        unit: "s",
        floor: read ? { label: "reading the rows known on D", value: Number(read) } : undefined,
        peakMb: peak ? Number(peak) : undefined,
        limits: [{ on: "value", op: "<", value: 30, fullSizeOnly: true, source: "issue 8 (1,000,000 open invoices)" }],
      },
    ];
  },
};

type Row = BenchFigure & {
  bench: string;
  ratio: number | null;
  checks: (BenchLimit & { pass: boolean | null })[];
  pass: boolean | null;
  runs: number;
};
type BenchRun = { name: string; command: string; runs: number; seconds: number; peakMb: number | null; error?: string };

const benchDir = path.dirname(new URL(import.meta.url).pathname);
const outDir = path.join(benchDir, "out");
fs.mkdirSync(outDir, { recursive: true });
const timeBin = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** One run of a bench script in its own process, under /usr/bin/time for the peak resident memory. */
function runScript(plan: Plan, i: number, env: NodeJS.ProcessEnv) {
  const argv = [process.execPath, "--import", "tsx", path.join("bench", plan.script), ...plan.args];
  const timeFile = path.join(os.tmpdir(), `huikuan-bench-all-${process.pid}`);
  const command = timeBin ? [timeBin, "-v", "-o", timeFile, ...argv] : argv;
  const t0 = performance.now();
  const r = spawnSync(command[0] as string, command.slice(1), {
    env: { ...process.env, ...env, BENCH_JSON: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 28,
    timeout: (small ? 10 : 90) * 60_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  const log = `${plan.name}-${i + 1}.log`.replace(/[^\w.-]+/g, "-");
  fs.writeFileSync(path.join(outDir, log), `$ ${argv.slice(3).join(" ")}\n${r.stdout}${r.stderr}`);
  const kb = timeBin ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(readOr(timeFile))?.[1] ?? 0) : 0;
  fs.rmSync(timeFile, { force: true });
  const results = (r.stdout ?? "")
    .split("\n")
    .filter((l) => l.startsWith("BENCH_RESULT "))
    .flatMap((l) => (JSON.parse(l.slice("BENCH_RESULT ".length)) as { figures: BenchFigure[] }).figures);
  if (results.length === 0 && r.status === 0) results.push(...(fromOutput[plan.name]?.(r.stdout) ?? []));
  // The error's own line (a stack's first line), not its tail.
  const lines = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.split("\n").filter((l) => l.trim() && !l.startsWith("npm warn"));
  const cause = lines.filter((l) => /\b\w*error: /i.test(l)).at(-1) ?? lines.at(-1) ?? "";
  const error = r.status === 0 ? undefined : `exit ${r.status ?? r.signal}: ${cause.trim().slice(0, 300)}`;
  return { seconds, peakMb: kb ? Math.round(kb / 1024) : null, figures: results, error, log, command: argv.slice(3) };
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function check(limit: BenchLimit, f: BenchFigure, ratio: number | null): boolean | null {
  if (limit.fullSizeOnly && size !== "full") return null;
  const x =
    limit.on === "value"
      ? f.value
      : limit.on === "ratio"
        ? ratio
        : limit.on === "excess"
          ? f.floor
            ? f.value - f.floor.value
            : null
          : (f.peakMb ?? null);
  if (x === null || !Number.isFinite(x)) return null;
  return { "<": x < limit.value, "<=": x <= limit.value, ">=": x >= limit.value, ">": x > limit.value }[limit.op];
}

/** The runs of one bench merged: per figure and engine, the median value and floor, the highest peak. */
function merge(bench: string, runs: BenchFigure[][]): Row[] {
  const groups = new Map<string, BenchFigure[]>();
  for (const figures of runs) {
    for (const f of figures) {
      const key = `${f.figure}\u0000${f.engine}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
  }
  return [...groups.values()].map((fs) => {
    const first = fs[0] as BenchFigure;
    const floors = fs.flatMap((f) => (f.floor ? [f.floor.value] : []));
    const peaks = fs.flatMap((f) => (f.peakMb ? [f.peakMb] : []));
    const merged: BenchFigure = {
      ...first,
      value: median(fs.map((f) => f.value)),
      floor: first.floor && { label: first.floor.label, value: median(floors) },
      peakMb: peaks.length ? Math.max(...peaks) : undefined,
      stat: fs.length > 1 ? `median of ${fs.length} runs${first.stat ? ` (each ${first.stat})` : ""}` : first.stat,
    };
    const ratio = merged.floor && merged.floor.value > 0 ? merged.value / merged.floor.value : null;
    const checks = (first.limits ?? []).map((l) => ({ ...l, pass: check(l, merged, ratio) }));
    const judged = checks.filter((c) => c.pass !== null);
    const pass = judged.length ? judged.every((c) => c.pass) : null;
    return { ...merged, bench, ratio, checks, pass, runs: fs.length };
  });
}

// --- the run ---

const started = new Date();
const t0 = performance.now();
console.log(
  `huikuan bench, size ${size}: ${DATA.customers} customers / ${DATA.invoices} invoices / ${DATA.payments} payments`,
);

// The demo data, once per engine: a template database on PostgreSQL and a folder on PGlite.
const demoArgs = ["demo", ...demoSizeArgs, "--as-of", TODAY];
const pgTemplate = `huikuan_bench_demo_${size}`;
const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-bench-demo-"));
const rows: Row[] = [];
const benches: BenchRun[] = [];
for (const engine of ["PostgreSQL", "PGlite"] as const) {
  const env =
    engine === "PostgreSQL"
      ? { DATABASE_URL: await freshPgDatabase(pgTemplate) }
      : { HUIKUAN_DATA_DIR: pgliteDir, DATABASE_URL: "" };
  const load = runCli(demoArgs, env);
  console.log(`demo data on ${engine}: ${load.seconds.toFixed(1)} s, peak ${load.peakMb} MB`);
  rows.push({
    bench: "data",
    figure: `demo data load, ${DATA.customers} customers`,
    engine,
    value: load.seconds,
    unit: "s",
    peakMb: load.peakMb,
    ratio: null,
    checks: [],
    pass: null,
    runs: 1,
  });
}
const cacheEnv = { BENCH_DEMO_CACHE: JSON.stringify({ args: demoArgs.join(" "), pgTemplate, pgliteDir }) };

for (const plan of plans) {
  if (!fs.existsSync(path.join(benchDir, plan.script))) {
    console.log(`${plan.name}: bench/${plan.script} not present, skipped`);
    continue;
  }
  const results: BenchFigure[][] = [];
  const run: BenchRun = { name: plan.name, command: "", runs: 0, seconds: 0, peakMb: null };
  for (let i = 0; i < plan.runs; i++) {
    const r = runScript(plan, i, cacheEnv);
    run.command = `node --import tsx bench/${plan.script} ${plan.args.join(" ")}`.trim();
    run.runs++;
    run.seconds += r.seconds;
    run.peakMb = Math.max(run.peakMb ?? 0, r.peakMb ?? 0) || null;
    if (r.error) {
      run.error = `${r.error} (bench/out/${r.log})`;
      break;
    }
    if (r.figures.length === 0) run.error = `printed no BENCH_RESULT line (output in bench/out/${r.log})`;
    // A figure without its own peak takes the peak of the whole bench process.
    results.push(r.figures.map((f) => ({ ...f, peakMb: f.peakMb || r.peakMb || undefined })));
  }
  benches.push(run);
  const merged = merge(plan.name, results);
  rows.push(...merged);
  console.log(
    `${plan.name}: ${run.seconds.toFixed(1)} s, ${run.runs} run(s), ${merged.length} figure(s)${run.error ? `; ${run.error}` : ""}`,
  );
}

spawnSync("psql", [PG_URL, "-qc", `drop database if exists ${pgTemplate} with (force)`]);
fs.rmSync(pgliteDir, { recursive: true, force: true });
const seconds = (performance.now() - t0) / 1000;

// --- the report ---

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "",
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  node: process.version,
  postgres: spawnSync("psql", [PG_URL, "-Atc", "show server_version"], { encoding: "utf8" }).stdout?.trim() ?? "",
};

function num(x: number, unit: string): string {
  if (unit === "share") return `${(x * 100).toFixed(1)}%`;
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function limitText(l: BenchLimit, unit: string): string {
  const op = { "<": "<", "<=": "≤", ">=": "≥", ">": ">" }[l.op];
  const text = {
    value: `${op} ${num(l.value, unit)}${unit === "share" ? "" : ` ${unit}`}`,
    ratio: `ratio ${op} ${l.value}`,
    excess: `${op} ${num(l.value, unit)} ${unit} over floor`,
    peakMb: `peak ${op} ${l.value} MB`,
  }[l.on];
  return l.fullSizeOnly ? `${text} (at full size)` : text;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");
const table = [
  "| Bench | Figure | Engine | Value | Floor | Ratio | Limit (issue) | Pass | Peak MB | Runs |",
  "|---|---|---|--:|--:|--:|---|---|--:|---|",
  ...rows
    .map((r) =>
      [
        r.bench,
        r.figure,
        r.engine,
        `${num(r.value, r.unit)} ${r.unit === "share" ? "" : r.unit}`.trim(),
        r.floor ? `${num(r.floor.value, r.unit)} (${r.floor.label})` : "—",
        r.ratio === null ? "—" : r.ratio.toFixed(2),
        r.checks.map((c) => `${limitText(c, r.unit)}, ${c.source}`).join("; ") || "—",
        r.pass === null ? (r.checks.length ? "n/a" : "—") : r.pass ? "pass" : "**FAIL**",
        r.peakMb ? String(r.peakMb) : "—",
        r.stat ?? (r.runs > 1 ? `median of ${r.runs} runs` : "1 run"),
      ]
        .map((c) => cell(String(c)))
        .join(" | "),
    )
    .map((l) => `| ${l} |`),
];
const failedBenches = benches.filter((b) => b.error);
const md = [
  "# Huikuan benchmarks",
  "",
  `Size **${size}**: ${DATA.customers.toLocaleString("en-US")} customers / ${DATA.invoices.toLocaleString("en-US")} invoices / ${DATA.payments.toLocaleString("en-US")} payments. ` +
    `Run ${started.toISOString()} in ${(seconds / 60).toFixed(1)} min on ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, ` +
    `Node ${machine.node}, PostgreSQL ${machine.postgres}, PGlite in a temporary folder; load average at the end ${machine.loadAverage.join(", ")}.`,
  "",
  ...table,
  "",
  "Value and floor are in the same unit and measured in the same run; ratio = value / floor. Limits are the issues' " +
    "figures; those stated for the full data size (absolute times over 1,000,000 invoices) are judged only with " +
    "`--size full` (n/a otherwise). Peak MB is the peak resident memory of the process that did the work (the CLI " +
    "child for import and the demo load, the server child for the worklist, else the bench process, which holds " +
    "PGlite in-process; the PostgreSQL server's memory is not included). Runs: how the value was summarised.",
  "",
  "| Bench | Command | Runs | Seconds | Peak MB | Status |",
  "|---|---|--:|--:|--:|---|",
  ...benches.map(
    (b) =>
      `| ${b.name} | \`${b.command}\` | ${b.runs} | ${b.seconds.toFixed(1)} | ${b.peakMb ?? "—"} | ${b.error ? cell(b.error) : "ok"} |`,
  ),
  "",
  "Each run's own output is in `bench/out/`.",
  "",
].join("\n");
fs.writeFileSync(path.join(benchDir, "report.md"), md);
fs.writeFileSync(
  path.join(benchDir, "report.json"),
  `${JSON.stringify({ size, data: DATA, startedAt: started.toISOString(), seconds: Math.round(seconds), machine, benches, figures: rows }, null, 2)}\n`,
);
console.log(`\n${table.join("\n")}\n`);
console.log(
  `bench/report.md and bench/report.json written; ${(seconds / 60).toFixed(1)} min` +
    (failedBenches.length
      ? `; ${failedBenches.length} bench(es) with errors: ${failedBenches.map((b) => b.name).join(", ")}`
      : ""),
);
if (failedBenches.length) process.exitCode = 1;
