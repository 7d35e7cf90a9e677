import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { invoiceLimitations } from "./get-limitation.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai.
const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;

describe.each(ENGINES)("statement confirmations on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let bob: Client;
  let customerId = 0;
  let othersId = 0;
  const invoice: Record<string, number> = {};

  const count = async () =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from statement_confirmations`))[0]?.n;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const a = await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "t");
    const b = await addUser(deps, { login: "bob", name: "Bob", role: "collector", password: "bob-secret-pass" }, "t");
    const customer = async (code: string, collector: number) =>
      Number(
        (
          await queryRows<{ id: string }>(
            database.db,
            sql`insert into customers (code, name, collector_id, country, time_zone)
                values (${code}, ${code}, ${collector}, 'CN', 'Asia/Shanghai') returning id`,
          )
        )[0]?.id,
      );
    customerId = await customer("SC-1", a.id);
    othersId = await customer("SC-2", b.id);
    const add = async (number: string, issue: string, due: string, amount: number, currency = "CNY") => {
      const [r] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
            values (${customerId}, ${number}, ${issue}, ${due}, ${amount}, ${currency}) returning id`,
      );
      invoice[number] = Number(r?.id);
    };
    await add("OLD", "2021-12-10", "2022-01-10", 500_000); // barred on 2025-01-10 without a restart
    await add("MID", "2022-05-01", "2022-06-01", 300_000);
    await add("LATER", "2024-05-01", "2024-06-01", 100_000); // issued after the confirmation: not covered
    await add("USD-1", "2022-01-01", "2022-02-01", 10_000, "USD"); // another currency: not covered
    ann = await signIn(app, "ann", "ann-secret-pass");
    bob = await signIn(app, "bob", "bob-secret-pass");
  });
  afterAll(() => database.close());

  it("records a signed confirmation of the invoices open that day, audited and on the timeline", async () => {
    const res = await ann("POST", `/api/customers/${customerId}/statement-confirmations`, {
      confirmedOn: "2023-12-20",
      confirmedBalance: "7900.00",
      currency: "CNY",
      signedBy: "Wang Li (finance)",
    });
    expect(res.status).toBe(201);
    const c = (await res.json()) as Json;
    expect(c).toMatchObject({
      confirmedOn: "2023-12-20",
      currency: "CNY",
      confirmedBalance: "7900.00",
      ledgerBalance: "8000.00",
      difference: "-100.00",
      signedBy: "Wang Li (finance)",
      invoiceIds: [invoice.OLD, invoice.MID].sort((x, y) => (x as number) - (y as number)),
      recordedBy: "ann",
    });
    const [audit] = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where object_type = 'statement_confirmation' and object_id = ${String(c.id)}`,
    );
    expect(audit?.action).toBe("statement.confirmed");
    const timeline = (await (await ann("GET", `/api/customers/${customerId}/timeline`)).json()) as Json[];
    const entry = timeline.find((e) => e.kind === "statement_confirmed");
    expect(entry?.title).toBe("statement confirmed: 790000 CNY signed by Wang Li (finance)");
    expect(entry?.at).toBe("2023-12-20T00:00:00.000Z");
    const list = (await (await ann("GET", `/api/customers/${customerId}/statement-confirmations`)).json()) as Json[];
    expect(list.map((x) => x.id)).toEqual([c.id]);
  });

  it("restarts the limitation clock of the invoices it covers, from the confirmation date", async () => {
    const clocks = await invoiceLimitations(database.db, { asOf: "2025-03-12", scope: { customerIds: [customerId] } });
    const by = (n: string) => clocks.find((x) => x.invoiceId === invoice[n]);
    expect(by("OLD")).toMatchObject({
      expiresOn: "2026-12-20",
      timeBarred: false,
      restartedBy: { kind: "signed_acknowledgement", on: "2023-12-20" },
    });
    expect(by("OLD")?.restartedBy?.ref).toMatch(/^statement confirmation \d+ \(signed by Wang Li \(finance\)\)$/);
    expect(by("MID")).toMatchObject({ expiresOn: "2026-12-20", restarts: 1 });
    expect(by("LATER")).toMatchObject({ expiresOn: "2027-06-01", restartedBy: null });
    expect(by("USD-1")).toMatchObject({ expiresOn: "2025-02-01", timeBarred: true, restartedBy: null });
  });

  it("refuses bad input with a 4xx naming the field, and writes nothing", async () => {
    const before = await count();
    const path = `/api/customers/${customerId}/statement-confirmations`;
    const ok = { confirmedOn: "2025-03-01", confirmedBalance: "100.00", signedBy: "Wang" };
    const cases: [Client, string, Json, number, RegExp][] = [
      [ann, path, { ...ok, confirmedOn: "2025-03-13" }, 400, /confirmedOn: 2025-03-13 is in the future/],
      [ann, path, { ...ok, confirmedOn: "2025-02-30" }, 400, /confirmedOn/],
      [ann, path, { ...ok, confirmedBalance: "-5" }, 400, /confirmedBalance/],
      [ann, path, { ...ok, confirmedBalance: "1.234" }, 400, /confirmedBalance/],
      [ann, path, { ...ok, signedBy: "  " }, 400, /signedBy/],
      [ann, path, { ...ok, currency: "usd1" }, 400, /currency/],
      [bob, path, ok, 404, /no such customer/],
      [ann, `/api/customers/${othersId}/statement-confirmations`, ok, 404, /no such customer/],
    ];
    for (const [client, p, body, status, message] of cases) {
      const res = await client("POST", p, body);
      const err = (await res.json()) as { error: { message: string } };
      expect(res.status, err.error.message).toBe(status);
      expect(err.error.message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });
});
