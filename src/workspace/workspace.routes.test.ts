import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai.
const NOW = new Date("2025-03-12T02:00:00Z");

describe.each(ENGINES)("workspace API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let customerId = 0;
  let contactId = 0;
  let lateContactId = 0;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const u = await addUser(
      { database, now: () => NOW },
      { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" },
      "test",
    );
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, time_zone) values ('WS-1', 'Workspace Co', ${u.id}, 'Asia/Shanghai') returning id`,
    );
    customerId = Number(c?.id);
    const contacts = await queryRows<{ id: string }>(
      database.db,
      sql`insert into contacts (customer_id, name, role, phones, time_zone) values
          (${customerId}, 'AP', 'finance', array['+8613600000000'], 'Asia/Shanghai'),
          (${customerId}, 'Night owl', 'finance', array['+12125550100'], 'America/New_York') returning id`,
    );
    contactId = Number(contacts[0]?.id);
    lateContactId = Number(contacts[1]?.id);
    ann = await signIn(app, "ann", "ann-secret-pass");
  });
  afterAll(() => database.close());

  it("logs a call through the gate, records the promise from it, and shows both in the timeline", async () => {
    const call = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "promise_to_pay",
      contactId,
      excuse: "no_money_now",
      note: "will pay half on Friday",
    });
    expect(call.status).toBe(201);
    const logged = (await call.json()) as { id: number; gate: { verdict: string }; suggestedReply: { id: string } };
    expect(logged.gate.verdict).toBe("allow");
    expect(logged.suggestedReply.id).toBe("reply.no_money_now");
    const promise = await ann("POST", `/api/customers/${customerId}/promises`, {
      amount: "5000.00",
      date: "2025-03-14",
      interactionId: logged.id,
    });
    expect(promise.status).toBe(201);
    expect(await promise.json()).toMatchObject({
      amount: "5000.00",
      currency: "CNY",
      date: "2025-03-14",
      status: "open",
    });
    const timeline = (await (await ann("GET", `/api/customers/${customerId}/timeline`)).json()) as {
      kind: string;
      title: string;
      detail: { note?: string };
    }[];
    expect(timeline.find((e) => e.kind === "interaction")?.detail.note).toBe("will pay half on Friday");
    expect(timeline.find((e) => e.kind === "promise")?.title).toBe("promise to pay by 2025-03-14");
    const attempts = await queryRows<{ status: string }>(
      database.db,
      sql`select status from contact_attempts where customer_id = ${customerId}`,
    );
    expect(attempts).toEqual([{ status: "made" }]);
  });

  it("logs a call and the promise made on it in one request: both saved, or with a bad promise neither (no attempt used)", async () => {
    const count = async () =>
      (
        await queryRows<{ i: number; p: number; a: number; au: number }>(
          database.db,
          sql`select (select count(*)::int from interactions) as i, (select count(*)::int from promises) as p,
            (select count(*)::int from contact_attempts) as a, (select count(*)::int from audit_log) as au`,
        )
      )[0];
    const before = await count();
    const bad = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "promise_to_pay",
      contactId,
      promise: { amount: "800.00", date: "2001-01-01" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("in the past");
    const wrongOutcome = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "no_answer",
      contactId,
      promise: { amount: "800.00", date: "2025-03-20" },
    });
    expect(wrongOutcome.status).toBe(400);
    expect(await count()).toEqual(before);

    const ok = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "promise_to_pay",
      contactId,
      promise: { amount: "800.00", date: "2025-03-20" },
      // the first test spoke with this person today: a second call needs a reason
      overrideReason: "she asked us to call back to fix the amount",
    });
    expect(ok.status).toBe(201);
    const logged = (await ok.json()) as { id: number; promise: { id: number; amount: string; date: string } };
    expect(logged.promise).toMatchObject({ amount: "800.00", currency: "CNY", date: "2025-03-20", status: "open" });
    const [row] = await queryRows<{ interaction_id: string; contact_id: string; amount: string }>(
      database.db,
      sql`select interaction_id, contact_id, amount from promises where id = ${logged.promise.id}`,
    );
    expect(row).toEqual({ interaction_id: String(logged.id), contact_id: String(contactId), amount: "80000" });
    const after = await count();
    // audited: the gate's override, the interaction and the promise
    expect(after).toEqual({
      i: (before?.i ?? 0) + 1,
      p: (before?.p ?? 0) + 1,
      a: (before?.a ?? 0) + 1,
      au: (before?.au ?? 0) + 3,
    });
  });

  it("refuses a task that is not this customer's (missing or another's) before the gate, writing nothing", async () => {
    const before = await queryRows(
      database.db,
      sql`select (select count(*)::int from interactions) as i, (select count(*)::int from contact_attempts) as a`,
    );
    const r = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "no_answer",
      contactId,
      taskId: 999_999_999,
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("task 999999999 is not one of this customer's tasks");
    expect(
      await queryRows(
        database.db,
        sql`select (select count(*)::int from interactions) as i, (select count(*)::int from contact_attempts) as a`,
      ),
    ).toEqual(before);
  });

  it("refuses a call the gate blocks (22:00 in New York is outside contact hours), and records nothing", async () => {
    const before = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from interactions`);
    const blocked = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "no_answer",
      contactId: lateContactId,
    });
    expect(blocked.status).toBe(409);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(/hours\.hard/);
    // An inbound call from the same person is not a contact we make: it is recorded.
    const inbound = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      direction: "inbound",
      outcome: "connected",
      contactId: lateContactId,
    });
    expect(inbound.status).toBe(201);
    const after = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from interactions`);
    expect(after[0]?.n).toBe((before[0]?.n ?? 0) + 1);
  });

  it("refuses a promise in the past and a plan that does not add up, writing nothing; accepts an even split", async () => {
    const past = await ann("POST", `/api/customers/${customerId}/promises`, { amount: "10.00", date: "2001-01-01" });
    expect(past.status).toBe(400);
    const zero = await ann("POST", `/api/customers/${customerId}/promises`, { amount: "0.00", date: "2025-03-20" });
    expect(zero.status).toBe(400);
    // A contact that is not the customer's (here: none at all) is refused, not a foreign-key failure (found by the
    // write-refusal property test).
    const stranger = await ann("POST", `/api/customers/${customerId}/promises`, {
      amount: "10.00",
      date: "2025-03-20",
      contactId: 999_999_999,
    });
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain("contact 999999999 is not one of this customer's");
    const unbalanced = await ann("POST", `/api/customers/${customerId}/plans`, {
      total: "3000.00",
      installments: [
        { date: "2025-04-01", amount: "1000.00" },
        { date: "2025-05-01", amount: "1000.00" },
      ],
    });
    expect(unbalanced.status).toBe(400);
    expect(((await unbalanced.json()) as { error: { message: string } }).error.message).toContain(
      "come to 2000.00, not the total 3000.00",
    );
    expect(await queryRows(database.db, sql`select id from payment_plans`)).toEqual([]);
    expect(await queryRows(database.db, sql`select id from promises where amount <= 1000`)).toEqual([]);
    const even = await ann("POST", `/api/customers/${customerId}/plans`, {
      total: "1000.00",
      downPayment: "100.00",
      split: { count: 3, firstDate: "2025-04-01", intervalDays: 30 },
      terms: "new orders prepaid until the plan is complete",
    });
    expect(even.status).toBe(201);
    expect(((await even.json()) as { installments: unknown[] }).installments).toEqual([
      { seq: 1, date: "2025-04-01", amount: "300.00" },
      { seq: 2, date: "2025-05-01", amount: "300.00" },
      { seq: 3, date: "2025-05-31", amount: "300.00" },
    ]);
  });

  it("refuses a promise dated more than a year ahead (alone or with a call), and a date that does not exist", async () => {
    const message = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;
    const promise = (date: string) => ann("POST", `/api/customers/${customerId}/promises`, { amount: "1234.00", date });
    const forever = await promise("9999-12-31");
    expect(forever.status).toBe(400);
    expect(await message(forever)).toBe(
      "a promise can be dated at most 365 days ahead, by 2026-03-12 (9999-12-31); agree a payment plan for longer",
    );
    // The same refusal for someone reading Chinese: the values kept, the words translated.
    const zh = await ann(
      "POST",
      `/api/customers/${customerId}/promises`,
      { amount: "1234.00", date: "9999-12-31" },
      { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" },
    );
    expect(zh.status).toBe(400);
    const zhMessage = await message(zh);
    expect(zhMessage).toMatch(/[\u4e00-\u9fff]/);
    expect(zhMessage).toContain("365");
    expect(zhMessage).toContain("2026-03-12");
    expect(zhMessage).toContain("9999-12-31");
    expect((await promise("2026-03-13")).status).toBe(400);
    const impossible = await promise("2025-02-30");
    expect(impossible.status).toBe(400);
    expect(await message(impossible)).toBe('date: "2025-02-30" is not a date that exists (expected YYYY-MM-DD)');
    const call = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "promise_to_pay",
      contactId,
      promise: { amount: "1234.00", date: "2027-01-01" },
    });
    expect(call.status).toBe(400);
    expect(await message(call)).toMatch(/at most 365 days ahead/);
    expect(await queryRows(database.db, sql`select id from promises where amount = 123400`)).toEqual([]);
    expect((await promise("2026-03-12")).status).toBe(201);
  });

  it("refuses a plan or a promise with an unknown or misspelt field instead of ignoring it", async () => {
    const message = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;
    const split = { count: 2, firstDate: "2025-04-01", intervalDays: 30 };
    const misspelt = await ann("POST", `/api/customers/${customerId}/plans`, { total: "100", down: "200", split });
    expect(misspelt.status).toBe(400);
    expect(await message(misspelt)).toMatch(/Unrecognized key: "down"/);
    const nested = await ann("POST", `/api/customers/${customerId}/plans`, {
      total: "100",
      split: { ...split, interval: 7 },
    });
    expect(nested.status).toBe(400);
    const installment = await ann("POST", `/api/customers/${customerId}/plans`, {
      total: "100",
      installments: [{ date: "2025-04-01", amount: "100", note: "x" }],
    });
    expect(installment.status).toBe(400);
    const promise = await ann("POST", `/api/customers/${customerId}/promises`, {
      amount: "10.00",
      date: "2025-03-20",
      currency: "CNY",
      contact: 1,
    });
    expect(promise.status).toBe(400);
    const call = await ann("POST", `/api/customers/${customerId}/interactions`, {
      channel: "call",
      outcome: "promise_to_pay",
      contactId,
      promise: { amount: "10.00", date: "2025-03-20", when: "friday" },
    });
    expect(call.status).toBe(400);
    expect(await queryRows(database.db, sql`select id from payment_plans where total = 10000`)).toEqual([]);
  });

  it("replays a keyed request instead of recording it twice, refuses the key for another request, and races safely", async () => {
    const count = async () =>
      (
        await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from promises where amount = 77700`)
      )[0]?.n;
    const body = { amount: "777.00", date: "2025-03-20" };
    const first = await ann("POST", `/api/customers/${customerId}/promises`, body, { "Idempotency-Key": "k-1" });
    expect(first.status).toBe(201);
    const again = await ann("POST", `/api/customers/${customerId}/promises`, body, { "Idempotency-Key": "k-1" });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await count()).toBe(1);
    const other = await ann(
      "POST",
      `/api/customers/${customerId}/promises`,
      { ...body, amount: "1.00" },
      { "Idempotency-Key": "k-1" },
    );
    expect(other.status).toBe(422);
    const racers = await Promise.all(
      Array.from({ length: 6 }, () =>
        ann(
          "POST",
          `/api/customers/${customerId}/promises`,
          { amount: "777.00", date: "2025-03-21" },
          { "Idempotency-Key": "k-2" },
        ),
      ),
    );
    expect(racers.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(await count()).toBe(2);
  });
});
