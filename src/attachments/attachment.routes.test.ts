import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { setSetting } from "../settings/settings.ts";

const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;
const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(64, 1)]);

type Session = {
  json(method: string, path: string): Promise<Response>;
  upload(path: string, file: Buffer | null, name?: string, extra?: Record<string, string>): Promise<Response>;
};

describe.each(ENGINES)("attachments API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Session;
  let bob: Session;
  let mia: Session;
  let disputeId = 0;
  let planId = 0;
  let bobsDisputeId = 0;

  const signIn = async (login: string, password: string): Promise<Session> => {
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, password }),
    });
    const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0] as string);
    const csrf = cookies.find((c) => c.startsWith("huikuan_csrf="))?.split("=")[1] ?? "";
    const headers = { cookie: cookies.join("; "), "x-csrf-token": csrf };
    return {
      json: async (method, path) => await app.request(path, { method, headers }),
      upload: async (path, file, name = "scan.pdf", extra = {}) => {
        const form = new FormData();
        if (file) form.append("file", new File([new Uint8Array(file)], name));
        for (const [k, v] of Object.entries(extra)) form.append(k, v);
        return await app.request(path, { method: "POST", headers, body: form });
      },
    };
  };
  const count = async () =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from attachments`))[0]?.n;
  const audits = async () =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`))[0]?.n;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const add = (login: string, role: string, team: string) =>
      addUser(deps, { login, name: login, role, team, password: `${login}-secret-pass` }, "test");
    const a = await add("ann", "collector", "east");
    const b = await add("bob", "collector", "west");
    await add("cat", "collector", "east");
    await add("mia", "manager", "east");
    const customer = async (code: string, collector: number) =>
      Number(
        (
          await queryRows<{ id: string }>(
            database.db,
            sql`insert into customers (code, name, collector_id, time_zone) values (${code}, ${code}, ${collector}, 'Asia/Shanghai') returning id`,
          )
        )[0]?.id,
      );
    const mine = await customer("AT-1", a.id);
    const bobs = await customer("AT-2", b.id);
    const dispute = async (customerId: number) => {
      const [inv] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
            values (${customerId}, ${`I-${customerId}`}, '2025-01-01', '2025-02-01', 100000, 'CNY') returning id`,
      );
      const [d] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into disputes (customer_id, invoice_id, category, amount, currency, description, opened_on,
              created_by, created_at, updated_at)
            values (${customerId}, ${inv?.id}, 'quality', 5000, 'CNY', 'broken', '2025-03-01', 'ann', now(), now())
            returning id`,
      );
      return Number(d?.id);
    };
    disputeId = await dispute(mine);
    bobsDisputeId = await dispute(bobs);
    const [p] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into payment_plans (customer_id, currency, total, created_by, created_on)
          values (${mine}, 'CNY', 100000, 'ann', '2025-03-01') returning id`,
    );
    planId = Number(p?.id);
    ann = await signIn("ann", "ann-secret-pass");
    bob = await signIn("bob", "bob-secret-pass");
    mia = await signIn("mia", "mia-secret-pass");
  });
  afterAll(() => database.close());

  it("stores a dispute's photo and PDF, sniffs their types, lists them and serves them back as uploaded", async () => {
    const res = await ann.upload(`/api/disputes/${disputeId}/attachments`, PDF, "签收单 (1).pdf");
    expect(res.status).toBe(201);
    const a = (await res.json()) as Json;
    expect(a).toMatchObject({
      ownerType: "dispute",
      ownerId: disputeId,
      purpose: "evidence",
      fileName: "签收单 (1).pdf",
      mediaType: "application/pdf",
      size: PDF.length,
      sha256: createHash("sha256").update(PDF).digest("hex"),
      uploadedBy: "ann",
      uploadedAt: NOW.toISOString(),
      removedAt: null,
    });
    // The declared name says .pdf; the bytes say PNG, and the bytes win.
    const photo = (await (
      await ann.upload(`/api/disputes/${disputeId}/attachments`, PNG, "damage.pdf")
    ).json()) as Json;
    expect(photo.mediaType).toBe("image/png");
    const list = (await (await ann.json("GET", `/api/disputes/${disputeId}/attachments`)).json()) as Json[];
    expect(list.map((x) => x.fileName)).toEqual(["签收单 (1).pdf", "damage.pdf"]);
    const down = await ann.json("GET", `/api/attachments/${a.id}`);
    expect(down.status).toBe(200);
    expect(down.headers.get("content-type")).toBe("application/pdf");
    expect(down.headers.get("x-content-type-options")).toBe("nosniff");
    expect(down.headers.get("content-disposition")).toContain(
      "filename*=UTF-8''%E7%AD%BE%E6%94%B6%E5%8D%95%20%281%29.pdf",
    );
    expect(Buffer.from(await down.arrayBuffer()).equals(PDF)).toBe(true);
    const [audit] = await queryRows<{ action: string; customer_id: string }>(
      database.db,
      sql`select action, customer_id from audit_log where object_type = 'attachment' and object_id = ${String(a.id)}`,
    );
    expect(audit?.action).toBe("attachment.add");
    const timeline = (await (await ann.json("GET", `/api/customers/${a.customerId}/timeline`)).json()) as Json[];
    expect(timeline.filter((e) => e.kind === "attachment").map((e) => e.title)).toContain(
      `attachment 签收单 (1).pdf on dispute ${disputeId}`,
    );
  });

  it("marks a plan signed when its signed agreement is attached, and shows it on the timeline", async () => {
    const res = await ann.upload(`/api/plans/${planId}/attachments`, PDF, "agreement-signed.pdf");
    expect(res.status).toBe(201);
    const a = (await res.json()) as Json;
    expect(a.purpose).toBe("signed_agreement");
    const [plan] = await queryRows<{ signed_at: string | Date; signed_by: string; signed_attachment_id: string }>(
      database.db,
      sql`select signed_at, signed_by, signed_attachment_id from payment_plans where id = ${planId}`,
    );
    expect(new Date(plan?.signed_at as string).toISOString()).toBe(NOW.toISOString());
    expect(plan?.signed_by).toBe("ann");
    expect(Number(plan?.signed_attachment_id)).toBe(a.id);
    const actions = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where object_type = 'payment_plan' and object_id = ${String(planId)}`,
    );
    expect(actions.map((r) => r.action)).toContain("plan.signed");
    const timeline = (await (await ann.json("GET", `/api/customers/${a.customerId}/timeline`)).json()) as Json[];
    expect(timeline.map((e) => e.title)).toContain(`signed agreement attached to payment plan ${planId}`);
  });

  it("refuses bad files with a clear 4xx naming the field, and writes nothing", async () => {
    const before = { rows: await count(), audits: await audits() };
    const cases: [Promise<Response>, number, RegExp][] = [
      [
        ann.upload(`/api/disputes/${disputeId}/attachments`, Buffer.alloc(0), "empty.pdf"),
        400,
        /file: the file is empty/,
      ],
      [ann.upload(`/api/disputes/${disputeId}/attachments`, EXE, "invoice.pdf.exe"), 400, /file: .*executable/],
      [ann.upload(`/api/disputes/${disputeId}/attachments`, Buffer.from("<html>"), "x.html"), 400, /file: .*not PDF/],
      [ann.upload(`/api/disputes/${disputeId}/attachments`, null), 400, /file/],
      [
        ann.upload(`/api/disputes/${disputeId}/attachments`, PDF, "a.pdf", { purpose: "signed_agreement" }),
        400,
        /purpose/,
      ],
      [ann.upload("/api/disputes/999999/attachments", PDF), 404, /no such dispute/],
      [ann.upload(`/api/disputes/${bobsDisputeId}/attachments`, PDF), 404, /no such dispute/],
      [ann.upload("/api/statement-confirmations/999999/attachments", PDF), 404, /no such statement confirmation/],
    ];
    for (const [pending, status, message] of cases) {
      const res = await pending;
      const body = (await res.json()) as { error: { message: string } };
      expect(res.status, body.error.message).toBe(status);
      expect(body.error.message).toMatch(message);
    }
    expect({ rows: await count(), audits: await audits() }).toEqual(before);
  });

  it("refuses a file over the size setting with 413", async () => {
    await setSetting({ database, now: () => NOW }, "attachments", { maxBytes: 2048 }, "test");
    const before = await count();
    const big = Buffer.concat([PDF, Buffer.alloc(4096, 0x20)]);
    const res = await ann.upload(`/api/disputes/${disputeId}/attachments`, big, "big.pdf");
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^file: .*larger than the 2 KB/,
    );
    expect(await count()).toBe(before);
    await setSetting({ database, now: () => NOW }, "attachments", { maxBytes: 10 * 1024 * 1024 }, "test");
  });

  it("answers 404 for another portfolio's object and file, exactly like a missing one", async () => {
    const mine = (await (await ann.upload(`/api/disputes/${disputeId}/attachments`, PNG, "p.png")).json()) as Json;
    const missing = await bob.json("GET", "/api/attachments/999999");
    for (const res of [
      await bob.json("GET", `/api/attachments/${mine.id}`),
      await bob.json("DELETE", `/api/attachments/${mine.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(await missing.clone().json());
    }
    expect((await bob.json("GET", `/api/disputes/${disputeId}/attachments`)).status).toBe(404);
  });

  it("lets the uploader or a manager remove a file: audited, the row kept, the bytes gone; the plan unsigned", async () => {
    const a = (await (await ann.upload(`/api/disputes/${disputeId}/attachments`, PNG, "rm.png")).json()) as Json;
    // Cat shares the east team's portfolio, so she sees the file, but she did not upload it.
    await setSetting({ database, now: () => NOW }, "access", { sharedTeams: ["east"] }, "test");
    const cat = await signIn("cat", "cat-secret-pass");
    expect((await cat.json("DELETE", `/api/attachments/${a.id}`)).status).toBe(403);
    const res = await ann.json("DELETE", `/api/attachments/${a.id}?reason=wrong%20file`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).removedBy).toBe("ann");
    expect((await ann.json("GET", `/api/attachments/${a.id}`)).status).toBe(404);
    const [row] = await queryRows<{ content: unknown; removed_by: string }>(
      database.db,
      sql`select content, removed_by from attachments where id = ${a.id as number}`,
    );
    expect(row).toEqual({ content: null, removed_by: "ann" });
    const list = (await (await ann.json("GET", `/api/disputes/${disputeId}/attachments`)).json()) as Json[];
    expect(list.map((x) => x.id)).not.toContain(a.id);

    const signed = (await (await ann.upload(`/api/plans/${planId}/attachments`, PDF, "v2.pdf")).json()) as Json;
    expect((await mia.json("DELETE", `/api/attachments/${signed.id}`)).status).toBe(200);
    const [plan] = await queryRows<{ signed_at: unknown }>(
      database.db,
      sql`select signed_at from payment_plans where id = ${planId}`,
    );
    expect(plan?.signed_at).toBeNull();
    const actions = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where object_id = ${String(signed.id)} and object_type = 'attachment' order by id`,
    );
    expect(actions.map((r) => r.action)).toEqual(["attachment.add", "attachment.remove"]);
    expect((await verifyAudit(database)).ok).toBe(true);
  });
});
