// `huikuan log`, `huikuan promise` and `huikuan plan create` as a collector runs them: a child process on its own
// embedded data folder, acting as a named user within that user's portfolio.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliInTempDir } from "../../test/cli-process.ts";
import { addDays, dateInZone } from "../calendar/calendar-date.ts";
import { migrate } from "../db/migrate.ts";

const cli = cliInTempDir("workspace");
const tomorrow = addDays(dateInZone(new Date(), "Asia/Shanghai"), 1);
const inMonths = (n: number) => addDays(tomorrow, 30 * n);

const rows = cli.rows;

describe("the collector's commands", () => {
  beforeAll(async () => {
    cli.open();
    await cli.withDatabase(async (database) => {
      await migrate(database);
      await database.db.execute(sql`insert into users (login, name, role, team) values
        ('c1', 'Collector One', 'collector', 'east'), ('c2', 'Collector Two', 'collector', 'west'),
        ('f1', 'Finance Desk', 'finance', null)`);
      await database.db.execute(sql`insert into customers (code, name, collector_id)
        select v.code, v.name, u.id from (values ('W1', 'Wanda Steel', 'c1'), ('W2', 'Other Co', 'c2')) v(code, name, login)
        join users u on u.login = v.login`);
      await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        select id, 'W1-INV-1', '2025-01-01', '2025-02-01', 3000000, 'CNY' from customers where code = 'W1'`);
    });
  }, 120_000);
  afterAll(() => cli.close());

  it("logs an inbound call with its excuse and says what to answer", async () => {
    const r = cli.huikuan(
      "log",
      "W1",
      "--as",
      "c1",
      "--channel",
      "call",
      "--direction",
      "inbound",
      "--outcome",
      "connected",
      "--excuse",
      "no_money_now",
      "--note",
      "boss away till Monday",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^interaction \d+ recorded for W1/);
    expect(r.out).toMatch(/suggested reply/);
    const [i] = await rows<{ channel: string; direction: string; excuse: string; actor: string }>(
      sql`select channel, direction, excuse, actor from interactions`,
    );
    expect(i).toEqual({ channel: "call", direction: "inbound", excuse: "no_money_now", actor: "c1" });
  });

  it("records a promise, and refuses one dated in the past or on another collector's customer", async () => {
    const ok = cli.huikuan("promise", "W1", "--as", "c1", "--amount", "5000.00", "--date", tomorrow);
    expect(ok.err).toBe("");
    expect(ok.out.trim()).toBe(`promise ${ok.out.match(/promise (\d+)/)?.[1]}: W1 pays 5000.00 CNY by ${tomorrow}`);
    const past = cli.huikuan("promise", "W1", "--as", "c1", "--amount", "5000.00", "--date", "2020-01-01");
    expect(past.code).not.toBe(0);
    expect(past.err).toMatch(/cannot be dated in the past/);
    const foreign = cli.huikuan("promise", "W2", "--as", "c1", "--amount", "1.00", "--date", tomorrow);
    expect(foreign.code).not.toBe(0);
    // Another collector's customer answers like a missing one.
    expect(foreign.err).toMatch(/no such customer/);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from promises`);
    expect(n?.n).toBe(1);
  });

  it("refuses the finance role, as the API does (finance reads and changes nothing in collection)", async () => {
    const count = async () =>
      (
        await rows<{ n: number }>(
          sql`select (select count(*)::int from interactions) + (select count(*)::int from promises)
            + (select count(*)::int from payment_plans) as n`,
        )
      )[0]?.n;
    const before = await count();
    const log = cli.huikuan("log", "W1", "--as", "f1", "--channel", "email", "--outcome", "no_answer");
    expect(log.code).toBe(1);
    expect(log.err).toMatch(/logging contacts is not open to the finance role/);
    const promise = cli.huikuan("promise", "W1", "--as", "f1", "--amount", "10.00", "--date", tomorrow);
    expect(promise.code).toBe(1);
    expect(promise.err).toMatch(/recording promises is not open to the finance role/);
    const plan = cli.huikuan(
      "plan",
      "create",
      "W1",
      "--as",
      "f1",
      "--total",
      "100.00",
      "--split",
      "2",
      "--first",
      tomorrow,
    );
    expect(plan.code).toBe(1);
    expect(plan.err).toMatch(/agreeing payment plans is not open to the finance role/);
    expect(await count()).toBe(before);
  });

  it("logs a call with the promise made on it, and refuses half a promise without logging anything", async () => {
    const count = async () =>
      (
        await rows<{ i: number; p: number }>(
          sql`select (select count(*)::int from interactions) as i, (select count(*)::int from promises) as p`,
        )
      )[0];
    const before = await count();
    // An inbound call (no gate) on which the customer promised 700.00.
    const promised = ["log", "W1", "--as", "c1", "--channel", "call", "--direction", "inbound"];
    promised.push("--outcome", "promise_to_pay", "--promise-amount", "700.00");
    const half = cli.huikuan(...promised);
    expect(half.code).not.toBe(0);
    expect(half.err).toMatch(/needs both --promise-amount and --promise-date/);
    expect(await count()).toEqual(before);
    const ok = cli.huikuan(...promised, "--promise-date", tomorrow);
    expect(ok.err).toBe("");
    expect(ok.out).toMatch(new RegExp(`promise \\d+: W1 pays 700.00 CNY by ${tomorrow}`));
    const [p] = await rows<{ linked: boolean }>(
      sql`select interaction_id = (select max(id) from interactions) as linked from promises order by id desc limit 1`,
    );
    expect(p?.linked).toBe(true);
    expect(await count()).toEqual({ i: (before?.i ?? 0) + 1, p: (before?.p ?? 0) + 1 });
  });

  it("creates a plan over an invoice from installments, and refuses installments that miss the total", async () => {
    const bad = cli.huikuan(
      "plan",
      "create",
      "W1",
      "--as",
      "c1",
      "--total",
      "30000.00",
      "--installment",
      `${inMonths(1)}=10000.00`,
      "--installment",
      `${inMonths(2)}=10000.00`,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/sum|total/i);
    const good = cli.huikuan(
      "plan",
      "create",
      "W1",
      "--as",
      "c1",
      "--total",
      "30000.00",
      "--down",
      "5000.00",
      "--installment",
      `${inMonths(1)}=12500.00`,
      "--installment",
      `${inMonths(2)}=12500.00`,
      "--invoice",
      "W1-INV-1",
      "--terms",
      "new orders prepaid",
    );
    expect(good.err).toBe("");
    expect(good.code).toBe(0);
    const plans = await rows<{ total: string; down: string; terms: string; n: number; covered: number }>(
      sql`select p.total::text as total, p.down_payment::text as down, p.terms,
            (select count(*)::int from plan_installments m where m.plan_id = p.id) as n,
            (select count(*)::int from plan_invoices x where x.plan_id = p.id) as covered
          from payment_plans p`,
    );
    expect(plans).toEqual([{ total: "3000000", down: "500000", terms: "new orders prepaid", n: 2, covered: 1 }]);
    const split = cli.huikuan(
      "plan",
      "create",
      "W1",
      "--as",
      "c1",
      "--total",
      "100.00",
      "--split",
      "3",
      "--first",
      inMonths(1),
      "--installment",
      `${inMonths(1)}=100.00`,
    );
    expect(split.code).not.toBe(0);
    expect(split.err).toMatch(/either --installment .* or --split/);
  });
});
