// `huikuan kpi` as a user runs it: a child process on its own embedded data folder.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliInTempDir } from "../../test/cli-process.ts";

const cli = cliInTempDir("kpi");
const { huikuan } = cli;
let dir = "";

describe("huikuan kpi", () => {
  beforeAll(() => {
    cli.open();
    dir = cli.dir();
  });
  afterAll(() => cli.close());

  it("prints the group and business KPIs as CSV, writes XLSX, and refuses a reversed range", async () => {
    const inv = path.join(dir, "inv.csv");
    fs.writeFileSync(
      inv,
      "customer_code,customer_name,number,issue_date,due_date,amount,currency\nA1,Alpha,0001,2024-01-01,2024-01-31,1000.00,CNY\nA1,Alpha,0002,2024-01-05,2024-01-31,250.00,USD\n",
    );
    const pay = path.join(dir, "pay.csv");
    fs.writeFileSync(pay, "customer_code,reference,date,amount\nA1,R1,2024-02-15,400.00\n");
    expect(huikuan("import", "invoices", inv).code).toBe(0);
    expect(huikuan("import", "payments", pay, "--currency", "CNY").code).toBe(0);

    const feb = ["kpi", "--from", "2024-02-01", "--to", "2024-02-29", "--by", "collector", "--format", "csv"];
    const groups = huikuan(...feb);
    expect(groups.err).toBe("");
    // No collector, no contacts: rates are empty; 1000.00 overdue when February began, 400.00 of it paid. The USD
    // line carries only its money: the counts are the group's, on its first line, so a column's sum counts them once.
    expect(groups.out.trim().split("\n")).toEqual([
      "period_start,period_end,group,attempts,connects,connect_rate,effective,effective_rate,conversations,promises,promise_rate,promises_due,promises_kept,kept_rate,complaints,complaint_rate,currency,promised,overdue_at_start,recovered,recovery_rate,collected",
      "2024-02-01,2024-02-29,(none),0,0,,0,,0,0,,0,0,,0,,CNY,0,1000.00,400.00,0.4,400.00",
      "2024-02-01,2024-02-29,(none),,,,,,,,,,,,,,USD,0,250.00,0,0,0",
    ]);
    const business = huikuan(...feb, "--business");
    // Closing 600.00, 29 days past due. CEI = (1000 + 0 − 600) ÷ (1000 + 0 − 0) = 0.4. DSO: no sales in February
    // (29 days), then 600 of January's 1000: 29 + 31 × 0.6 = 47.6; best possible 0; provision 5% of 600.00.
    expect(business.out.trim().split("\n")).toEqual([
      "period_start,period_end,currency,opening,sales,closing,closing_current,dso,best_dso,add,cei,current,d1_30,d31_60,d61_90,d91_180,d181_365,over_365,provision_current,provision_overdue,provision_doubtful,provision_bad,provision_dead,provision",
      "2024-02-01,2024-02-29,CNY,1000.00,0,600.00,0,47.6,0.0,47.6,0.4,0,600.00,0,0,0,0,0,0,30.00,0,0,0,30.00",
      // USD: nothing paid, so CEI 0; DSO 29 days of February + all 31 of January's sales = 60.0; 5% of 250.00.
      "2024-02-01,2024-02-29,USD,250.00,0,250.00,0,60.0,0.0,60.0,0,0,250.00,0,0,0,0,0,0,12.50,0,0,0,12.50",
    ]);
    const xlsx = path.join(dir, "kpi.xlsx");
    expect(huikuan(...feb.slice(0, -1), "xlsx", "--out", xlsx, "--lang", "zh-CN").code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["催收员KPI", "经营KPI"]);
    const closing = wb.getWorksheet("经营KPI")?.getRow(2).getCell(6).value;
    expect(closing).toBe(600);
    // The provision's columns carry the grades' own names: 呆账 is the bad grade, 死账 the dead one.
    const sheet = wb.getWorksheet("经营KPI");
    if (!sheet) throw new Error("no 经营KPI sheet");
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.filter((v) => String(v).startsWith("坏账准备-"))).toEqual([
      "坏账准备-未收款",
      "坏账准备-催收款",
      "坏账准备-准呆账",
      "坏账准备-呆账",
      "坏账准备-死账",
    ]);
    expect(huikuan(...feb.slice(0, -1), "xlsx").err).toContain("--format xlsx needs --out FILE");
    const reversed = huikuan("kpi", "--from", "2024-03-01", "--to", "2024-02-01", "--by", "team");
    expect(reversed.code).toBe(1);
    expect(reversed.err).toContain("from 2024-03-01 is after to 2024-02-01");
  });
});
