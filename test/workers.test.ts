// The daily run shared by worker processes (issue 9): three `huikuan worker` processes take shards of a run that
// `huikuan run` starts; one worker is killed (SIGKILL) while it holds a shard. The run still finishes, the killed
// shard is taken over, and what the run wrote is the same as a single process writes on the same data.
// PostgreSQL only: PGlite is one process.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminQuery, withDatabase } from "./global-setup.ts";

const root = path.resolve(import.meta.dirname, "..");
const url = process.env.TEST_DATABASE_URL;
const AS_OF = "2026-11-20";
const DEMO = ["demo", "--customers", "2000", "--invoices", "40000", "--payments", "30000", "--as-of", AS_OF];

function cli(dbUrl: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(root, "bin/huikuan.js"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, HUIKUAN_SCHEDULER: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.once("exit", (code) => resolve(code));
  });
}
async function ok(dbUrl: string, args: string[]): Promise<void> {
  const p = cli(dbUrl, args);
  let err = "";
  p.stderr?.on("data", (d) => {
    err += d;
  });
  const code = await exited(p);
  if (code !== 0) throw new Error(`huikuan ${args.join(" ")} exited ${code}: ${err}`);
}

/** What a run writes, without ids and times that differ between two databases. */
async function written(client: pg.Client) {
  const q = async (text: string) => (await client.query(text)).rows;
  return {
    tasks: await q(`select customer_id, collector_id, kind, action, channel, contact_id, window_start, window_end,
        priority, reasons, cause, grade, amount_overdue, days_past_due, script_id, playbook_id, variant, step_index
      from tasks where run_date = '${AS_OF}' order by customer_id, step_index`),
    states: await q(`select customer_id, as_of, currency, balance, overdue, days_past_due, grade, cause,
        cause_confidence, cause_source, cause_evidence, playbook_id, variant, step_index, step_on, stopped_by
      from collection_states order by customer_id`),
    causes: await q(`select customer_id, cause, confidence, source, evidence from cause_history
      order by customer_id, id`),
  };
}

describe.skipIf(!url)("the daily run across worker processes on PostgreSQL", () => {
  const names = [`huikuan_w1_${inject("runId")}_${process.pid}`, `huikuan_w3_${inject("runId")}_${process.pid}`];
  // Built lazily: a skipped describe still runs its body, and there is no URL to build from then.
  const urls = url ? names.map((n) => withDatabase(url, n)) : [];
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    for (const n of names) await adminQuery(url as string, `create database ${n} template ${inject("pgTemplate")}`);
    await Promise.all(urls.map((u) => ok(u, DEMO)));
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    for (const n of names) await adminQuery(url as string, `drop database if exists ${n} with (force)`);
  });

  it("finishes with three workers when one is killed holding a shard, and writes what one process writes", async () => {
    const [single, shared] = urls as [string, string];
    await ok(single, ["run", "--as-of", AS_OF, "--shards", "1"]);

    for (let i = 0; i < 3; i++) workers.push(cli(shared, ["worker", "--idle", "50"]));
    const watch = new pg.Client({ connectionString: shared });
    await watch.connect();
    try {
      // Workers are up when they say so.
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.stdout?.on("data", (d: Buffer) => {
                if (String(d).includes("waiting for daily runs")) resolve();
              });
            }),
        ),
      );
      const run = cli(shared, ["run", "--as-of", AS_OF, "--shards", "40", "--concurrency", "1"]);
      let runErr = "";
      run.stderr?.on("data", (d) => {
        runErr += d;
      });
      // Kill the first worker seen holding a shard, while it holds it.
      const victim = workers[0] as ChildProcess;
      let killed = false;
      let held: number[] = [];
      while (!killed && run.exitCode === null) {
        const { rows } = await watch.query(
          "select shard from collection_run_shards where status = 'running' and worker like $1",
          [`%:${victim.pid}`],
        );
        if (rows.length) {
          victim.kill("SIGKILL");
          killed = true;
          held = rows.map((r) => Number(r.shard));
        } else await new Promise((r) => setTimeout(r, 5));
      }
      expect(killed).toBe(true);
      expect(await exited(run), runErr).toBe(0);
      const { rows: shards } = await watch.query(
        "select shard, status, attempts, worker from collection_run_shards where as_of = $1 order by shard",
        [AS_OF],
      );
      expect(shards).toHaveLength(40);
      expect(shards.every((s) => s.status === "done")).toBe(true);
      // The shard the killed worker held was attempted again and finished by another process. (Another shard may
      // have been retried too, by the victim itself before it was killed, when a lease ran out on a loaded machine.)
      expect(held.length).toBeGreaterThan(0);
      for (const k of held) {
        const s = shards.find((x) => Number(x.shard) === k);
        expect(s?.attempts, `shard ${k}`).toBeGreaterThan(1);
        expect(String(s?.worker), `shard ${k}`).not.toMatch(new RegExp(`:${victim.pid}$`));
      }
      // Several processes did the work.
      expect(new Set(shards.map((s) => s.worker)).size).toBeGreaterThan(1);

      const reference = new pg.Client({ connectionString: single });
      await reference.connect();
      try {
        const [a, b] = [await written(reference), await written(watch)];
        expect(a.tasks.length).toBeGreaterThan(100);
        expect(b.tasks).toEqual(a.tasks);
        expect(b.states).toEqual(a.states);
        expect(b.causes).toEqual(a.causes);
      } finally {
        await reference.end();
      }
    } finally {
      await watch.end();
    }
  }, 120_000);
});
