import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai.
const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;
type Failure = { error: { code: string; message: string; details?: string[] }; current?: Json };

describe.each(ENGINES)("disputes API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let bob: Client;
  let mia: Client;
  let customerId = 0;
  let otherCustomerId = 0;
  const invoice: Record<string, number> = {};
  let deliveryId = 0;

  const addInvoice = async (customer: number, number: string, amount: number) => {
    const [row] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
          values (${customer}, ${number}, '2025-01-01', '2025-02-01', ${amount}, 'CNY') returning id`,
    );
    invoice[number] = Number(row?.id);
    return Number(row?.id);
  };
  const disputed = async (id: number) =>
    (await queryRows<{ disputed: boolean }>(database.db, sql`select disputed from invoices where id = ${id}`))[0]
      ?.disputed;
  const audits = async (objectId: number) =>
    (
      await queryRows<{ action: string }>(
        database.db,
        sql`select action from audit_log where object_type = 'dispute' and object_id = ${String(objectId)} order by id`,
      )
    ).map((r) => r.action);
  const count = async (table: string) =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const a = await addUser(
      deps,
      { login: "ann", name: "Ann", role: "collector", team: "east", password: "ann-secret-pass" },
      "test",
    );
    const b = await addUser(
      deps,
      { login: "bob", name: "Bob", role: "collector", team: "west", password: "bob-secret-pass" },
      "test",
    );
    await addUser(
      deps,
      { login: "mia", name: "Mia", role: "manager", team: "east", password: "mia-secret-pass" },
      "test",
    );
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, time_zone) values ('DS-1', 'Dispute Co', ${a.id}, 'Asia/Shanghai') returning id`,
    );
    customerId = Number(c?.id);
    const [o] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, time_zone) values ('DS-2', 'Not Ann''s', ${b.id}, 'Asia/Shanghai') returning id`,
    );
    otherCustomerId = Number(o?.id);
    await addInvoice(customerId, "INV-1", 1_000_000); // 10000.00
    await addInvoice(customerId, "INV-2", 500_000);
    await addInvoice(customerId, "INV-3", 300_000);
    await addInvoice(customerId, "INV-4", 200_000);
    await addInvoice(otherCustomerId, "INV-X", 100_000);
    const [d] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into delivery_records (invoice_id, delivered_on, items, quantity, amount, signed_by)
          values (${invoice["INV-2"]}, '2025-01-02', 'steel pipe 20 t', '20', 200000, 'Wang') returning id`,
    );
    deliveryId = Number(d?.id);
    ann = await signIn(app, "ann", "ann-secret-pass");
    bob = await signIn(app, "bob", "bob-secret-pass");
    mia = await signIn(app, "mia", "mia-secret-pass");
  });
  afterAll(() => database.close());

  it("answers 401 to anonymous requests", async () => {
    for (const [method, path] of [
      ["GET", "/api/disputes"],
      ["GET", `/api/customers/${customerId}/disputes`],
      ["POST", `/api/customers/${customerId}/disputes`],
      ["PATCH", "/api/disputes/1"],
    ] as const) {
      const res = await app.request(path, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "GET" ? undefined : "{}",
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it("records a dispute, flags the invoice, audits it, and shows it in the list, the board, the timeline and the 360", async () => {
    const res = await ann("POST", `/api/customers/${customerId}/disputes`, {
      invoiceId: invoice["INV-1"],
      category: "quality",
      amount: "2500.00",
      description: "two pallets arrived damaged",
    });
    expect(res.status).toBe(201);
    const d = (await res.json()) as Json;
    expect(d).toMatchObject({
      invoiceNumber: "INV-1",
      category: "quality",
      amount: "2500.00",
      currency: "CNY",
      status: "open",
      owner: "ann",
      version: 1,
      escalated: false,
      openedOn: "2025-03-12",
    });
    expect(res.headers.get("etag")).toBe('"1"');
    expect(await disputed(invoice["INV-1"] as number)).toBe(true);
    expect(await audits(d.id as number)).toEqual(["dispute.open"]);
    const list = (await (await ann("GET", `/api/customers/${customerId}/disputes`)).json()) as Json[];
    expect(list.map((x) => x.id)).toContain(d.id);
    const board = (await (await ann("GET", "/api/disputes?status=open")).json()) as Json[];
    expect(board.map((x) => x.id)).toContain(d.id);
    const timeline = (await (await ann("GET", `/api/customers/${customerId}/timeline`)).json()) as Json[];
    expect(timeline.find((e) => e.kind === "dispute")?.title).toBe("dispute (quality) on invoice INV-1");
    const c360 = (await (await ann("GET", `/api/customers/${customerId}`)).json()) as {
      disputes: { open: number; amounts: Json[] };
    };
    expect(c360.disputes.open).toBeGreaterThanOrEqual(1);
    expect(c360.disputes.amounts[0]).toMatchObject({ currency: "CNY" });
  });

  it("refuses a dispute larger than what is open on the invoice, an unknown category and a foreign invoice, writing nothing", async () => {
    const before = await count("disputes");
    const tooBig = await ann("POST", `/api/customers/${customerId}/disputes`, {
      invoiceId: invoice["INV-3"],
      category: "price",
      amount: "3000.01",
      description: "price differs from the quote",
    });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as Failure).error.message).toBe(
      'amount: 3000.01 is more than the 3000.00 open on invoice "INV-3"',
    );
    // INV-1 already holds 2500.00 in dispute: 7500.00 is left.
    const overHeld = await ann("POST", `/api/customers/${customerId}/disputes`, {
      invoiceId: invoice["INV-1"],
      category: "quantity",
      amount: "7600.00",
      description: "short delivery",
    });
    expect(overHeld.status).toBe(400);
    expect(((await overHeld.json()) as Failure).error.message).toContain("already in dispute (7500.00 left)");
    const category = await ann("POST", `/api/customers/${customerId}/disputes`, {
      invoiceId: invoice["INV-3"],
      category: "mood",
      amount: "10.00",
      description: "x",
    });
    expect(category.status).toBe(400);
    expect(((await category.json()) as Failure).error.message).toMatch(/^category: /);
    const foreign = await ann("POST", `/api/customers/${customerId}/disputes`, {
      invoiceId: invoice["INV-X"],
      category: "price",
      amount: "10.00",
      description: "x",
    });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as Failure).error.message).toMatch(/^invoiceId: /);
    const overDelivery = await ann("POST", `/api/customers/${customerId}/disputes`, {
      deliveryRecordId: deliveryId,
      category: "quantity",
      amount: "2000.01",
      description: "one coil missing",
    });
    expect(overDelivery.status).toBe(400);
    expect(((await overDelivery.json()) as Failure).error.message).toContain("of delivery record");
    expect(await count("disputes")).toBe(before);
    expect(await disputed(invoice["INV-3"] as number)).toBe(false);
  });

  it("takes a dispute on a delivery record (its invoice is disputed)", async () => {
    const res = await ann("POST", `/api/customers/${customerId}/disputes`, {
      deliveryRecordId: deliveryId,
      category: "not_received",
      amount: "2000.00",
      description: "the signature on the delivery note is not ours",
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ invoiceId: invoice["INV-2"], deliveryRecordId: deliveryId });
    expect(await disputed(invoice["INV-2"] as number)).toBe(true);
  });

  it("answers 404 for another collector's customer and dispute, and keeps them off the board", async () => {
    const res = await bob("POST", `/api/customers/${otherCustomerId}/disputes`, {
      invoiceId: invoice["INV-X"],
      category: "service",
      amount: "100.00",
      description: "late installation",
    });
    expect(res.status).toBe(201);
    const bobs = (await res.json()) as Json;
    expect(
      (
        await ann("POST", `/api/customers/${otherCustomerId}/disputes`, {
          invoiceId: invoice["INV-X"],
          category: "service",
          amount: "1.00",
          description: "x",
        })
      ).status,
    ).toBe(404);
    expect((await ann("GET", `/api/customers/${otherCustomerId}/disputes`)).status).toBe(404);
    expect((await ann("GET", `/api/disputes/${bobs.id}`)).status).toBe(404);
    expect((await ann("PATCH", `/api/disputes/${bobs.id}`, { version: 1, status: "investigating" })).status).toBe(404);
    const board = (await (await ann("GET", "/api/disputes?status=all")).json()) as Json[];
    expect(board.some((x) => x.id === bobs.id)).toBe(false);
    expect(board.every((x) => x.customerId === customerId)).toBe(true);
  });

  it("refuses a plan covering an invoice with an open dispute, naming the field; accepts one over undisputed invoices", async () => {
    const plans = await count("payment_plans");
    const refused = await ann("POST", `/api/customers/${customerId}/plans`, {
      total: "3000.00",
      installments: [{ date: "2025-04-01", amount: "3000.00" }],
      invoiceIds: [invoice["INV-3"], invoice["INV-1"]],
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as Failure;
    expect(body.error.details).toEqual([
      'invoiceIds[1]: invoice "INV-1" has 2500.00 CNY under an open dispute: resolve the dispute or leave the invoice out of the plan',
    ]);
    expect(await count("payment_plans")).toBe(plans);
    const ok = await ann("POST", `/api/customers/${customerId}/plans`, {
      total: "3000.00",
      installments: [{ date: "2025-04-01", amount: "3000.00" }],
      invoiceIds: [invoice["INV-3"]],
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as Json).invoiceIds).toEqual([invoice["INV-3"]]);
  });

  it("moves a dispute with versions: a stale version is refused with 409 and the current state, a bad transition with 400", async () => {
    const created = (await (
      await ann("POST", `/api/customers/${customerId}/disputes`, {
        invoiceId: invoice["INV-4"],
        category: "billing_error",
        amount: "500.00",
        description: "billed twice for freight",
      })
    ).json()) as Json;
    const path = `/api/disputes/${created.id}`;
    const investigating = await ann("PATCH", path, { status: "investigating" }, { "If-Match": '"1"' });
    expect(investigating.status).toBe(200);
    expect(await investigating.json()).toMatchObject({ status: "investigating", version: 2 });
    const stale = await ann("PATCH", path, { status: "open" }, { "If-Match": '"1"' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Failure).current).toMatchObject({ status: "investigating", version: 2 });
    expect((await ann("PATCH", path, { status: "open" })).status).toBe(400); // no version at all
    const noNote = await ann("PATCH", path, { version: 2, status: "rejected" });
    expect(noNote.status).toBe(400);
    expect(((await noNote.json()) as Failure).error.details).toEqual([
      "resolutionNote: say why the dispute is rejected",
    ]);
    const replaced = await ann("PATCH", path, {
      version: 2,
      status: "resolved",
      resolution: "replacement",
      resolutionNote: "freight line reissued",
    });
    expect(replaced.status).toBe(200);
    expect(await disputed(invoice["INV-4"] as number)).toBe(false);
    const reopen = await ann("PATCH", path, { version: 3, status: "open" });
    expect(reopen.status).toBe(400);
    expect(((await reopen.json()) as Failure).error.details?.[0]).toBe(
      "status: a resolved dispute cannot become open (it is final)",
    );
    expect(await audits(created.id as number)).toEqual(["dispute.open", "dispute.investigating", "dispute.resolve"]);
  });

  it("lets one of two racing edits of the same version through and refuses the other with 409", async () => {
    const created = (await (
      await ann("POST", `/api/customers/${customerId}/disputes`, {
        invoiceId: invoice["INV-3"],
        category: "service",
        amount: "5.00",
        description: "installation late",
      })
    ).json()) as Json;
    const path = `/api/disputes/${created.id}`;
    const [a, b] = await Promise.all([
      ann("PATCH", path, { version: 1, status: "investigating" }),
      mia("PATCH", path, { version: 1, owner: "mia" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const now = (await (await ann("GET", path)).json()) as Json;
    expect(now.version).toBe(2);
  });

  it("escalates to the team's manager, who sees it on the board", async () => {
    const [d] = (await (await ann("GET", `/api/customers/${customerId}/disputes?status=open`)).json()) as Json[];
    const res = await ann("PATCH", `/api/disputes/${d?.id}`, { version: d?.version, escalate: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ escalated: true, escalatedTo: "mia", escalatedAt: NOW.toISOString() });
    const board = (await (await mia("GET", "/api/disputes?escalated=true")).json()) as Json[];
    expect(board.map((x) => x.id)).toEqual([d?.id]);
    expect((await audits(d?.id as number)).at(-1)).toBe("dispute.escalate");
  });

  it("resolves with a credit note: the ledger is credited in the same change, the flag cleared when no dispute is left", async () => {
    const inv = invoice["INV-1"] as number;
    const first = (await (
      await ann("POST", `/api/customers/${customerId}/disputes`, {
        invoiceId: inv,
        category: "price",
        amount: "1000.00",
        description: "discount not applied",
      })
    ).json()) as Json;
    const [quality] = (
      (await (await ann("GET", `/api/customers/${customerId}/disputes?status=open`)).json()) as Json[]
    ).filter((x) => x.invoiceId === inv && x.category === "quality");
    const tooMuch = await ann("PATCH", `/api/disputes/${first.id}`, {
      version: 1,
      status: "resolved",
      resolution: "partial_credit",
      creditAmount: "1000.01",
    });
    expect(tooMuch.status).toBe(400);
    expect(await count("adjustments")).toBe(0);
    const partial = await ann("PATCH", `/api/disputes/${first.id}`, {
      version: 1,
      status: "resolved",
      resolution: "partial_credit",
      creditAmount: "400.00",
      resolutionNote: "agreed 4% discount",
    });
    expect(partial.status).toBe(200);
    const resolved = (await partial.json()) as Json;
    expect(resolved).toMatchObject({ status: "resolved", creditedAmount: "400.00", resolution: "partial_credit" });
    const adjustments = await queryRows<{
      id: string;
      kind: string;
      amount: string;
      invoice_id: string;
      adjusted_on: string;
    }>(
      database.db,
      sql`select id, kind, amount::text as amount, invoice_id, adjusted_on::text as adjusted_on from adjustments`,
    );
    expect(adjustments).toEqual([
      {
        id: String(resolved.adjustmentId),
        kind: "credit_note",
        amount: "40000",
        invoice_id: String(inv),
        adjusted_on: "2025-03-12",
      },
    ]);
    // The quality dispute is still open: the invoice stays disputed.
    expect(await disputed(inv)).toBe(true);
    const credit = await ann("PATCH", `/api/disputes/${quality?.id}`, {
      version: quality?.version,
      status: "resolved",
      resolution: "credit_note",
    });
    expect(credit.status).toBe(200);
    expect(await credit.json()).toMatchObject({ creditedAmount: "2500.00" });
    expect(await disputed(inv)).toBe(false);
    const invoices = (await (await ann("GET", `/api/customers/${customerId}/invoices`)).json()) as Json[];
    expect(invoices.find((i) => i.number === "INV-1")?.open).toBe("7100.00");
    const actions = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where action in ('adjustment.credit_note', 'dispute.resolve') order by id`,
    );
    expect(actions.filter((a) => a.action === "adjustment.credit_note")).toHaveLength(2);
    const timeline = (await (await ann("GET", `/api/customers/${customerId}/timeline`)).json()) as Json[];
    expect(timeline.some((e) => e.kind === "dispute_closed")).toBe(true);
    expect((await verifyAudit(database)).ok).toBe(true);
  });

  it("replays a keyed dispute instead of recording it twice", async () => {
    const body = { invoiceId: invoice["INV-3"], category: "delivery", amount: "1.00", description: "late by a day" };
    const before = await count("disputes");
    const first = await ann("POST", `/api/customers/${customerId}/disputes`, body, { "Idempotency-Key": "d-1" });
    const again = await ann("POST", `/api/customers/${customerId}/disputes`, body, { "Idempotency-Key": "d-1" });
    expect(first.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await count("disputes")).toBe((before ?? 0) + 1);
  });
});
