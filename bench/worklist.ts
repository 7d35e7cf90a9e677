// Figure (engine issue): GET /api/worklist at 10 concurrent clients on PostgreSQL: p50/p99 latency and requests/s,
// beside a bare node:http handler that runs the same query and returns the same JSON, measured in the same run.
// Limits: p99 < 30 ms, and at least 0.7x the bare handler's requests/s.
// Usage: npx tsx bench/worklist.ts [--customers 20000 --invoices 200000 --payments 60000 --seconds 5 --limit 50]
//        [--reuse]
import { spawn } from "node:child_process";
import http from "node:http";
import { serve } from "@hono/node-server";
import { getWorklist } from "../src/collection/get-worklist.ts";
import { runDaily } from "../src/collection/run-daily.ts";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { createApp } from "../src/http/app.ts";
import { arg, emitResult, freshPgDatabase, median, PG_URL, peakMbOf, runCli } from "./bench-util.ts";

const today = "2026-11-20";
const COLLECTORS = ["c1", "c2", "c3", "c4", "c5"];

if (process.argv.includes("--serve")) {
  // Child process: one server, so the load generator does not share its event loop.
  const kind = process.argv[process.argv.indexOf("--serve") + 1];
  const port = arg("port", 0);
  const database = await connect({ databaseUrl: process.env.BENCH_URL as string, poolSize: 10 });
  if (kind === "app") {
    const app = createApp({ database, now: () => new Date(), version: "bench" });
    serve({ fetch: app.fetch, port }, () => console.log("ready"));
  } else {
    http
      .createServer(async (req, res) => {
        const params = new URL(req.url ?? "/", "http://x").searchParams;
        const collector = params.get("collector") ?? undefined;
        const tasks = await getWorklist(database.db, { collector, limit: Number(params.get("limit") ?? 50) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(tasks));
      })
      .listen(port, () => console.log("ready"));
  }
} else {
  const size = {
    customers: arg("customers", 20_000),
    invoices: arg("invoices", 200_000),
    payments: arg("payments", 60_000),
  };
  const seconds = arg("seconds", 5);
  const page = arg("limit", 50);
  // --reuse: the database the last run left (its data and today's tasks), migrated to this version, instead of
  // loading the demo and running the day again (minutes at ten times the data).
  const reuse = process.argv.includes("--reuse");
  const url = reuse ? reusedDatabase("huikuan_bench_worklist") : await freshPgDatabase("huikuan_bench_worklist");
  if (!reuse) {
    runCli(["demo", ...Object.entries(size).flatMap(([k, v]) => [`--${k}`, String(v)]), "--as-of", today], {
      DATABASE_URL: url,
    });
  }
  const database = await connect({ databaseUrl: url });
  if (reuse) await migrate(database);
  const r = await runDaily(
    { database, now: () => new Date(`${today}T12:00:00Z`) },
    { asOf: today, trigger: "cli", actor: "bench" },
  );
  const perCollector = (await getWorklist(database.db, { collector: "c1", limit: page })).length;
  await database.close();
  console.log(
    `worklist bench: ${size.customers} customers, ${r.stats.tasksCreated} tasks; a page is ${perCollector} tasks; 10 clients, ${seconds} s each`,
  );

  async function load(kind: "app" | "bare", port: number) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "bench/worklist.ts", "--serve", kind, "--port", String(port)],
      {
        env: { ...process.env, BENCH_URL: url },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    try {
      // The app answers a signed-in collector with their own tasks (the demo's collectors); the bare handler takes
      // the collector from the query string.
      const cookies = new Map<string, string>();
      if (kind === "app") {
        for (const login of COLLECTORS) {
          const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ login, password: "huikuan-demo" }),
          });
          if (res.status !== 200) throw new Error(`sign-in of ${login}: HTTP ${res.status} ${await res.text()}`);
          cookies.set(
            login,
            res.headers
              .getSetCookie()
              .map((c) => c.split(";")[0])
              .join("; "),
          );
        }
      }
      const get = async (collector: string) => {
        const res = await fetch(`http://127.0.0.1:${port}/api/worklist?collector=${collector}&limit=${page}`, {
          headers: { cookie: cookies.get(collector) ?? "" },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${kind}: HTTP ${res.status}`);
      };
      const latencies: number[] = [];
      let end = 0;
      let n = 0;
      const client = async (i: number) => {
        while (performance.now() < end) {
          const t0 = performance.now();
          await get(COLLECTORS[(i + n++) % 5] as string);
          latencies.push(performance.now() - t0);
        }
      };
      // Warm up, then measure.
      for (let i = 0; i < 50; i++) await get("c1");
      const t0 = performance.now();
      end = t0 + seconds * 1000;
      await Promise.all(Array.from({ length: 10 }, (_, i) => client(i)));
      const rps = latencies.length / ((performance.now() - t0) / 1000);
      const peakMb = peakMbOf(child.pid);
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.floor(latencies.length * 0.99)] as number;
      return { rps, p50: median(latencies), p99, peakMb, requests: latencies.length };
    } finally {
      child.kill();
    }
  }
  const bare = await load("bare", 3901);
  const app = await load("app", 3902);
  const ratio = app.rps / bare.rps;
  console.log(
    `bare handler: ${bare.rps.toFixed(0)} req/s, p50 ${bare.p50.toFixed(1)} ms, p99 ${bare.p99.toFixed(1)} ms\n` +
      `GET /api/worklist: ${app.rps.toFixed(0)} req/s, p50 ${app.p50.toFixed(1)} ms, p99 ${app.p99.toFixed(1)} ms (limit 30) ${app.p99 < 30 ? "ok" : "OVER"}; ` +
      `ratio ${ratio.toFixed(2)} (limit 0.7) ${ratio >= 0.7 ? "ok" : "UNDER"}`,
  );
  const stat = `${app.requests} requests, 10 clients`;
  emitResult("worklist", [
    {
      figure: "GET /api/worklist p99, 10 clients",
      engine: "PostgreSQL",
      value: app.p99,
      unit: "ms",
      floor: { label: "bare handler p99", value: bare.p99 },
      peakMb: app.peakMb,
      stat,
      limits: [{ on: "value", op: "<", value: 30, source: "issue 3" }],
    },
    {
      figure: "GET /api/worklist p50, 10 clients",
      engine: "PostgreSQL",
      value: app.p50,
      unit: "ms",
      floor: { label: "bare handler p50", value: bare.p50 },
      peakMb: app.peakMb,
      stat,
    },
    {
      figure: "GET /api/worklist requests/s, 10 clients",
      engine: "PostgreSQL",
      value: app.rps,
      unit: "req/s",
      floor: { label: "bare handler", value: bare.rps },
      peakMb: app.peakMb,
      stat,
      limits: [{ on: "ratio", op: ">=", value: 0.7, source: "issue 3" }],
    },
  ]);
}

function reusedDatabase(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
