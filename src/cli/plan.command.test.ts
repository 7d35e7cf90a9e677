// `huikuan plan status` as a user runs it: a child process on its own embedded data folder.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliInTempDir } from "../../test/cli-process.ts";
import { openDatabase } from "../app/open-database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createPlan } from "../workspace/create-plan.ts";

const cli = cliInTempDir("plan");
const { huikuan, env } = cli;

describe("huikuan plan status", () => {
  beforeAll(async () => {
    cli.open();
    const database = await openDatabase(env());
    try {
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name) values ('P1', 'Plan One') returning id`,
      );
      await createPlan(
        { database, now: () => new Date("2025-03-01T02:00:00Z") },
        { id: 0, login: "admin", name: "Admin", role: "admin", team: null },
        Number(c?.id),
        {
          total: "600.00",
          currency: "CNY",
          installments: [
            { date: "2025-03-20", amount: "250.00" },
            { date: "2025-04-20", amount: "350.00" },
          ],
        },
      );
      await database.db.execute(sql`insert into payments (customer_id, reference, paid_on, amount, currency)
        values (${c?.id}, 'R1', '2025-03-10', 10000, 'CNY')`);
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(() => cli.close());

  it("prints installments as of a date, then records them with --settle", () => {
    const read = huikuan("plan", "status", "--as-of", "2025-03-26", "--format", "csv");
    expect(read.err).toBe("");
    expect(read.out.trim().split("\n")).toEqual([
      "customer,plan,plan_status,seq,date,currency,amount,paid,open,status,remind",
      "P1,1,broken,1,2025-03-20,CNY,250.00,100.00,150.00,missed,",
      "P1,1,broken,2,2025-04-20,CNY,350.00,0,350.00,due,",
    ]);
    const settled = huikuan("plan", "status", "--as-of", "2025-03-26", "--settle");
    expect(settled.code).toBe(0);
    expect(settled.out).toContain(
      "settled 1 active plans as of 2025-03-26: 2 installment statuses changed, 0 completed, 1 broken",
    );
    const json = JSON.parse(huikuan("plan", "status", "--as-of", "2025-03-26", "--format", "json").out);
    expect(json[0]).toMatchObject({ customer: "P1", status: "broken", changedOn: "2025-03-26", paid: "100.00" });
    const future = huikuan("plan", "status", "--as-of", "2999-01-01", "--settle");
    expect(future.code).toBe(1);
    expect(future.err).toContain("future date is refused");
    expect(huikuan("plan", "status", "--as-of", "2025-02-30").err).toContain('"2025-02-30" is not a date');
  });
});
