// The Chinese page rewrites what the server stores in English (web/src/i18n/server-text.ts): every evidence detail
// the daily run writes on the demo company, and the default playbooks' names, must have their Chinese.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PLAYBOOKS } from "../src/collection/playbook.rules.ts";
import { runDaily } from "../src/collection/run-daily.ts";
import type { Database } from "../src/db/database.ts";
import { queryRows } from "../src/db/query-rows.ts";
import { loadDemo } from "../src/demo/load-demo.ts";
import { DEFAULT_PLAYBOOK_NAMES, evidenceDetailText, playbookNameText } from "../web/src/i18n/server-text.ts";
import { openTestDatabase } from "./test-database.ts";

const TODAY = "2025-06-30";
/** What is left of a Chinese text once dates and numbers are taken out: no English word may be. */
const english = (zh: string) => zh.replace(/\d{4}-\d{2}-\d{2}/g, "").match(/[A-Za-z]{2,}/g);

describe("server words on the Chinese page", () => {
  let database: Database;
  const deps = () => ({ database, now: () => new Date(`${TODAY}T04:00:00Z`) });
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    await loadDemo(deps(), { customers: 300, invoices: 3000, payments: 2500, today: TODAY });
    for (const asOf of ["2025-06-16", "2025-06-23", TODAY])
      await runDaily(deps(), { asOf, trigger: "cli", actor: "test" });
  }, 180_000);
  afterAll(() => database.close());

  it("rewrites every evidence detail the daily run gives the demo's customers", async () => {
    const rows = await queryRows<{ signal: string; detail: string }>(
      database.db,
      sql`select distinct e->>'signal' as signal, e->>'detail' as detail from (
          select jsonb_array_elements(cause_evidence) e from collection_states where cause_evidence is not null
          union all select jsonb_array_elements(evidence) from cause_history where evidence is not null) x`,
    );
    const signals = new Set(rows.map((r) => r.signal));
    // The check means something only if the demo shows most kinds of evidence.
    expect(signals.size).toBeGreaterThanOrEqual(12);
    for (const r of rows) {
      const zh = evidenceDetailText(r.detail, "zh-CN");
      expect(english(zh), `${r.signal}: ${r.detail} → ${zh}`).toBeNull();
      expect(evidenceDetailText(r.detail, "en")).toBe(r.detail);
    }
  });

  it("has the Chinese name of every default playbook, and only of those", () => {
    const names = DEFAULT_PLAYBOOKS.playbooks.map((p) => p.name);
    expect([...DEFAULT_PLAYBOOK_NAMES].sort()).toEqual([...names].sort());
    for (const name of names) expect(english(playbookNameText(name, "zh-CN"))).toBeNull();
    expect(playbookNameText("Our own playbook", "zh-CN")).toBe("Our own playbook");
  });
});
