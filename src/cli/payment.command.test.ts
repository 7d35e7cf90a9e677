// `huikuan payment record` and `huikuan payment reverse` as a finance clerk or a manager runs them: a child process
// on its own embedded data folder.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliInTempDir } from "../../test/cli-process.ts";
import { addDays, dateInZone } from "../calendar/calendar-date.ts";
import { migrate } from "../db/migrate.ts";

const cli = cliInTempDir("payment");
const today = dateInZone(new Date(), "Asia/Shanghai");
const yesterday = addDays(today, -1);

const rows = cli.rows;

describe("payments from the command line", () => {
  beforeAll(async () => {
    cli.open();
    await cli.withDatabase(async (database) => {
      await migrate(database);
      await database.db.execute(sql`insert into users (login, name, role, team) values
        ('c1', 'Collector One', 'collector', 'east'), ('m1', 'Manager One', 'manager', 'east')`);
      await database.db.execute(sql`insert into customers (code, name, collector_id)
        select 'P1', 'Paper Mill', id from users where login = 'c1'`);
      await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        select id, 'P1-INV-1', '2025-01-01', '2025-02-01', 300000, 'CNY' from customers where code = 'P1'`);
    });
  }, 120_000);
  afterAll(() => cli.close());

  it("records a cheque against an invoice, then reverses it when it bounces; a collector may not, nor twice", async () => {
    const rec = cli.huikuan(
      "payment",
      "record",
      "P1",
      "--amount",
      "3000.00",
      "--date",
      yesterday,
      "--reference",
      "CHQ-1",
      "--invoice",
      "P1-INV-1",
      "--no-notify",
    );
    expect(rec.err).toBe("");
    expect(rec.out).toMatch(/payment CHQ-1 of CNY 3000.00 .* recorded: P1-INV-1 3000.00/);

    const collector = cli.huikuan("payment", "reverse", "P1", "CHQ-1", "--reason", "bounced", "--as", "c1");
    expect(collector.code).not.toBe(0);
    expect(collector.err).toMatch(/not open to the collector role/);

    const ok = cli.huikuan("payment", "reverse", "P1", "CHQ-1", "--reason", "cheque returned unpaid", "--as", "m1");
    expect(ok.err).toBe("");
    expect(ok.out.trim()).toBe(
      `payment CHQ-1 of CNY 3000.00 (paid ${yesterday}) reversed on ${today}: cheque returned unpaid; open again: P1-INV-1 3000.00`,
    );
    const twice = cli.huikuan("payment", "reverse", "P1", "CHQ-1", "--reason", "again", "--as", "m1");
    expect(twice.code).not.toBe(0);
    expect(twice.err).toMatch(/already reversed/);
    const missing = cli.huikuan("payment", "reverse", "P1", "NOPE", "--reason", "x");
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/no payment "NOPE"/);

    const [p] = await rows<{ reversed_on: string; reversed_by: string }>(
      sql`select reversed_on, reversed_by from payments where reference = 'CHQ-1'`,
    );
    expect(p).toEqual({ reversed_on: today, reversed_by: "m1" });
  });
});
