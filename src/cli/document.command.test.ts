// `huikuan document` as a user runs it: a child process on its own embedded data folder.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliInTempDir } from "../../test/cli-process.ts";
import { openDatabase } from "../app/open-database.ts";
import { findCjkFont } from "../documents/cjk-font.ts";
import { pdfText } from "../documents/documents.fixture.ts";

const cli = cliInTempDir("document");
const { huikuan, env } = cli;

describe("huikuan document", () => {
  beforeAll(async () => {
    cli.open();
    const database = await openDatabase(env());
    try {
      await database.db.execute(
        sql`insert into customers (code, name, country) values ('D1', '宁波海通物流有限公司', 'CN')`,
      );
      await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        select id, 'N-1', '2025-01-02', '2025-02-01', 987654, 'CNY' from customers where code = 'D1'`);
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(() => cli.close());

  it.skipIf(!findCjkFont())("writes a statement PDF in the language asked for", async () => {
    const out = path.join(cli.dir(), "s.pdf");
    const r = huikuan("document", "statement", "D1", "--out", out, "--lang", "en", "--as-of", "2025-03-10");
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^statement for D1 \(en, as of 2025-03-10\): .*s\.pdf, \d+ bytes/);
    const { text } = await pdfText(fs.readFileSync(out));
    expect(text).toContain("宁波海通物流有限公司");
    expect(text).toContain("9,876.54");
  });

  it("refuses what cannot be printed, with a clear message and exit code", () => {
    const legal = huikuan("document", "lawyer-letter", "D1", "--out", path.join(cli.dir(), "l.pdf"));
    expect(legal.code).toBe(1);
    expect(legal.err).toContain('needs legal action approved for D1 (the customer\'s "legal" flag)');
    expect(fs.existsSync(path.join(cli.dir(), "l.pdf"))).toBe(false);
    const kind = huikuan("document", "invoice", "D1", "--out", "x.pdf");
    expect(kind.code).toBe(1);
    expect(kind.err).toContain("'invoice' is invalid for argument 'kind'");
    expect(huikuan("document", "statement", "NOPE", "--out", "x.pdf").err).toContain('no customer with code "NOPE"');
    expect(huikuan("document", "agreement", "D1", "--out", "x.pdf").err).toContain("payment plan's number");
  });
});
