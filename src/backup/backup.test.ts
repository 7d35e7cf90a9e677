import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { csvText } from "../../test/temp-files.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { getCustomerAging } from "../aging/get-aging.ts";
import { addUser } from "../auth/manage-users.ts";
import { runDaily } from "../collection/run-daily.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { importFile } from "../import/import-file.ts";
import { backupDatabase, restoreDatabase } from "./backup.ts";

const NOW = new Date("2025-03-12T02:00:00Z");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function fingerprint(database: Database) {
  const counts = await queryRows<Record<string, number>>(
    database.db,
    sql`select (select count(*)::int from customers) as customers, (select count(*)::int from invoices) as invoices,
      (select count(*)::int from payments) as payments, (select count(*)::int from tasks) as tasks,
      (select count(*)::int from audit_log) as audit, (select count(*)::int from users) as users,
      (select string_agg(login || ':' || coalesce(password_hash, ''), ',' order by login) from users) as logins`,
  );
  const aging = await getCustomerAging(database, { asOf: "2025-03-12" });
  return {
    counts: counts[0],
    totals: JSON.stringify(aging.totals, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
  };
}

describe.each(ENGINES)("backup from %s", (engine) => {
  it.each(ENGINES)(
    "restores into a fresh %s database with the same balances, counts and audit chain",
    async (target) => {
      const source = await openTestDatabase(engine);
      const deps = { database: source, now: () => NOW };
      const file = path.join(dir, `inv-${engine}-${target}.csv`);
      fs.writeFileSync(
        file,
        csvText([
          ["customer_code", "customer_name", "number", "issue_date", "due_date", "amount", "currency"],
          ["B-1", 'Back Up \\ Ltd\t"tab"', "0001", "2025-01-01", "2025-01-31", "1000.00", "CNY"],
          ["B-1", 'Back Up \\ Ltd\t"tab"', "0002", "2025-02-01", "2025-03-03", "250.50", "CNY"],
          ["B-2", "换行\n公司", "A-1", "2024-12-01", "2024-12-31", "99.999", "KWD"],
        ]),
      );
      await importFile(deps, { kind: "invoices", file });
      await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "test");
      await runDaily(deps, { asOf: "2025-03-12", trigger: "cli", actor: "test" });
      const before = await fingerprint(source);
      const backup = path.join(dir, `${engine}-${target}.backup.gz`);
      const made = await backupDatabase(source, backup);
      expect(made.tables.find((t) => t.name === "invoices")?.rows).toBe(3);
      await source.close();

      const fresh = await openTestDatabase(target);
      const restored = await restoreDatabase(fresh, backup);
      expect(restored.auditRows).toBe(before.counts?.audit);
      expect(await fingerprint(fresh)).toEqual(before);
      const names = await queryRows<{ name: string }>(fresh.db, sql`select name from customers order by code`);
      expect(names.map((n) => n.name)).toEqual(['Back Up \\ Ltd\t"tab"', "换行\n公司"]);
      // New rows continue after the restored ids, and the restored database refuses a second restore.
      await addUser(
        { database: fresh, now: () => NOW },
        { login: "bob", name: "Bob", role: "collector", password: "bob-secret-pass" },
        "test",
      );
      await expect(restoreDatabase(fresh, backup)).rejects.toThrow(/empty database/);
      await fresh.close();
    },
  );
});
