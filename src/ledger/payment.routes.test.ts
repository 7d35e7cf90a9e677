import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { seedDefaultTemplates } from "../messaging/seed-templates.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai.
const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;

describe.each(ENGINES)("recording a payment on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let fin: Client;
  let customerId = 0;
  let otherId = 0;
  const inv: Record<string, number> = {};
  const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(database.db, q))[0] as T;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const deps = { database, now: () => NOW };
    app = createApp({ ...deps, version: "test" });
    await seedDefaultTemplates(deps);
    const a = await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "t");
    const b = await addUser(deps, { login: "bob", name: "Bob", role: "collector", password: "bob-secret-pass" }, "t");
    await addUser(deps, { login: "fin", name: "Fin", role: "finance", password: "fin-secret-pass" }, "t");
    customerId = Number(
      (
        await one<{ id: string }>(sql`insert into customers (code, name, collector_id, country, time_zone)
        values ('PY-1', '华东五金', ${a.id}, 'CN', 'Asia/Shanghai') returning id`)
      ).id,
    );
    otherId = Number(
      (
        await one<{ id: string }>(
          sql`insert into customers (code, name, collector_id) values ('PY-2', 'Other', ${b.id}) returning id`,
        )
      ).id,
    );
    await database.db.execute(sql`insert into contacts (customer_id, name, role, emails, time_zone)
      values (${customerId}, '李会计', 'finance', '{"ap@huadong.example"}', 'Asia/Shanghai')`);
    for (const [number, due, amount] of [
      ["PY-A", "2025-01-31", 300000],
      ["PY-B", "2025-02-28", 200000],
    ] as const) {
      inv[number] = Number(
        (
          await one<{
            id: string;
          }>(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
          values (${customerId}, ${number}, '2025-01-01', ${due}, ${amount}, 'CNY') returning id`)
        ).id,
      );
    }
    ann = await signIn(app, "ann", "ann-secret-pass");
    fin = await signIn(app, "fin", "fin-secret-pass");
  });
  afterAll(async () => {
    await database.close();
  });

  it("records it, allocates to the invoices named oldest due first, queues the receipt and audits, together", async () => {
    const res = await ann(
      "POST",
      `/api/customers/${customerId}/payments`,
      {
        amount: "3500.00",
        date: "2025-03-11",
        reference: "BANK-0311",
        method: "transfer",
        invoiceIds: [inv["PY-B"], inv["PY-A"]],
      },
      { "idempotency-key": "pay-1" },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({
      amount: "3500.00",
      currency: "CNY",
      allocations: [
        { number: "PY-A", amount: "3000.00" },
        { number: "PY-B", amount: "500.00" },
      ],
      unallocated: "0",
      receipt: { queued: true },
    });
    const message = await one<{ subject: string; body: string; address: string; status: string }>(
      sql`select subject, body, address, status from outbox_messages where customer_id = ${customerId}`,
    );
    expect(message).toMatchObject({ address: "ap@huadong.example", status: "queued" });
    expect(message.subject).toContain("BANK-0311");
    expect(message.body).toContain("CNY 3500.00");
    const audit = await one<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'payment.record'`,
    );
    expect(audit.n).toBe(1);
    // The same request again (a retry after a lost answer): the first answer, nothing new.
    const again = await ann(
      "POST",
      `/api/customers/${customerId}/payments`,
      {
        amount: "3500.00",
        date: "2025-03-11",
        reference: "BANK-0311",
        method: "transfer",
        invoiceIds: [inv["PY-B"], inv["PY-A"]],
      },
      { "idempotency-key": "pay-1" },
    );
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(body);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from payments`)).n).toBe(1);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from outbox_messages`)).n).toBe(1);
    expect((await verifyAudit(database)).ok).toBe(true);
  });

  it("refuses a reference already recorded, a future date, bad invoices, finance, and others' customers", async () => {
    const post = (c: Client, id: number, b: Json) => c("POST", `/api/customers/${id}/payments`, b);
    expect((await post(ann, customerId, { amount: "1.00", date: "2025-03-11", reference: "BANK-0311" })).status).toBe(
      409,
    );
    const future = await post(ann, customerId, { amount: "1.00", date: "2025-03-13", reference: "F-1" });
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: { message: string } }).error.message).toMatch(/date: .*future/);
    // Above the ceiling of one document (the sums of balances must never overflow).
    const huge = await post(ann, customerId, { amount: "100000000000000.00", date: "2025-03-11", reference: "F-9" });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { error: { message: string } }).error.message).toMatch(
      /amount: 100000000000000.00 is more than one document may carry/,
    );
    const badInvoice = await post(ann, customerId, {
      amount: "1.00",
      date: "2025-03-11",
      reference: "F-2",
      invoiceIds: [999999],
    });
    expect(badInvoice.status).toBe(400);
    expect((await post(ann, customerId, { amount: "0", date: "2025-03-11", reference: "F-3" })).status).toBe(400);
    expect((await post(fin, customerId, { amount: "1.00", date: "2025-03-11", reference: "F-4" })).status).toBe(403);
    expect((await post(ann, otherId, { amount: "1.00", date: "2025-03-11", reference: "F-5" })).status).toBe(404);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from payments`)).n).toBe(1);
  });

  it("refuses with 400 a date before 2000, a date that does not exist, an unpaired surrogate, an unknown field", async () => {
    const post = (b: Json) => ann("POST", `/api/customers/${customerId}/payments`, b);
    const message = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;
    const old = await post({ amount: "1.00", date: "1900-01-01", reference: "OLD-1" });
    expect(old.status).toBe(400);
    expect(await message(old)).toMatch(/date: a payment cannot be dated before 2000-01-01 \(1900-01-01\)/);
    const oldest = await post({ amount: "1.00", date: "2000-01-01", reference: "OLD-2", notify: false });
    expect(oldest.status).toBe(201);
    const impossible = await post({ amount: "1.00", date: "2025-02-30", reference: "BAD-1" });
    expect(impossible.status).toBe(400);
    expect(await message(impossible)).toMatch(/date: "2025-02-30" is not a date that exists/);
    // JSON.stringify writes the lone surrogate as the escape \ud800, as a hostile client would send it.
    const lone = await post({ amount: "1", date: "2025-03-11", reference: "Z\ud800" });
    expect(lone.status).toBe(400);
    expect(await message(lone)).toMatch(/unpaired UTF-16 surrogate/);
    const loneNote = await post({ amount: "1", date: "2025-03-11", reference: "Z-2", method: "\udc00" });
    expect(loneNote.status).toBe(400);
    const unknown = await post({ amount: "1", date: "2025-03-11", reference: "Z-3", memo: "x" });
    expect(unknown.status).toBe(400);
    expect(
      (
        await one<{ n: number }>(
          sql`select count(*)::int as n from payments where reference like 'Z%' or reference like 'BAD%'`,
        )
      ).n,
    ).toBe(0);
  });

  it("records a payment without a receipt when nobody may receive one, and says why", async () => {
    const res = await ann("POST", `/api/customers/${customerId}/payments`, {
      amount: "10.00",
      date: "2025-03-12",
      reference: "CASH-1",
      notify: false,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      unallocated: "10.00",
      receipt: { queued: false, reason: "not asked for" },
    });
  });
});
