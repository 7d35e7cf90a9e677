import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { BUCKETS, bucketFor } from "./aging.rules.ts";
import { bucketSumsSql } from "./aging.sql.ts";

describe.each(ENGINES)("aging SQL on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it("puts every day count in the same bucket as bucketFor()", async () => {
    const rows = await queryRows<Record<string, string>>(
      database.db,
      sql`select days_past_due, ${bucketSumsSql()} from (select d as days_past_due, 1::bigint as open_amount from generate_series(0, 800) d) x group by days_past_due order by days_past_due`,
    );
    expect(rows).toHaveLength(801);
    for (const r of rows) {
      const days = Number(r.days_past_due);
      const hit = BUCKETS.filter((b) => r[b.key] === "1").map((b) => b.key);
      expect(hit, `day ${days}`).toEqual([bucketFor(days)]);
    }
  });
});
