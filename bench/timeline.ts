// Figure (workspace issue): the timeline of a customer with 5,000 events, first page (50 entries) < 50 ms on
// PostgreSQL, through the HTTP API with a signed-in user; also the tenth page by cursor. The database holds 2,000
// other customers with their own events, so the indexes do the work.
// Usage: npx tsx bench/timeline.ts [--events 5000] [--requests 200]
import { sql } from "drizzle-orm";
import { addUser } from "../src/auth/manage-users.ts";
import { getTimeline } from "../src/customers/get-timeline.ts";
import { connect } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { createApp } from "../src/http/app.ts";
import { signIn } from "../test/http-session.ts";
import { arg, emitResult, freshPgDatabase, peakMb } from "./bench-util.ts";

const events = arg("events", 5000);
const requests = arg("requests", 200);
const url = await freshPgDatabase("huikuan_bench_timeline");
const database = await connect({ databaseUrl: url });
await migrate(database);
const now = () => new Date("2026-11-20T02:00:00Z");
const boss = await addUser(
  { database, now },
  { login: "boss", name: "Boss", role: "admin", password: "bench-password-1" },
  "bench",
);
const db = database.db;
await db.execute(
  sql`insert into customers (code, name) select 'C' || g, 'Customer ' || g from generate_series(1, 2001) g`,
);
const [target] = await queryRows<{ id: string }>(db, sql`select id from customers where code = 'C1'`);
const id = Number(target?.id);
// Each customer: a fifth of the events as invoices, payments, calls, promises and tasks (the target has `events`).
const each = (n: number) => Math.floor(n / 5);
await db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
  select c.id, 'N' || g, date '2020-01-01' + (g % 2000), date '2020-02-01' + (g % 2000), 10000 + g, 'CNY'
  from customers c, generate_series(1, case when c.id = ${id} then ${each(events)} else 20 end) g`);
await db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
  select c.id, 'P' || g, date '2020-01-15' + (g % 2000), 5000, 'CNY'
  from customers c, generate_series(1, case when c.id = ${id} then ${each(events)} else 20 end) g`);
await db.execute(sql`insert into interactions (customer_id, channel, direction, outcome, at, actor)
  select c.id, 'call', 'outbound', 'no_answer', timestamptz '2020-01-10 02:00:00+00' + g * interval '7 hours', 'c1'
  from customers c, generate_series(1, case when c.id = ${id} then ${each(events)} else 20 end) g`);
await db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by, created_at)
  select c.id, 1000, 'CNY', date '2020-03-01' + (g % 2000), date '2020-02-20' + (g % 2000), 'c1',
    timestamptz '2020-02-20 03:00:00+00' + g * interval '9 hours'
  from customers c, generate_series(1, case when c.id = ${id} then ${each(events)} else 5 end) g`);
await db.execute(sql`insert into tasks (run_date, customer_id, kind, action, priority, reasons, cause, grade,
    amount_overdue, currency, playbook_id, variant, step_index, tone, created_at)
  select date '2020-01-01' + g, c.id, 'call', 'call', 50, '[]', 'forgot', 'overdue', 100, 'CNY', 'p', 'champion', g, 'friendly',
    timestamptz '2020-01-01 06:00:00+00' + g * interval '1 day'
  from customers c, generate_series(1, case when c.id = ${id} then ${events - 4 * each(events)} else 5 end) g`);
await db.execute(sql`analyze`);

const app = createApp({ database, now, version: "bench" });
const client = await signIn(app, "boss", "bench-password-1");
const time = async (path: string) => {
  const t = performance.now();
  const res = await client("GET", path);
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  const body = (await res.json()) as { cursor: string }[];
  return { ms: performance.now() - t, body };
};
for (let i = 0; i < 20; i++) await time(`/api/customers/${id}/timeline?limit=50`); // warm up
const first: number[] = [];
for (let i = 0; i < requests; i++) first.push((await time(`/api/customers/${id}/timeline?limit=50`)).ms);
// The tenth page, by following cursors.
let before = "";
for (let p = 0; p < 9; p++) {
  const { body } = await time(
    `/api/customers/${id}/timeline?limit=50${before ? `&before=${encodeURIComponent(before)}` : ""}`,
  );
  before = body.at(-1)?.cursor ?? "";
}
const tenth: number[] = [];
for (let i = 0; i < requests; i++) {
  tenth.push((await time(`/api/customers/${id}/timeline?limit=50&before=${encodeURIComponent(before)}`)).ms);
}
// The floor: the same use case called directly, its result serialised, without HTTP, session or validation.
const bareFirst: number[] = [];
for (let i = 0; i < requests; i++) {
  const t = performance.now();
  JSON.stringify(await getTimeline(db, { ...boss, team: null }, id, { limit: 50 }));
  bareFirst.push(performance.now() - t);
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number;
const [{ n }] = (await queryRows<{ n: number }>(
  db,
  sql`select (select count(*) from invoices where customer_id = ${id})
  + (select count(*) from payments where customer_id = ${id}) + (select count(*) from interactions where customer_id = ${id})
  + (select count(*) from promises where customer_id = ${id}) + (select count(*) from tasks where customer_id = ${id}) as n`,
)) as [{ n: number }];
console.log(`timeline of a customer with ${n} events on PostgreSQL, page of 50 over HTTP (${requests} requests each):`);
console.log(`  first page: p50 ${pct(first, 0.5).toFixed(1)} ms, p99 ${pct(first, 0.99).toFixed(1)} ms (limit 50 ms)`);
console.log(`  tenth page: p50 ${pct(tenth, 0.5).toFixed(1)} ms, p99 ${pct(tenth, 0.99).toFixed(1)} ms`);
console.log(`  floor, first page by getTimeline called directly: p50 ${pct(bareFirst, 0.5).toFixed(1)} ms`);
const timelineFigure = (figure: string, value: number, stat: string, limited: boolean, floor?: number) => ({
  figure: `timeline, ${n} events: ${figure}`,
  engine: "PostgreSQL" as const,
  value,
  floor: floor === undefined ? undefined : { label: "getTimeline called directly", value: floor },
  unit: "ms",
  peakMb: peakMb(),
  stat: `${stat} of ${requests} requests`,
  limits: limited ? [{ on: "value" as const, op: "<" as const, value: 50, source: "issue 4" }] : [],
});
emitResult("timeline", [
  timelineFigure("first page", pct(first, 0.5), "p50", true, pct(bareFirst, 0.5)),
  timelineFigure("first page p99", pct(first, 0.99), "p99", false),
  timelineFigure("tenth page", pct(tenth, 0.5), "p50", false),
]);
await database.close();
