import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { appendAudit } from "./append-audit.ts";
import { verifyAudit } from "./verify-audit.ts";

describe.each(ENGINES)("the audit log on %s", (engine) => {
  let database: Database;
  afterEach(() => database?.close());
  const write = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await database.transaction((conn) =>
        appendAudit(conn.db, {
          at: new Date(Date.UTC(2025, 2, 12, 8, 0, i, 123)),
          actor: "ann",
          action: "promise.record",
          objectType: "promise",
          objectId: String(i),
          customerId: 7,
          before: i % 2 ? null : { amount: "10.00", nested: { b: 2, a: [1, "x"] } },
          after: { amount: `${i}.50`, big: 12345678901234567890n },
          reason: i === 3 ? "asked for time" : null,
        }),
      );
    }
  };

  it("refuses updates, deletes and truncation, and verifies a clean chain", async () => {
    database = await openTestDatabase(engine);
    await write(5);
    const refusal = (q: ReturnType<typeof sql>) =>
      database.db.execute(q).then(
        () => "done",
        (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
      );
    expect(await refusal(sql`update audit_log set actor = 'mallory'`)).toMatch(/append-only: UPDATE/);
    expect(await refusal(sql`delete from audit_log`)).toMatch(/append-only: DELETE/);
    expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only: TRUNCATE/);
    expect(await verifyAudit(database)).toMatchObject({ ok: true, rows: 5 });
  });

  it("finds the first changed row and the first gap", async () => {
    database = await openTestDatabase(engine);
    await write(6);
    const ids = (await database.db.execute(sql`select id from audit_log order by id`)) as unknown as {
      rows: { id: string }[];
    };
    const [, second, third] = ids.rows.map((r) => Number(r.id));
    // Someone with the owner's rights switches the triggers off and edits a row.
    await database.db.execute(sql`alter table audit_log disable trigger user`);
    await database.db.execute(sql`update audit_log set after = '{"amount": "999.00"}' where id = ${third}`);
    expect(await verifyAudit(database)).toMatchObject({
      ok: false,
      brokenAt: third,
      reason: expect.stringMatching(/changed/),
    });
    await database.db.execute(sql`delete from audit_log where id = ${second}`);
    expect(await verifyAudit(database)).toMatchObject({
      ok: false,
      brokenAt: third,
      reason: expect.stringMatching(/removed/),
    });
  });
});
