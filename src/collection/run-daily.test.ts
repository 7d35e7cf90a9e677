import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { RISK_GRADES } from "../aging/aging.rules.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { setSetting } from "../settings/settings.ts";
import { CAUSES } from "./collection.enums.ts";
import { getWorklist } from "./get-worklist.ts";
import { runDaily } from "./run-daily.ts";
import { setCause } from "./set-cause.ts";

// 2025-03-12 is a Wednesday; the company's zone is Asia/Shanghai (the default setting).
const NOW = new Date("2025-03-12T01:00:00Z");

describe.each(ENGINES)("runDaily on %s", (engine) => {
  let database: Database;
  afterEach(async () => {
    await database?.close();
  });
  const deps = (now = NOW) => ({ database, now: () => now });
  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(database.db, q);
  const run = (asOf: string, now = NOW) => runDaily(deps(now), { asOf, trigger: "cli", actor: "test" });

  /** Two collectors in one team with a manager; customers with contacts in Shanghai and invoices due long ago. */
  async function seed() {
    database = await openTestDatabase(engine);
    await database.db.execute(sql`insert into users (login, name, role, team) values
      ('mgr', 'Manager', 'manager', 'east'), ('c1', 'Collector One', 'collector', 'east'),
      ('c2', 'Collector Two', 'collector', 'east')`);
    const ids = async (login: string) =>
      Number((await rows<{ id: string }>(sql`select id from users where login = ${login}`))[0]?.id);
    const c1 = await ids("c1");
    const c2 = await ids("c2");
    await database.db.execute(sql`insert into customers (code, name, collector_id, time_zone, debtor_type) values
      ('A', 'Alpha Trading', ${c1}, 'Asia/Shanghai', 'business'),
      ('B', 'Beta Metals', ${c1}, 'Asia/Shanghai', 'business'),
      ('C', 'Gamma Parts', ${c2}, null, 'business'),
      ('D', 'Delta Paid Up', ${c2}, 'Asia/Shanghai', 'business')`);
    await database.db.execute(sql`insert into contacts (customer_id, name, role, phones, emails, time_zone)
      select id, 'AP ' || code, 'finance', array['+8613800000000'], array['ap@example.com'], 'Asia/Shanghai'
      from customers where code in ('A', 'B', 'D')`);
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      select c.id, v.number, v.issued::date, v.due::date, v.amount, 'CNY'
      from (values ('A', 'A-1', '2025-01-01', '2025-02-01', 1000000), ('A', 'A-2', '2025-02-01', '2025-03-03', 500000),
                   ('B', 'B-1', '2024-09-01', '2024-10-01', 250000),
                   ('C', 'C-1', '2025-01-10', '2025-02-10', 80000),
                   ('D', 'D-1', '2025-01-10', '2025-02-10', 70000)) as v(code, number, issued, due, amount)
      join customers c on c.code = v.code`);
    await database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select id, 'P-1', '2025-02-20', 70000, 'CNY' from customers where code = 'D'`);
  }
  const tasksOf = (code: string) =>
    rows<{ action: string; status: string; run_date: string; step_index: number; priority: number }>(
      sql`select t.action, t.status, t.run_date, t.step_index, t.priority from tasks t
          join customers c on c.id = t.customer_id where c.code = ${code} order by t.id`,
    );

  it("writes one prioritised task per overdue customer with cause, playbook, reasons and a window inside the gate's hours", async () => {
    await seed();
    const r = await run("2025-03-12");
    expect(r.status).toBe("done");
    expect(r.stats).toMatchObject({ customersOverdue: 3, tasksCreated: 3, causesChanged: 3 });
    const tasks = await getWorklist(database.db, {});
    expect(tasks.map((t) => t.customerCode).sort()).toEqual(["A", "B", "C"]);
    for (let i = 1; i < tasks.length; i++) {
      expect(tasks[i - 1]?.priority).toBeGreaterThanOrEqual(tasks[i]?.priority as number);
    }
    const a = tasks.find((t) => t.customerCode === "A");
    expect(a).toMatchObject({
      collector: "c1",
      grade: "overdue",
      amountOverdue: "15000.00",
      amountOverdueMinor: "1500000",
      daysPastDue: 39,
      currency: "CNY",
      variant: expect.stringMatching(/^(champion|challenger)$/),
      runDate: "2025-03-12",
    });
    expect(a?.cause).toBeTruthy();
    expect(a?.reasons.length).toBeGreaterThan(0);
    expect(a?.scriptId).toBeTruthy();
    expect(a?.window).not.toBeNull();
    expect(a?.windowReason).toBeTruthy();
    {
      // Inside 08:00-21:00 Shanghai time (UTC+8) on the run date.
      const start = new Date(a?.window?.start as string).getTime();
      const end = new Date(a?.window?.end as string).getTime();
      expect(start).toBeGreaterThanOrEqual(Date.parse("2025-03-12T00:00:00Z"));
      expect(end).toBeLessThanOrEqual(Date.parse("2025-03-12T13:00:00Z"));
      expect(end).toBeGreaterThan(start);
    }
    // C has no contact and no time zone: its task says why it has no window.
    const c = tasks.find((t) => t.customerCode === "C");
    expect(c?.window).toBeNull();
    expect(c?.reasons.join(" ")).toMatch(/no contact window/);
    expect(await getWorklist(database.db, { collector: "c2" })).toHaveLength(1);
    const states = await rows<{ code: string; grade: string; cause: string; cause_source: string }>(
      sql`select c.code, s.grade, s.cause, s.cause_source from collection_states s join customers c on c.id = s.customer_id order by c.code`,
    );
    expect(states.map((s) => [s.code, s.cause_source])).toEqual([
      ["A", "rule"],
      ["B", "rule"],
      ["C", "rule"],
    ]);
    // A first cause is the state's, from the run's date, given by the run; it replaced none, so no history yet.
    const given = await rows<{ cause_since: string; cause_set_by: string; set_at: string; cause_note: string | null }>(
      sql`select cause_since, cause_set_by, cause_set_at::text as set_at, cause_note from collection_states
        order by customer_id`,
    );
    expect(given).toHaveLength(3);
    for (const g of given) {
      expect(g).toMatchObject({ cause_since: "2025-03-12", cause_set_by: "test", cause_note: null });
      expect(new Date(g.set_at).toISOString()).toBe(NOW.toISOString());
    }
    const history = await rows<{ n: number }>(sql`select count(*)::int as n from cause_history`);
    expect(history[0]?.n).toBe(0);
    const audit = await rows<{ action: string }>(sql`select action from audit_log where action = 'collection.run'`);
    expect(audit).toHaveLength(1);
  });

  it("moves a cause the rules or a person replace into the history, ended that day, with who gave it and when", async () => {
    await seed();
    await run("2025-03-12");
    const stateOf = async () =>
      (
        await rows<{ cause: string; cause_source: string; cause_since: string; cause_set_by: string }>(
          sql`select s.cause, s.cause_source, s.cause_since, s.cause_set_by from collection_states s
            join customers c on c.id = s.customer_id where c.code = 'A'`,
        )
      )[0];
    const first = await stateOf();
    expect(first?.cause).not.toBe("dispute");
    // A disputes its overdue invoice: the next run's rules give the dispute as the cause.
    await database.db.execute(sql`update invoices set disputed = true where number = 'A-1'`);
    const later = new Date("2025-03-13T01:00:00Z");
    await run("2025-03-13", later);
    expect(await stateOf()).toEqual({
      cause: "dispute",
      cause_source: "rule",
      cause_since: "2025-03-13",
      cause_set_by: "test",
    });
    const historyOf = () =>
      rows<{ cause: string; source: string; as_of: string; ended_on: string; set_by: string; note: string | null }>(
        sql`select h.cause, h.source, h.as_of, h.ended_on, h.set_by, h.note from cause_history h
          join customers c on c.id = h.customer_id where c.code = 'A' order by h.id`,
      );
    expect(await historyOf()).toEqual([
      { cause: first?.cause, source: "rule", as_of: "2025-03-12", ended_on: "2025-03-13", set_by: "test", note: null },
    ]);
    // A person replaces the dispute: it goes into the history too, and the person's cause is the state's.
    await setCause(deps(later), { customerCode: "A", cause: "hardship", note: "asked for time", actor: "c1" });
    expect(await historyOf()).toEqual([
      { cause: first?.cause, source: "rule", as_of: "2025-03-12", ended_on: "2025-03-13", set_by: "test", note: null },
      { cause: "dispute", source: "rule", as_of: "2025-03-13", ended_on: "2025-03-13", set_by: "test", note: null },
    ]);
    expect(await stateOf()).toMatchObject({ cause: "hardship", cause_source: "manual", cause_set_by: "c1" });
    // A run the same day keeps the person's cause and writes no history.
    await run("2025-03-14", new Date("2025-03-14T01:00:00Z"));
    expect(await historyOf()).toHaveLength(2);
    expect(await stateOf()).toMatchObject({ cause: "hardship", cause_source: "manual", cause_since: "2025-03-13" });
  });

  it("creates nothing new on a second run for the same date, and refuses the future and the past", async () => {
    await seed();
    await run("2025-03-12");
    const again = await run("2025-03-12");
    expect(again.status).toBe("already_done");
    expect(await rows(sql`select count(*)::int as n from tasks`)).toEqual([{ n: 3 }]);
    await expect(run("2025-03-13")).rejects.toThrow(/future date is refused/);
    await expect(run("2025-03-11")).rejects.toThrow(/runs go forward/);
    await expect(run("2025-03-13")).rejects.toBeInstanceOf(AppError);
  });

  it("completes a run that was interrupted, without duplicates", async () => {
    await seed();
    // A crash leaves the run marked "running" and none of its work (it all commits together).
    await database.db.execute(sql`insert into collection_runs (as_of, status, trigger, started_at)
      values ('2025-03-12', 'running', 'schedule', now())`);
    const r = await run("2025-03-12");
    expect(r.status).toBe("done");
    expect(await rows(sql`select count(*)::int as n from tasks`)).toEqual([{ n: 3 }]);
    expect(await rows(sql`select status from collection_runs`)).toEqual([{ status: "done" }]);
  });

  it("fails with the database's own message when a shard keeps failing, and tries it afresh when started again", async () => {
    await seed();
    // B's balance no longer fits in 64 bits: the aging of its shard fails every time.
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      select id, 'B-huge', '2024-09-01', '2024-10-01', 9223372036854775807, 'CNY' from customers where code = 'B'`);
    const failure = await run("2025-03-12").catch((e: Error) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as Error).message).toMatch(/failed 3 times: .*bigint out of range/);
    expect((failure as Error).message).not.toMatch(/create temp table|select /);
    const [stored] = await rows<{ status: string; error: string }>(sql`select status, error from collection_runs`);
    expect(stored?.status).toBe("failed");
    expect(stored?.error.length).toBeLessThan(1100);
    // The data is put right; the next run for that date does the failed shard again instead of giving up at once.
    await database.db.execute(sql`delete from invoices where number = 'B-huge'`);
    const r = await run("2025-03-12");
    expect(r.status).toBe("done");
    expect(await rows(sql`select count(*)::int as n from tasks`)).toEqual([{ n: 3 }]);
    expect(await rows(sql`select distinct status from collection_run_shards`)).toEqual([{ status: "done" }]);
  });

  it("waits the step's days, then writes the next step and retires the older task", async () => {
    await seed();
    await run("2025-03-12");
    const first = await tasksOf("A");
    expect(first).toHaveLength(1);
    // The next day: the first step's wait has not passed. The open task stays, its window moved to that day.
    await run("2025-03-13", new Date("2025-03-13T01:00:00Z"));
    expect(await tasksOf("A")).toHaveLength(1);
    const [moved] = (await getWorklist(database.db, { collector: "c1", now: new Date("2025-03-13T01:00:00Z") })).filter(
      (t) => t.customerCode === "A",
    );
    expect(moved?.runDate).toBe("2025-03-12");
    expect(moved?.window?.start.slice(0, 10)).toBe("2025-03-13");
    // Ten days later every default first step has waited long enough.
    await run("2025-03-22", new Date("2025-03-22T01:00:00Z"));
    const later = await tasksOf("A");
    expect(later).toHaveLength(2);
    expect(later[0]).toMatchObject({ status: "cancelled", step_index: 0 });
    expect(later[1]).toMatchObject({ status: "open", step_index: 1, run_date: "2025-03-22" });
  });

  it("holds an email step while the customer's email reply waits to be read, and takes it once a collector has looked", async () => {
    await seed();
    // One playbook for every grade and cause: an email first, then a call.
    await setSetting(
      deps(),
      "collection.playbooks",
      {
        playbooks: [
          {
            id: "mail-first",
            name: "Mail first",
            grades: RISK_GRADES.filter((g) => g !== "current"),
            causes: [...CAUSES],
            steps: [
              {
                id: "mail",
                action: "email_reminder",
                channel: "email",
                script: "email.friendly_reminder",
                waitDays: 3,
                tone: "friendly",
                stopOn: [],
              },
              {
                id: "call",
                action: "call",
                channel: "call",
                script: "call.forgot.reminder",
                waitDays: 3,
                tone: "firm",
                stopOn: [],
              },
            ],
          },
        ],
      },
      "test",
    );
    const [a] = await rows<{ id: string }>(sql`select id from customers where code = 'A'`);
    await database.db.execute(sql`insert into reminder_pauses (customer_id, paused_at, reason)
      values (${a?.id}, '2025-03-11T06:00:00Z', 'email reply')`);
    await run("2025-03-12");
    const held = await rows<{ kind: string; action: string; reasons: string[] }>(
      sql`select kind, action, reasons from tasks where customer_id = ${a?.id}`,
    );
    expect(held).toEqual([
      {
        kind: "review",
        action: "email_reminder",
        reasons: expect.arrayContaining([expect.stringContaining("replied by email on 2025-03-11")]),
      },
    ]);
    const [b] = await rows<{ kind: string }>(
      sql`select t.kind from tasks t join customers c on c.id = t.customer_id where c.code = 'B'`,
    );
    expect(b?.kind).toBe("email");
    // The step did not move on: once the pause is lifted the email is the next day's task.
    const [state] = await rows<{ step_index: number | null }>(
      sql`select step_index from collection_states where customer_id = ${a?.id}`,
    );
    expect(state?.step_index ?? null).toBeNull();
    await database.db.execute(sql`delete from reminder_pauses`);
    await run("2025-03-13", new Date("2025-03-13T01:00:00Z"));
    const after = await rows<{ kind: string; action: string; run_date: string }>(
      sql`select kind, action, run_date::text as run_date from tasks where customer_id = ${a?.id} order by id`,
    );
    expect(after.at(-1)).toEqual({ kind: "email", action: "email_reminder", run_date: "2025-03-13" });
  });

  it("pauses on a promise, and re-opens with a higher priority when the promise is broken", async () => {
    await seed();
    await run("2025-03-12");
    const before = (await tasksOf("B"))[0]?.priority as number;
    await database.db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by)
      select id, 250000, 'CNY', '2025-03-14', '2025-03-12', 'c1' from customers where code = 'B'`);
    await run("2025-03-13", new Date("2025-03-13T01:00:00Z"));
    const state = await rows<{ stopped_by: string }>(
      sql`select stopped_by from collection_states s join customers c on c.id = s.customer_id where c.code = 'B'`,
    );
    expect(state).toEqual([{ stopped_by: "promise_made" }]);
    // No payment by the 14th: on the 15th the promise is broken and the playbook moves on at once.
    const r = await run("2025-03-15", new Date("2025-03-15T01:00:00Z"));
    expect(r.stats.promisesSettled).toBe(1);
    expect(await rows(sql`select status, paid_amount::text as paid from promises`)).toEqual([
      { status: "broken", paid: "0" },
    ]);
    const after = await tasksOf("B");
    expect(after).toHaveLength(2);
    expect(after[1]?.priority).toBeGreaterThan(before);
  });

  it("keeps a cause set by hand until its re-check date, and clears customers who paid", async () => {
    await seed();
    await expect(setCause(deps(), { customerCode: "A", cause: "fx_wait", note: " ", actor: "c1" })).rejects.toThrow(
      /needs a note/,
    );
    await setCause(deps(), {
      customerCode: "A",
      cause: "hardship",
      note: "owner says a big customer paid late; asked for two weeks",
      recheckOn: "2025-04-01",
      actor: "c1",
    });
    await run("2025-03-12");
    const [a] = await getWorklist(database.db, { collector: "c1" }).then((t) =>
      t.filter((x) => x.customerCode === "A"),
    );
    expect(a).toMatchObject({ cause: "hardship", playbook: "hardship", grade: "doubtful" });
    // The cause set by hand is A's state's, with who set it and why; it replaced nothing A had.
    const [state] = await rows<{ cause_source: string; cause_note: string; cause_set_by: string; cause_since: string }>(
      sql`select s.cause_source, s.cause_note, s.cause_set_by, s.cause_since from collection_states s
        join customers c on c.id = s.customer_id where c.code = 'A'`,
    );
    expect(state).toEqual({
      cause_source: "manual",
      cause_note: "owner says a big customer paid late; asked for two weeks",
      cause_set_by: "c1",
      cause_since: "2025-03-12",
    });
    expect(await rows(sql`select 1 from cause_history`)).toEqual([]);
    // C pays in full: the next run clears it and retires its task.
    await database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
      select id, 'P-C', '2025-03-12', 80000, 'CNY' from customers where code = 'C'`);
    const r = await run("2025-03-13", new Date("2025-03-13T01:00:00Z"));
    expect(r.stats.customersCleared).toBe(1);
    expect((await tasksOf("C")).map((t) => t.status)).toEqual(["cancelled"]);
  });

  it("suggests the hour a contact has answered in before, and says so", async () => {
    await seed();
    // Ms AP of A answered 6 of 8 calls on Wednesdays at 10:00 Shanghai time over the last two months.
    await database.db.execute(sql`insert into interactions (customer_id, contact_id, channel, direction, at, outcome, actor)
      select k.customer_id, k.id, 'call', 'outbound', (d || 'T10:05:00+08:00')::timestamptz,
        case when n <= 6 then 'connected' else 'no_answer' end, 'c1'
      from contacts k join customers c on c.id = k.customer_id,
        unnest(array['2025-01-15', '2025-01-22', '2025-01-29', '2025-02-05', '2025-02-12', '2025-02-19', '2025-02-26', '2025-03-05'])
          with ordinality as w(d, n)
      where c.code = 'A'`);
    await setCause(deps(), {
      customerCode: "A",
      cause: "hardship",
      note: "said cash is short this month",
      actor: "c1",
    });
    await run("2025-03-12");
    const [a] = (await getWorklist(database.db, { collector: "c1" })).filter((t) => t.customerCode === "A");
    expect(a).toMatchObject({ action: "call", playbook: "hardship" });
    expect(a?.window).toEqual({ start: "2025-03-12T02:00:00.000Z", end: "2025-03-12T03:00:00.000Z" });
    expect(a?.windowReason).toMatch(/connected 6 of 8 times on Wed 10/);
  });

  it("asks the manager for a review once, when a playbook runs out without payment", async () => {
    await seed();
    const day = (d: string) => new Date(`${d}T01:00:00Z`);
    for (const d of [
      "2025-03-12",
      "2025-03-25",
      "2025-04-08",
      "2025-04-22",
      "2025-05-06",
      "2025-05-20",
      "2025-06-03",
      "2025-06-17",
    ]) {
      await run(d, day(d));
    }
    const tasks = await rows<{
      action: string;
      kind: string;
      login: string | null;
      status: string;
      step_index: number;
    }>(
      sql`select t.action, t.kind, u.login, t.status, t.step_index from tasks t join customers c on c.id = t.customer_id
          left join users u on u.id = t.collector_id where c.code = 'B' order by t.id`,
    );
    // B ends on the late-stage playbook (4 steps); the review after its last step comes once, to the manager.
    const last = tasks.at(-1);
    expect(last).toMatchObject({
      action: "manager_escalation",
      kind: "review",
      login: "mgr",
      status: "open",
      step_index: 4,
    });
    expect(tasks.filter((t) => t.step_index === 4)).toHaveLength(1);
  });

  it("pauses on an active payment plan, and re-opens with a plan-broken priority when an installment is missed", async () => {
    await seed();
    await run("2025-03-12");
    const before = (await tasksOf("B"))[0]?.priority as number;
    // A plan agreed on the 12th: 1,000.00 on the 14th, 1,500.00 on April 14th; grace 5 days (the default).
    const [plan] = await rows<{
      id: string;
    }>(sql`insert into payment_plans (customer_id, currency, total, created_by, created_on)
      select id, 'CNY', 250000, 'c1', '2025-03-12' from customers where code = 'B' returning id`);
    await database.db.execute(sql`insert into plan_installments (plan_id, seq, due_on, amount)
      values (${plan?.id}, 1, '2025-03-14', 100000), (${plan?.id}, 2, '2025-04-14', 150000)`);
    await run("2025-03-13", new Date("2025-03-13T01:00:00Z"));
    const paused = await rows<{ stopped_by: string }>(
      sql`select stopped_by from collection_states s join customers c on c.id = s.customer_id where c.code = 'B'`,
    );
    expect(paused).toEqual([{ stopped_by: "plan_agreed" }]);
    // The playbook waits; the first installment (the 14th) is within the reminder days: one reminder, not two.
    expect((await tasksOf("B")).map((t) => t.action)).toEqual(["call", "sms"]);
    await run("2025-03-14", new Date("2025-03-14T01:00:00Z"));
    expect((await tasksOf("B")).map((t) => t.action)).toEqual(["call", "sms"]);
    // Nothing paid: past the grace the plan breaks (the run settles plans first) and the playbook moves on at once.
    await run("2025-03-21", new Date("2025-03-21T01:00:00Z"));
    expect(await rows(sql`select status from payment_plans`)).toEqual([{ status: "broken" }]);
    const after = await tasksOf("B");
    expect(after).toHaveLength(3);
    expect(after[2]?.priority).toBeGreaterThan(before);
    const [task] = (await getWorklist(database.db, { collector: "c1", now: new Date("2025-03-21T01:00:00Z") })).filter(
      (t) => t.customerCode === "B",
    );
    expect(task?.reasons.join(" ")).toMatch(/payment plan broke/);
  });

  it("puts a claim near the end of its limitation period on the worklist once, even while a promise pauses the playbook", async () => {
    await seed();
    // E's invoice fell due on 2022-04-20: three years run out on 2025-04-20, 39 days after the run date.
    await database.db.execute(sql`insert into customers (code, name, collector_id, time_zone, country)
      select 'E', 'Epsilon Old', id, 'Asia/Shanghai', 'CN' from users where login = 'c1'`);
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      select id, 'E-1', '2022-03-21', '2022-04-20', 300000, 'CNY' from customers where code = 'E'`);
    await database.db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by, status)
      select id, 300000, 'CNY', '2025-03-20', '2021-01-01', 'c1', 'open' from customers where code = 'E'`);
    await run("2025-03-12");
    const e = await tasksOf("E");
    expect(e.map((t) => t.action)).toEqual(["reminder_letter"]);
    const [task] = (await getWorklist(database.db, { collector: "c1" })).filter((t) => t.customerCode === "E");
    expect(task?.reasons.join(" ")).toMatch(/time-barred|limitation/i);
    // Not again while that letter is open.
    await run("2025-03-13", new Date("2025-03-13T01:00:00Z"));
    expect((await tasksOf("E")).map((t) => t.action)).toEqual(["reminder_letter"]);
  });
});
