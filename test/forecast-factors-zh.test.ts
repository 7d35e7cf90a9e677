// Every top factor the forecast writes on the demo company reads in Chinese on the customer page: the web app
// rewrites them by pattern (web/src/customers/forecast-factor-text.ts), so a new wording in the forecast must come
// with its pattern. Pure rows in memory would miss the factors only real data brings (runs, pay days, disputes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forecastPayments } from "../src/analytics/forecast-payments.ts";
import type { AuthUser } from "../src/auth/sessions.ts";
import type { Database } from "../src/db/database.ts";
import { loadDemo } from "../src/demo/load-demo.ts";
import { forecastFactorText } from "../web/src/customers/forecast-factor-text.ts";
import { openTestDatabase } from "./test-database.ts";

const ADMIN: AuthUser = { id: 0, login: "admin", name: "Admin", role: "admin", team: null };
const TODAY = "2025-06-30";

describe("the forecast's factors in Chinese", () => {
  let database: Database;
  const deps = () => ({ database, now: () => new Date(`${TODAY}T04:00:00Z`) });
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    await loadDemo(deps(), { customers: 120, invoices: 2400, payments: 2000, today: TODAY });
  }, 120_000);
  afterAll(() => database.close());

  it("rewrites every kind of factor the demo's forecast gives, leaving no English", async () => {
    const factors = new Set<string>();
    // 20 June: promises made the week before are in force (the demo's covariate factor).
    for (const asOf of ["2025-01-31", "2025-06-20", TODAY]) {
      const f = await forecastPayments(deps(), { asOf, scope: ADMIN });
      for (const inv of f.invoices) for (const x of inv.topFactors) factors.add(x);
    }
    // The kinds the demo must show for the check to mean something.
    const kinds = [
      /^pays in runs/,
      /^pays on \w+days \(/,
      /^pays a median \d+ days late/,
      /days past due$/,
      /^due in /,
    ];
    for (const k of kinds) expect([...factors].some((x) => k.test(x))).toBe(true);
    expect([...factors].some((x) => /\(pay rate ×/.test(x))).toBe(true);
    for (const x of factors) {
      const zh = forecastFactorText(x, "zh-CN");
      // Dates, currency codes and numbers stay as they are; no English word does.
      const rest = zh.replace(/\d{4}-\d{2}-\d{2}/g, "").replace(/\b[A-Z]{3}\b/g, "");
      expect(rest, x).not.toMatch(/[A-Za-z]{2,}/);
      expect(forecastFactorText(x, "en")).toBe(x);
    }
  });
});
