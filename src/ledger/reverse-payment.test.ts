// Reversing a payment over HTTP: it counts before its reversal day and not from it on, the invoice it paid is open
// again, the statement shows both lines, and refusals (role, portfolio, dates, twice) write nothing.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { forEachAgingInvoice } from "../aging/get-aging.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import { addUser } from "../auth/manage-users.ts";
import { runDaily } from "../collection/run-daily.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { getStatement } from "./get-statement.ts";

const NOW = new Date("2025-03-10T02:00:00Z"); // 10:00 in Shanghai

describe.each(ENGINES)("payment reversal on %s", (engine) => {
  let database: Database;
  let ann: Client;
  let mia: Client;
  let max: Client;
  let customerId = 0;
  let bounced = 0;
  let invoiceId = 0;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const a = await addUser(
      deps,
      { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass", team: "east" },
      "test",
    );
    await addUser(
      deps,
      { login: "mia", name: "Mia", role: "manager", password: "mia-secret-pass", team: "east" },
      "test",
    );
    await addUser(
      deps,
      { login: "max", name: "Max", role: "manager", password: "max-secret-pass", team: "west" },
      "test",
    );
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id) values ('RV-1', 'Bounce Trading', ${a.id}) returning id`,
    );
    customerId = Number(c?.id);
    const inv = await queryRows<{ id: string }>(
      database.db,
      sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency) values
        (${customerId}, 'RV-A', '2025-01-01', '2025-01-31', 100000, 'CNY'),
        (${customerId}, 'RV-B', '2025-02-01', '2025-02-28', 50000, 'CNY') returning id`,
    );
    invoiceId = Number(inv[0]?.id);
    ann = await signIn(app, "ann", "ann-secret-pass");
    mia = await signIn(app, "mia", "mia-secret-pass");
    max = await signIn(app, "max", "max-secret-pass");
    const p1 = await ann("POST", `/api/customers/${customerId}/payments`, {
      amount: "1000.00",
      date: "2025-02-10",
      reference: "CHQ-881",
      invoiceIds: [invoiceId],
      notify: false,
    });
    expect(p1.status).toBe(201);
    bounced = ((await p1.json()) as { id: number }).id;
    const p2 = await ann("POST", `/api/customers/${customerId}/payments`, {
      amount: "200.00",
      date: "2025-02-15",
      reference: "TT-17",
      notify: false,
    });
    expect(p2.status).toBe(201);
  });
  afterAll(() => database.close());

  const openAsOf = async (asOf: string) => {
    const out: Record<string, string> = {};
    await forEachAgingInvoice(database, { asOf }, (rows) => {
      for (const r of rows) if (r.customerCode === "RV-1") out[r.invoiceNumber] = r.openAmount.toString();
    });
    return out;
  };
  const fingerprint = async () =>
    queryRows(
      database.db,
      sql`select (select count(*)::int from audit_log) as audit,
        (select string_agg(id || ':' || coalesce(reversed_on::text, '-'), ',' order by id) from payments) as payments`,
    );

  it("refuses a collector, another team's manager, a missing reason, a date before the payment or in the future", async () => {
    const before = await fingerprint();
    const path = `/api/payments/${bounced}/reverse`;
    expect((await ann("POST", path, { reason: "cheque bounced" })).status).toBe(403);
    // Another portfolio answers like a missing payment.
    const foreign = await max("POST", path, { reason: "cheque bounced" });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toBe(
      await (await max("POST", "/api/payments/999999/reverse", { reason: "x" })).text(),
    );
    expect((await mia("POST", path, { reason: "   " })).status).toBe(400);
    const early = await mia("POST", path, { reason: "cheque bounced", on: "2025-02-01" });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain("cannot come before the payment");
    const future = await mia("POST", path, { reason: "cheque bounced", on: "2025-03-11" });
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("future");
    expect(await fingerprint()).toEqual(before);
  });

  it("counts the payment before its reversal day and not from it on; the invoice it paid is open again", async () => {
    expect(await openAsOf("2025-02-28")).toEqual({ "RV-B": "30000" });
    const r = await mia("POST", `/api/payments/${bounced}/reverse`, {
      reason: "cheque returned unpaid",
      on: "2025-03-01",
    });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({
      reference: "CHQ-881",
      amount: "1000.00",
      currency: "CNY",
      paidOn: "2025-02-10",
      reversedOn: "2025-03-01",
      reason: "cheque returned unpaid",
      reversedBy: "mia",
      released: [{ invoiceId, number: "RV-A", amount: "1000.00" }],
    });
    // Before: unchanged (what was sent then stays true). From the reversal day: the 200.00 left is applied to the
    // oldest invoice, which is open again.
    expect(await openAsOf("2025-02-28")).toEqual({ "RV-B": "30000" });
    expect(await openAsOf("2025-03-01")).toEqual({ "RV-A": "80000", "RV-B": "50000" });

    const statement = await getStatement(database.db, { customerCode: "RV-1", from: "2025-01-01", to: "2025-03-31" });
    const lines = statement.sections[0]?.lines.map((l) => [l.date, l.kind, l.reference, l.debit, l.credit]);
    expect(lines).toEqual([
      ["2025-01-01", "invoice", "RV-A", 100000n, 0n],
      ["2025-02-01", "invoice", "RV-B", 50000n, 0n],
      ["2025-02-10", "payment", "CHQ-881", 0n, 100000n],
      ["2025-02-15", "payment", "TT-17", 0n, 20000n],
      ["2025-03-01", "reversal", "CHQ-881", 100000n, 0n],
    ]);
    expect(statement.sections[0]?.closing).toBe(130000n);

    const timeline = (await (await ann("GET", `/api/customers/${customerId}/timeline`)).json()) as {
      kind: string;
      title: string;
    }[];
    expect(timeline.find((e) => e.kind === "payment" && e.title.includes("CHQ-881"))?.title).toBe(
      "payment CHQ-881 (reversed on 2025-03-01: cheque returned unpaid)",
    );
    const audit = await queryRows<{ action: string; actor: string }>(
      database.db,
      sql`select action, actor from audit_log where object_type = 'payment' and object_id = ${String(bounced)} order by id`,
    );
    expect(audit).toEqual([
      { action: "payment.record", actor: "ann" },
      { action: "payment.reverse", actor: "mia" },
    ]);
    expect((await verifyAudit(database)).ok).toBe(true);
  });

  it("refuses a second reversal, saying when and why the first was made", async () => {
    const before = await fingerprint();
    const again = await mia("POST", `/api/payments/${bounced}/reverse`, { reason: "again" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already reversed on 2025-03-01 by mia: cheque returned unpaid");
    expect(await fingerprint()).toEqual(before);
  });

  it("the daily run after the reversal sees the debt again and breaks the promise the bounced cheque was to keep", async () => {
    await database.db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by)
      values (${customerId}, 100000, 'CNY', '2025-02-12', '2025-02-05', 'ann')`);
    const run = await runDaily({ database, now: () => NOW }, { asOf: "2025-03-05", trigger: "cli", actor: "test" });
    expect(run.status).toBe("done");
    const [state] = await queryRows<{ overdue: string; balance: string }>(
      database.db,
      sql`select overdue, balance from collection_states where customer_id = ${customerId}`,
    );
    expect(state).toEqual({ overdue: "130000", balance: "130000" });
    const [promise] = await queryRows<{ status: string; paid_amount: string }>(
      database.db,
      sql`select status, paid_amount from promises where customer_id = ${customerId}`,
    );
    expect(promise).toEqual({ status: "broken", paid_amount: "0" });
  });
});
