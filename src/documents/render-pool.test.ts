import { describe, expect, it } from "vitest";
import type { Statement } from "../ledger/get-statement.ts";
import { AS_OF, COMPANY, NOW, pdfText } from "./documents.fixture.ts";
import { openRenderPool, POOL_THRESHOLD } from "./render-pool.ts";
import { renderStatementPdf, type StatementDocumentInput } from "./statement.document.ts";

const statementOf = (i: number): StatementDocumentInput => {
  const code = `POOL-${i}`;
  const openItems = Array.from({ length: 1 + (i % 5) }, (_, n) => ({
    invoiceId: i * 10 + n,
    number: `${code}-${n}`,
    issueDate: "2025-01-02",
    dueDate: "2025-02-01",
    currency: "CNY",
    amount: 100_000n * BigInt(n + 1),
    open: 100_000n * BigInt(n + 1),
    daysPastDue: 37,
    bucket: "d31_60" as const,
    disputed: false,
  }));
  const statement: Statement = {
    customer: { id: i, code, name: `客户${i}贸易有限公司` },
    from: "2025-01-01",
    to: AS_OF,
    sections: [{ currency: "CNY", opening: 0n, lines: [], debits: 0n, credits: 0n, closing: 0n }],
  };
  return {
    lang: i % 2 ? "en" : "zh",
    now: NOW,
    generatedAt: "2025-03-10 10:00 (Asia/Shanghai)",
    company: { ...COMPANY, callbackPhone: "021-5555-0100" } as StatementDocumentInput["company"],
    customer: {
      id: i,
      code,
      name: `客户${i}贸易有限公司`,
      country: "CN",
      foreignTrade: false,
      legal: false,
      collectorName: "李娜",
      contactName: "王女士",
    },
    asOf: AS_OF,
    openItems,
    statement,
    portalLink: { url: `https://pay.example.com/p/${i}`, validUntil: "2025-04-09" },
  };
};

describe("rendering many statements", () => {
  it("on worker threads gives, in order, the same bytes as on the calling thread", async () => {
    const inputs = Array.from({ length: POOL_THRESHOLD + 6 }, (_, i) => statementOf(i + 1));
    const progress: number[] = [];
    const pool = openRenderPool({ threads: 2 });
    const pooled = await pool.render(inputs, (n) => progress.push(n));
    expect(progress.at(-1)).toBe(inputs.length);
    // The threads serve list after list (the statement run renders batch after batch on one pool).
    const again = await pool.render(inputs.slice(0, POOL_THRESHOLD)).finally(() => pool.close());
    expect(Buffer.compare(again[3] as Buffer, pooled[3] as Buffer)).toBe(0);
    expect(pooled).toHaveLength(inputs.length);
    for (const i of [0, 7, inputs.length - 1]) {
      const alone = await renderStatementPdf(inputs[i] as StatementDocumentInput);
      expect(Buffer.compare(alone, pooled[i] as Buffer)).toBe(0);
    }
    // Each one is its own customer's.
    expect((await pdfText(pooled[5] as Uint8Array)).compact).toContain("POOL-6");
  }, 60_000);

  it("reports a statement that cannot be rendered, naming it", async () => {
    const inputs = Array.from({ length: POOL_THRESHOLD }, (_, i) => statementOf(i + 1));
    (inputs[3] as { company: unknown }).company = null;
    const pool = openRenderPool({ threads: 2 });
    await expect(pool.render(inputs).finally(() => pool.close())).rejects.toThrow(/statement 4 of 24/);
  }, 60_000);
});
