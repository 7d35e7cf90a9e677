import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { copyLine } from "./copy-text.ts";
import type { Database } from "./database.ts";
import { queryRows, queryViews, viewBatches } from "./query-rows.ts";
import { recordFields } from "./record-text.ts";

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

  it("gives in batches the values queryViews gives, whatever a text holds and whatever the column's type", async () => {
    // Texts the row's text form must quote: empty, quotes, backslashes, commas, parentheses, spaces, newlines.
    const texts = [
      "",
      "plain",
      'say "hi"',
      "back\\slash",
      "a,b",
      "(x)",
      " lead",
      "tab\there",
      "line\nbreak",
      "回款 ok",
      "NULL",
    ];
    const query = sql`select g as n, (g * 10000000000)::bigint as big, g % 2 = 0 as flag, (g / 4.0)::float8 as f,
        (g / 3.0)::float4 as r, (date '2026-01-30' + g) as day, (g::numeric / 7)::numeric(12, 4) as dec,
        'CN' || g::text::char(3) as code,
        ${JSON.stringify(texts)}::jsonb ->> (g - 1) as t,
        case when g = 3 then null else jsonb_build_object('k', ${JSON.stringify(texts)}::jsonb ->> (g - 1), 'n', g) end as doc,
        timestamptz '2025-03-12 01:00:00.123456+00' + make_interval(hours => g) as at,
        case when g = 5 then null else g end as maybe, array['a b', 'c,d', g::text] as arr
      from generate_series(1, ${texts.length}::int) g order by g`;
    const [views, batches] = await database.transaction(async (conn) => {
      const v = await queryViews<Record<string, unknown>>(conn, query);
      const b: Record<string, unknown>[] = [];
      for await (const batch of viewBatches<Record<string, unknown>>(conn, query, 4)) b.push(...batch);
      return [v, b];
    });
    expect(batches).toHaveLength(texts.length);
    const columns = ["n", "big", "flag", "f", "r", "day", "dec", "code", "t", "doc", "at", "maybe", "arr"];
    for (const [i, v] of views.entries()) {
      for (const k of columns) expect(batches[i]?.[k], `${k} of row ${i}`).toEqual(v[k]);
    }
    expect(batches.map((b) => b.t)).toEqual(texts);
  });

  it("keeps views of different column lists apart", async () => {
    const [a, b] = await database.transaction(async (conn) => [
      (await queryViews<{ x: number; y: string }>(conn, sql`select 1 as x, 'a' as y`))[0],
      (await queryViews<{ y: number; x: string }>(conn, sql`select 2 as y, 'b' as x`))[0],
    ]);
    expect([a?.x, a?.y, b?.y, b?.x]).toEqual([1, "a", 2, "b"]);
  });
});

describe("recordFields", () => {
  it("reads bare, quoted, empty and NULL fields of a row's text", () => {
    expect(recordFields('(1,abc,,"","a ""b"", c","x\\\\y",t)', 7)).toEqual([
      "1",
      "abc",
      null,
      "",
      'a "b", c',
      "x\\y",
      "t",
    ]);
    expect(recordFields("(,)", 2)).toEqual([null, null]);
    expect(recordFields("()", 1)).toEqual([null]);
    expect(recordFields('("(1,2)",)', 2)).toEqual(["(1,2)", null]);
  });

  it("refuses what is not a row's text, or has another number of fields", () => {
    expect(() => recordFields("1,2", 2)).toThrow(/not a row value/);
    expect(() => recordFields("(1,2)", 3)).toThrow(/2 fields where 3/);
    expect(() => recordFields('("open,2)', 2)).toThrow(/unterminated/);
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
