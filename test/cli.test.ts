// The CLI as a user runs it: a child process, exit codes, stdout and stderr. One embedded data folder per file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
let dir: string;

function huikuan(...args: string[]) {
  const r = spawnSync("node", [path.join(root, "bin/huikuan.js"), ...args], {
    cwd: dir,
    env: { ...process.env, HUIKUAN_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("huikuan CLI", () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-cli-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("imports, reports aging as CSV with the documented columns, and refuses a bad file with every problem", () => {
    const good = write(
      "inv.csv",
      "customer_code,customer_name,number,issue_date,due_date,amount,currency\n" +
        "A1,Alpha,0001,2024-01-01,2024-01-31,1000.00,CNY\n" +
        "A1,Alpha,0002,2024-02-01,2024-03-02,250.50,CNY\n" +
        "B2,Beta,0001,2024-03-01,2024-03-31,99.99,USD\n",
    );
    const imp = huikuan("import", "invoices", good);
    expect(imp.err).not.toMatch(/error/i);
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/imported 3 invoices rows .*3 new, 0 updated, 0 unchanged, 2 customers created/);

    const again = huikuan("import", "invoices", good);
    expect(again.out).toMatch(/0 new, 0 updated, 3 unchanged/);

    const pay = write("pay.csv", "customer_code,reference,date,amount\nA1,R1,2024-02-15,1200.00\n");
    expect(huikuan("import", "payments", pay, "--currency", "CNY").code).toBe(0);

    const aging = huikuan("aging", "--as-of", "2024-04-01", "--by", "invoice", "--format", "csv");
    expect(aging.code).toBe(0);
    const lines = aging.out.trim().split("\n");
    expect(lines[0]).toBe(
      "customer_code,invoice_number,issue_date,due_date,currency,amount,open_amount,days_past_due,bucket,grade",
    );
    // 1200.00 paid oldest-due-first: 0001 settled, 200.00 of 0002 paid, 50.50 left, 30 days past due.
    expect(lines.slice(1)).toEqual([
      "A1,0002,2024-02-01,2024-03-02,CNY,250.50,50.50,30,d1_30,overdue",
      "B2,0001,2024-03-01,2024-03-31,USD,99.99,99.99,1,d1_30,overdue",
    ]);
    const byCustomer = huikuan("aging", "--as-of", "2024-04-01", "--format", "csv");
    expect(byCustomer.out.split("\n")[0]).toBe(
      "customer_code,customer_name,currency,open_amount,current,d1_30,d31_60,d61_90,d91_180,d181_365,over_365,grade",
    );
    expect(byCustomer.out).toContain("A1,Alpha,CNY,50.50,0,50.50,0,0,0,0,0,overdue");

    const bad = write(
      "bad.csv",
      "customer_code,number,issue_date,due_date,amount\n" +
        "C1,9,2024-01-01,2023-12-01,10\n" +
        "C1,10,2024-02-30,2024-03-01,10\n" +
        "C1,11,2024-01-01,2024-02-01,abc\n",
    );
    const refused = huikuan("import", "invoices", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("3 problems, nothing was imported");
    expect(refused.err).toContain('row 2, column "due_date": due date 2023-12-01 is before the issue date 2024-01-01');
    expect(refused.err).toMatch(/row 3, column "issue_date": "2024-02-30" is not a date/);
    expect(refused.err).toMatch(/row 4, column "amount": "abc" is not an amount/);
    expect(huikuan("aging", "--as-of", "2024-04-01", "--by", "invoice", "--format", "csv").out).not.toContain("C1,");

    const missing = huikuan("import", "invoices", path.join(dir, "nope.csv"));
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split("\n")).toHaveLength(1);
    expect(missing.err).toContain("no such file");

    const statement = huikuan("statement", "A1", "--from", "2024-02-01", "--to", "2024-03-31", "--format", "csv");
    expect(statement.code).toBe(0);
    expect(statement.out).toContain("CNY,2024-02-01,opening,,,,,1000.00");
    expect(statement.out).toContain("CNY,2024-03-31,closing,,,250.50,1200.00,50.50");

    const badDate = huikuan("aging", "--as-of", "2024-13-01");
    expect(badDate.code).not.toBe(0);
    expect(badDate.err).toContain('"2024-13-01" is not a date');
  });

  it("runs the daily run, lists the worklist as JSON, and round-trips playbooks; refuses the future and bad playbooks", () => {
    const inv = write(
      "run.csv",
      "customer_code,customer_name,number,issue_date,due_date,amount,currency\n" +
        "R1,Run One,1,2024-01-01,2024-01-31,500.00,CNY\n" +
        "R2,Run Two,1,2024-02-01,2024-03-02,80.00,CNY\n",
    );
    expect(huikuan("import", "invoices", inv).code).toBe(0);
    const future = huikuan("run", "--as-of", "2999-01-01");
    expect(future.code).toBe(1);
    expect(future.err).toContain("a run for a future date is refused");
    const run = huikuan("run", "--as-of", "2024-04-01");
    expect(run.err).toBe("");
    expect(run.out).toMatch(/run for 2024-04-01 done in .* s: \d+ customers overdue, \d+ tasks/);
    expect(huikuan("run", "--as-of", "2024-04-01").out).toContain("already done: nothing new");
    const list = huikuan("worklist", "--as-of", "2024-04-01", "--format", "json");
    expect(list.code).toBe(0);
    const tasks = JSON.parse(list.out) as {
      customerCode: string;
      priority: number;
      window: unknown;
      reasons: string[];
    }[];
    expect(tasks.map((t) => t.customerCode).sort()).toContain("R1");
    expect(Object.keys(tasks[0] ?? {})).toEqual(
      expect.arrayContaining([
        "id",
        "customerId",
        "customerCode",
        "customerName",
        "collector",
        "action",
        "channel",
        "contactId",
        "window",
        "priority",
        "reasons",
        "cause",
        "grade",
        "amountOverdue",
        "currency",
        "scriptId",
        "playbook",
        "variant",
      ]),
    );

    const exported = huikuan("playbook", "export");
    expect(exported.code).toBe(0);
    const file = write("playbooks.json", exported.out);
    expect(huikuan("playbook", "import", file).out).toMatch(/playbooks replaced: \d+ playbooks/);
    const set = JSON.parse(exported.out) as { playbooks: { steps: { action: string; next?: string }[] }[] };
    (set.playbooks[1]?.steps[0] as { next?: string }).next = "nowhere";
    const badNext = huikuan("playbook", "import", write("bad-next.json", JSON.stringify(set)));
    expect(badNext.code).toBe(1);
    expect(badNext.err).toContain('collection.playbooks.playbooks.1.steps.0.next: next step "nowhere" does not exist');
    (set.playbooks[0]?.steps[0] as { action: string }).action = "send_flowers";
    const bad = huikuan("playbook", "import", write("bad-playbooks.json", JSON.stringify(set)));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/collection\.playbooks\.playbooks\.0\.steps\.0\.action: Invalid option/);
    expect(huikuan("playbook", "export").out).toBe(exported.out);
    const noNote = huikuan("cause", "set", "R1", "hardship", "--note", " ");
    expect(noNote.code).toBe(1);
    expect(noNote.err).toContain("needs a note");
  });
});
