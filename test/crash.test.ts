// Crash safety as a user would meet it: the huikuan process is killed (SIGKILL, no chance to clean up) at random
// moments of an import and of a daily run, many times over. After every kill the database holds all of the work or
// none of it, and the next attempt completes it exactly once. PostgreSQL only: it is the engine that several
// processes share and that a server crash hits; PGlite's single process recovers through the same WAL replay.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminQuery, withDatabase } from "./global-setup.ts";

const root = path.resolve(import.meta.dirname, "..");
const url = process.env.TEST_DATABASE_URL;
const ROWS = 200_000;

describe.skipIf(!url)("crash safety on PostgreSQL", () => {
  const name = `huikuan_crash_${inject("runId")}_${process.pid}`;
  let dbUrl = "";
  let dir = "";
  let csv = "";
  beforeAll(async () => {
    await adminQuery(url as string, `create database ${name} template ${inject("pgTemplate")}`);
    dbUrl = withDatabase(url as string, name);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-crash-"));
    csv = path.join(dir, "invoices.csv");
    let text = "customer_code,customer_name,number,issue_date,due_date,amount,currency\n";
    for (let i = 0; i < ROWS; i++) {
      const c = i % 3000;
      text += `K${c},Crash ${c},N${i},2025-01-${String((i % 28) + 1).padStart(2, "0")},2025-02-${String((i % 28) + 1).padStart(2, "0")},${(i % 5000) + 1}.25,CNY\n`;
    }
    fs.writeFileSync(csv, text);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await adminQuery(url as string, `drop database if exists ${name} with (force)`);
  });

  /** Runs the CLI and kills it after `ms` (or lets it finish when ms is null). Resolves with the exit code. */
  function huikuan(args: string[], ms: number | null): Promise<number | null> {
    return new Promise((resolve) => {
      const child = spawn("node", [path.join(root, "bin/huikuan.js"), ...args], {
        env: { ...process.env, DATABASE_URL: dbUrl },
        stdio: "ignore",
      });
      const timer = ms === null ? null : setTimeout(() => child.kill("SIGKILL"), ms);
      child.on("exit", (code) => {
        if (timer) clearTimeout(timer);
        resolve(code);
      });
    });
  }
  async function count(sqlText: string): Promise<number> {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const r = await client.query(sqlText);
      return Number(r.rows[0]?.n);
    } finally {
      await client.end();
    }
  }

  it("never leaves half an import or half a daily run behind, however often it is killed", {
    timeout: 240_000,
  }, async () => {
    // Kill points spread over start-up, reading and writing (a 200k-row import takes about 1 to 1.5 s here).
    const killAt = [250, 400, 550, 700, 850, 1000, 1300];
    let killed = 0;
    for (const ms of killAt) {
      if ((await huikuan(["import", "invoices", csv], ms)) === null) killed++;
      const n = await count("select count(*)::int as n from invoices");
      expect([0, ROWS]).toContain(n);
      const customers = await count("select count(*)::int as n from customers");
      expect([0, 3000]).toContain(customers);
    }
    // The test only means something if the kills did land while work was going on.
    expect(killed).toBeGreaterThanOrEqual(2);
    expect(await huikuan(["import", "invoices", csv], null)).toBe(0);
    expect(await count("select count(*)::int as n from invoices")).toBe(ROWS);

    for (const ms of [500, 900, 1300, 1800]) {
      await huikuan(["run", "--as-of", "2025-03-12"], ms);
      // The run commits shard by shard: every shard is whole or absent. What is written is exactly what the shards
      // marked done say they wrote, and a run is only done when all its shards are.
      const tasks = await count("select count(*)::int as n from tasks");
      const states = await count("select count(*)::int as n from collection_states");
      const byShards = await count(
        "select coalesce(sum((stats->>'tasksCreated')::int), 0)::int as n from collection_run_shards where status = 'done'",
      );
      const statesByShards = await count(
        "select coalesce(sum((stats->>'customersOverdue')::int), 0)::int as n from collection_run_shards where status = 'done'",
      );
      expect(tasks).toBe(byShards);
      expect(states).toBe(statesByShards);
      const done = await count("select count(*)::int as n from collection_runs where status = 'done'");
      const open = await count("select count(*)::int as n from collection_run_shards where status <> 'done'");
      if (done) expect(open).toBe(0);
    }
    expect(await huikuan(["run", "--as-of", "2025-03-12"], null)).toBe(0);
    const tasks = await count("select count(*)::int as n from tasks");
    expect(tasks).toBe(await count("select count(*)::int as n from collection_states"));
    expect(tasks).toBeGreaterThan(0);
    expect(await count("select count(*)::int as n from collection_runs where status = 'done'")).toBe(1);
    // A later run for the same date adds nothing.
    expect(await huikuan(["run", "--as-of", "2025-03-12"], null)).toBe(0);
    expect(await count("select count(*)::int as n from tasks")).toBe(tasks);
  });

  it("records a payment and queues its receipt together or not at all, however the process dies", {
    timeout: 120_000,
  }, async () => {
    // The receipt template and a contact who may receive it (the CLI does not seed templates; the server does).
    const { connect } = await import("../src/db/connect.ts");
    const { seedDefaultTemplates } = await import("../src/messaging/seed-templates.ts");
    const database = await connect({ databaseUrl: dbUrl });
    try {
      await seedDefaultTemplates({ database, now: () => new Date() });
    } finally {
      await database.close();
    }
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      await client.query(`insert into contacts (customer_id, name, role, emails)
        select id, 'AP K1', 'finance', '{"ap@k1.example"}' from customers where code = 'K1'`);
    } finally {
      await client.end();
    }
    // Spread over start-up (about 0.4 s) and the payment's transaction; the CLI runs about 0.6 s in all here.
    const killAt = [100, 250, 350, 450, 550, 650, 800, null];
    const outcomes: (number | null)[] = [];
    for (const [i, ms] of killAt.entries()) {
      outcomes.push(
        await huikuan(
          ["payment", "record", "K1", "--amount", "10.00", "--date", "2025-03-01", "--reference", `CR-${i}`],
          ms,
        ),
      );
    }
    for (const [i] of killAt.entries()) {
      const payments = await count(`select count(*)::int as n from payments where reference = 'CR-${i}'`);
      const receipts = await count(
        `select count(*)::int as n from outbox_messages where idempotency_key in
          (select 'payment-receipt:' || id from payments where reference = 'CR-${i}')
          or (subject like '%CR-${i})%')`,
      );
      const audits = await count(
        `select count(*)::int as n from audit_log where action = 'payment.record' and after->>'reference' = 'CR-${i}'`,
      );
      expect([0, 1]).toContain(payments);
      expect(receipts).toBe(payments);
      expect(audits).toBe(payments);
    }
    // The last one ran to the end; some attempts were killed before they committed.
    expect(outcomes.at(-1)).toBe(0);
    expect(await count("select count(*)::int as n from payments where reference = 'CR-7'")).toBe(1);
    expect(outcomes.filter((o) => o === null).length).toBeGreaterThanOrEqual(2);
    expect(await count("select count(*)::int as n from payments where reference like 'CR-%'")).toBeLessThan(8);
  });
});
