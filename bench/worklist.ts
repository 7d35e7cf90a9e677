// Figure (engine issue): GET /api/worklist at 10 concurrent clients on PostgreSQL: p50/p99 latency and requests/s,
// beside a bare node:http handler that runs the same query and returns the same JSON, measured in the same run.
// Limits: p99 < 30 ms, and at least 0.7x the bare handler's requests/s.
// Usage: npx tsx bench/worklist.ts [--customers 20000 --invoices 200000 --payments 60000 --seconds 5 --limit 50]
import { spawn } from "node:child_process";
import http from "node:http";
import { serve } from "@hono/node-server";
import { getWorklist } from "../src/collection/get-worklist.ts";
import { runDaily } from "../src/collection/run-daily.ts";
import { connect } from "../src/db/connect.ts";
import { createApp } from "../src/http/app.ts";
import { arg, freshPgDatabase, median, runCli } from "./bench-util.ts";

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
  const url = await freshPgDatabase("huikuan_bench_worklist");
  runCli(["demo", ...Object.entries(size).flatMap(([k, v]) => [`--${k}`, String(v)]), "--as-of", today], {
    DATABASE_URL: url,
  });
  const database = await connect({ databaseUrl: url });
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
    const latencies: number[] = [];
    const end = performance.now() + seconds * 1000;
    let n = 0;
    const client = async (i: number) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(
          `http://127.0.0.1:${port}/api/worklist?collector=${COLLECTORS[(i + n++) % 5]}&limit=${page}`,
        );
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${kind}: HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    };
    // Warm up, then measure.
    for (let i = 0; i < 50; i++)
      await (await fetch(`http://127.0.0.1:${port}/api/worklist?collector=c1`)).arrayBuffer();
    latencies.length = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => client(i)));
    const rps = latencies.length / ((performance.now() - t0) / 1000);
    child.kill();
    latencies.sort((a, b) => a - b);
    return { rps, p50: median(latencies), p99: latencies[Math.floor(latencies.length * 0.99)] as number };
  }
  const bare = await load("bare", 3901);
  const app = await load("app", 3902);
  const ratio = app.rps / bare.rps;
  console.log(
    `bare handler: ${bare.rps.toFixed(0)} req/s, p50 ${bare.p50.toFixed(1)} ms, p99 ${bare.p99.toFixed(1)} ms\n` +
      `GET /api/worklist: ${app.rps.toFixed(0)} req/s, p50 ${app.p50.toFixed(1)} ms, p99 ${app.p99.toFixed(1)} ms (limit 30) ${app.p99 < 30 ? "ok" : "OVER"}; ` +
      `ratio ${ratio.toFixed(2)} (limit 0.7) ${ratio >= 0.7 ? "ok" : "UNDER"}`,
  );
}
