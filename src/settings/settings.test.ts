import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { DEFAULT_GRADE_THRESHOLDS } from "../aging/aging.rules.ts";
import { DEFAULT_WORKING_HOURS } from "../collection/working-hours.rules.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getSetting, setSetting } from "./settings.ts";

describe.each(ENGINES)("settings on %s", (engine) => {
  let database: Database;
  const deps = () => ({ database, now: () => new Date("2024-06-01T00:00:00Z") });
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it("starts from the defaults, stores a valid change with its audit row and version", async () => {
    expect(await getSetting(database.db, "aging.grades")).toEqual(DEFAULT_GRADE_THRESHOLDS);
    const tighter = { overdue: 1, doubtful: 61, bad: 121, dead: 366 };
    await setSetting(deps(), "aging.grades", tighter, "admin");
    await setSetting(deps(), "aging.grades", { ...tighter, dead: 400 }, "admin");
    expect(await getSetting(database.db, "aging.grades")).toEqual({ ...tighter, dead: 400 });
    const [row] = await queryRows<{ version: number }>(
      database.db,
      sql`select version from settings where key = 'aging.grades'`,
    );
    expect(row?.version).toBe(2);
    const audit = await queryRows<{ before: unknown; after: unknown }>(
      database.db,
      sql`select before, after from audit_log where object_type = 'setting' and object_id = 'aging.grades' order by id`,
    );
    expect(audit.map((a) => a.before)).toEqual([DEFAULT_GRADE_THRESHOLDS, tighter]);
  });

  it("gives a company setting stored before working hours existed the default ones, and keeps changed ones", async () => {
    expect((await getSetting(database.db, "company")).workingHours).toEqual(DEFAULT_WORKING_HOURS);
    const before = { name: "Old Co.", currency: "CNY", timeZone: "Asia/Shanghai" };
    await database.db.execute(sql`insert into settings (key, value) values ('company', ${JSON.stringify(before)}::jsonb)
      on conflict (key) do update set value = excluded.value`);
    expect(await getSetting(database.db, "company")).toEqual({ ...before, workingHours: DEFAULT_WORKING_HOURS });
    const saturdays = { days: ["sat"], from: "10:00", to: "14:00" };
    await setSetting(deps(), "company", { ...before, workingHours: saturdays }, "admin");
    expect((await getSetting(database.db, "company")).workingHours).toEqual(saturdays);
  });

  it.each([
    [
      "company",
      { name: "C", currency: "CNY", timeZone: "UTC", workingHours: { days: [], from: "09:00", to: "18:00" } },
      /company.workingHours.days: at least one working day/,
    ],
    [
      "company",
      { name: "C", currency: "CNY", timeZone: "UTC", workingHours: { days: ["mon"], from: "18:00", to: "09:00" } },
      /company.workingHours.to: the end \(09:00\) must be after the start \(18:00\)/,
    ],
    // A bad currency or zone would stop every date and amount of the company from being read.
    ["company", { name: "C", currency: "XYZ", timeZone: "UTC" }, /company.currency: not an ISO 4217 currency code/],
    ["company", { name: "C", currency: "cny", timeZone: "UTC" }, /company.currency: not an ISO 4217 currency code/],
    ["company", { name: "C", currency: "CNY", timeZone: "Mars/Olympus" }, /company.timeZone: not an IANA time zone/],
    // Intl reads CST as America/Chicago; a company in China means something else by it.
    ["company", { name: "C", currency: "CNY", timeZone: "CST" }, /company.timeZone: not an IANA time zone/],
    [
      "collection.targets",
      { default: { currency: "QQQ", amount: "1000.00" }, monthly: {} },
      /collection.targets.default.currency: not an ISO 4217 currency code/,
    ],
    ["aging.grades", { overdue: 1, doubtful: 200, bad: 100, dead: 366 }, /must increase/],
    ["aging.grades", { overdue: 0, doubtful: 91, bad: 181, dead: 366 }, /1 day or later/],
    ["aging.grades", { overdue: 1 }, /aging.grades.doubtful/],
    ["nope", {}, /unknown setting "nope"/],
  ])("refuses %s = %o", async (key, value, message) => {
    await expect(setSetting(deps(), key, value, "admin")).rejects.toThrow(message);
  });
});
