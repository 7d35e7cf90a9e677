// Shared by the bench scripts: fresh databases, timing, peak memory of child processes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";

export const PG_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

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

/** Runs the huikuan CLI as a user would, under /usr/bin/time for the peak resident memory. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): { seconds: number; peakMb: number; out: string } {
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
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(time)?.[1] ?? 0);
  return { seconds, peakMb: Math.round(kb / 1024), out: r.stdout };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
