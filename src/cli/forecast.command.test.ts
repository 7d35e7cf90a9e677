// `huikuan forecast` and `huikuan backtest` as a user runs them: a child process on its own embedded data folder.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliInTempDir } from "../../test/cli-process.ts";

const cli = cliInTempDir("forecast");
const { huikuan } = cli;
let dir = "";

describe("huikuan forecast", () => {
  beforeAll(() => {
    cli.open();
    dir = cli.dir();
  });
  afterAll(() => cli.close());

  it("prints one CSV row per open invoice with the issue's columns, the cash weeks, and refuses bad dates", () => {
    const inv = path.join(dir, "inv.csv");
    const pay = path.join(dir, "pay.csv");
    const invLines = ["customer_code,customer_name,number,issue_date,due_date,amount,currency"];
    const payLines = ["customer_code,reference,date,amount"];
    for (let m = 1; m <= 9; m++) {
      const mm = String(m).padStart(2, "0");
      invLines.push(`A1,Alpha,N${m},2024-${mm}-01,2024-${mm}-28,1000.00,CNY`);
      if (m <= 7) payLines.push(`A1,R${m},2024-${String(m + 1).padStart(2, "0")}-10,1000.00`);
    }
    fs.writeFileSync(inv, `${invLines.join("\n")}\n`);
    fs.writeFileSync(pay, `${payLines.join("\n")}\n`);
    expect(huikuan("import", "invoices", inv).code).toBe(0);
    expect(huikuan("import", "payments", pay, "--currency", "CNY").code).toBe(0);

    const csv = huikuan("forecast", "--as-of", "2024-09-15", "--format", "csv");
    expect(csv.err).toBe("");
    const lines = csv.out.trim().split("\n");
    expect(lines[0]).toBe(
      "invoice_number,customer_code,due_date,predicted_pay_date,p_late,p_late_30,expected_days_late,top_factors",
    );
    // N8 (due 08-28) is open and past due, N9 (due 09-28) not yet due; everything else was paid by 09-15.
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 3).join(","))).toEqual([
      "N8,A1,2024-08-28",
      "N9,A1,2024-09-28",
    ]);
    expect(lines[1]?.split(",")[4]).toBe("1");
    expect(lines[1]).toContain("pays a median 13 days late (7 settled invoices)");

    const cash = huikuan("forecast", "--as-of", "2024-09-15", "--weeks", "13", "--format", "csv");
    const weeks = cash.out.trim().split("\n");
    expect(weeks[0]).toBe("currency,week_start,week_end,expected,low_90,high_90");
    expect(weeks).toHaveLength(14);
    expect(weeks[1]).toMatch(/^CNY,2024-09-16,2024-09-22,/);

    const future = huikuan("forecast", "--as-of", "2999-01-01");
    expect(future.code).toBe(1);
    expect(future.err).toContain("is in the future");
    const early = huikuan("forecast", "--as-of", "2023-01-01");
    expect(early.err).toContain("as-of 2023-01-01 is before any data (the ledger starts on 2024-01-01)");

    const bt = huikuan("backtest", "--from", "2024-06-15", "--to", "2024-08-15", "--format", "json", "--no-save");
    expect(bt.err).toBe("");
    const r = JSON.parse(bt.out) as {
      steps: { asOf: string }[];
      dataEnd: string;
      overall: { withPaymentDate: number; notYetDue: number };
    };
    expect(r.steps.map((s) => s.asOf)).toEqual(["2024-06-15", "2024-07-15", "2024-08-15"]);
    expect(r.dataEnd).toBe("2024-09-01");
    // A handful of invoices: the table says its figures say little.
    expect(r.overall.withPaymentDate).toBeLessThan(100);
    const table = huikuan("backtest", "--from", "2024-06-15", "--to", "2024-08-15", "--no-save");
    expect(table.out).toContain(
      `Few invoices scored (${r.overall.withPaymentDate} paid, ${r.overall.notYetDue} not yet due): these figures say little`,
    );
  });
});
