import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { copyLine } from "./copy-text.ts";
import type { Database } from "./database.ts";
import { queryRows, queryViews, viewBatches } from "./query-rows.ts";

type Mixed = { id: string; day: string; n: number; flag: boolean; doc: { a: number[] } | null; note: string | null };
const MIXED = sql`select g::bigint as id, (date '2026-01-30' + g) as day, g::int * 2 as n, g % 2 = 0 as flag,
    case when g = 1 then '{"a": [1, 2]}'::jsonb end as doc, case when g = 2 then null else 'x' || g end as note
  from generate_series(1, 3) g order by g`;

describe.each(ENGINES)("queryViews on %s", (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it("reads every column by name with the values db.execute gives", async () => {
    const plain = await queryRows<Mixed>(database.db, MIXED);
    const views = await database.transaction((conn) => queryViews<Mixed>(conn, MIXED));
    expect(views).toHaveLength(3);
    for (const [i, v] of views.entries()) {
      const p = plain[i] as Mixed;
      for (const k of ["id", "day", "n", "flag", "doc", "note"] as const)
        expect(v[k], `${k} of row ${i}`).toEqual(p[k]);
    }
    expect(views[0]).toMatchObject({ id: "1", day: "2026-01-31", n: 2, flag: false, doc: { a: [1, 2] }, note: "x1" });
    expect(views[1]?.note).toBeNull();
  });

  it("binds parameters and gives no rows for an empty result", async () => {
    const rows = await database.transaction((conn) =>
      queryViews<{ x: number }>(conn, sql`select ${5}::int as x where ${1}::int = 2`),
    );
    expect(rows).toEqual([]);
  });

  it("hands a result over in batches of the given size, all rows once, in order", async () => {
    const sizes: number[] = [];
    const seen: number[] = [];
    await database.transaction(async (conn) => {
      for await (const batch of viewBatches<{ n: number }>(
        conn,
        sql`select g::int as n from generate_series(1, ${2500}::int) g order by g`,
        1000,
      )) {
        sizes.push(batch.length);
        for (const r of batch) seen.push(r.n);
      }
    });
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
  });

  it("keeps views of different column lists apart", async () => {
    const [a, b] = await database.transaction(async (conn) => [
      (await queryViews<{ x: number; y: string }>(conn, sql`select 1 as x, 'a' as y`))[0],
      (await queryViews<{ y: number; x: string }>(conn, sql`select 2 as y, 'b' as x`))[0],
    ]);
    expect([a?.x, a?.y, b?.y, b?.x]).toEqual([1, "a", 2, "b"]);
  });
});

describe("copyLine", () => {
  it("separates fields by tabs, writes NULL as \\N and escapes what COPY text reads specially", () => {
    expect(copyLine(["a", 1, 2n, true, null, undefined, "t\tn\nr\r\\"])).toBe(
      "a\t1\t2\ttrue\t\\N\t\\N\tt\\tn\\nr\\r\\\\\n",
    );
    expect(copyLine([])).toBe("\n");
  });
});
