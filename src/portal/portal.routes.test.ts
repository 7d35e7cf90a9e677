import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../test/http-session.ts";
import { ENGINES } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { findCjkFont } from "../documents/cjk-font.ts";
import { pdfQrCodes, pdfText } from "../documents/documents.fixture.ts";
import { createApp } from "../http/app.ts";
import { makeCustomer, openMessagingApp, outboxRow, templateId } from "../messaging/messaging.fixture.ts";
import { setSetting } from "../settings/settings.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai; the fixture's invoice (CNY 12,345.60) fell due on 2025-02-01.
const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;

describe.each(ENGINES)("the debtor portal on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let mia: Client;
  let annId = 0;
  const deps = () => ({ database, now: () => NOW });

  beforeAll(async () => {
    ({ database, app, annId, ann, mia } = await openMessagingApp(engine, NOW));
  });
  afterAll(() => database.close());

  /** A customer of Ann's with a reminder queued; answers the portal path its e-mail carries. */
  async function sentReminder(language: "en" | "zh-CN" = "en") {
    const c = await makeCustomer(database, { collectorId: annId });
    const template = await templateId(database, "reminder.friendly", "email", language);
    const res = await ann("POST", "/api/outbox", {
      customerId: c.customerId,
      contactId: c.contactId,
      templateId: template,
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const body = (await outboxRow(database, id)).body;
    const path = /https?:\/\/[^/\s]+(\/api\/portal\/[0-9a-f]{64})/.exec(body)?.[1];
    if (!path) throw new Error(`no portal link in: ${body}`);
    return { ...c, outboxId: id, path };
  }
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { headers });
    return { res, html: await res.text() };
  };
  const formToken = (html: string) => /name="form_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const post = (path: string, fields: Record<string, string>) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  it("puts a link in each reminder that opens the customer's page, with CSP and nothing of anyone else", async () => {
    const c = await sentReminder();
    const other = await makeCustomer(database, { collectorId: annId });
    const { res, html } = await page(c.path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'; style-src 'nonce-[^']+'/);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).toContain(`${c.code}-1`);
    expect(html).toContain("CNY 12345.60");
    expect(html).toContain("Dear Ms Wang,");
    // 2025-02-01 to 2025-03-12: 39 days overdue.
    expect(html).toMatch(/<td class="n">39<\/td>/);
    expect(html).not.toContain(other.code);
    expect(html).not.toContain("<script");
    // The link is stored only hashed, and tied to its message.
    const [link] = await queryRows<{ token_hash: string; outbox_message_id: string; expires_at: Date | string }>(
      database.db,
      sql`select token_hash, outbox_message_id, expires_at from portal_links where customer_id = ${c.customerId}`,
    );
    expect(link?.token_hash).not.toBe(c.path.split("/").pop());
    expect(Number(link?.outbox_message_id)).toBe(c.outboxId);
    expect(new Date(link?.expires_at as string).toISOString()).toBe("2025-04-11T02:00:00.000Z");
    // Chinese from the browser's preference when the link has no language, and switchable with ?lang=.
    expect((await page(`${c.path}?lang=zh-CN`)).html).toContain("Ms Wang您好");
  });

  it("answers the same plain 404 page for an altered, an expired and a revoked link", async () => {
    const c = await sentReminder();
    const altered = c.path.replace(/.$/, (d) => (d === "0" ? "1" : "0"));
    const later = createApp({ database, now: () => new Date(NOW.getTime() + 31 * 86_400_000), version: "test" });
    const expired = await later.request(c.path);
    const [link] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from portal_links where customer_id = ${c.customerId}`,
    );
    const revoked = await ann("POST", `/api/portal-links/${link?.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as Json).state).toBe("revoked");
    const answers = [
      await app.request(altered),
      expired,
      await app.request(c.path),
      await app.request("/api/portal/x"),
    ];
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(bodies.map((b) => b.replace(/nonce="[^"]+"/, ""))).size).toBe(1);
    expect(bodies[0]).toContain("This link is no longer valid.");
    expect(bodies[0]).not.toContain(c.code);
    // A revoked link takes no action either.
    expect((await post(`${c.path}/promise`, { currency: "CNY", date: "2025-03-20" })).status).toBe(404);
    const links = (await (await ann("GET", `/api/customers/${c.customerId}/portal-links`)).json()) as Json[];
    expect(links).toMatchObject([{ state: "revoked", revokedBy: "ann" }]);
  });

  it("records a confirmed balance as a statement confirmation by the portal contact, on the timeline, notified", async () => {
    const c = await sentReminder();
    const { html } = await page(c.path);
    const res = await post(`${c.path}/confirm`, { form_token: formToken(html), currency: "CNY", signed_by: "Wang Li" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/done=confirm_balance/);
    expect((await page(res.headers.get("location") as string)).html).toContain("your confirmation has been received");
    const confirmations = (await (
      await ann("GET", `/api/customers/${c.customerId}/statement-confirmations`)
    ).json()) as Json[];
    expect(confirmations).toMatchObject([
      { confirmedOn: "2025-03-12", confirmedBalance: "12345.60", signedBy: "Wang Li", difference: "0" },
    ]);
    expect(String(confirmations[0]?.recordedBy)).toMatch(/^portal-link:\d+$/);
    const timeline = (await (await ann("GET", `/api/customers/${c.customerId}/timeline`)).json()) as Json[];
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["portal", "statement_confirmed"]));
    const [note] = await queryRows<{ user_id: string; kind: string }>(
      database.db,
      sql`select user_id, kind from user_notifications where customer_id = ${c.customerId}`,
    );
    expect(note).toMatchObject({ kind: "portal_action" });
    expect(Number(note?.user_id)).toBe(annId);
    const audit = await queryRows<{ action: string; actor: string }>(
      database.db,
      sql`select action, actor from audit_log where customer_id = ${c.customerId} and actor like 'portal-link:%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["statement.confirmed", "portal.confirm_balance"]);
  });

  it("takes a dispute with a file, a promise and an installment proposal the collector then decides", async () => {
    const c = await sentReminder();
    const token = formToken((await page(c.path)).html);
    const [invoice] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from invoices where customer_id = ${c.customerId}`,
    );
    const form = new FormData();
    form.set("form_token", token);
    form.set("invoice_id", String(invoice?.id));
    form.set("category", "quantity");
    form.set("reason", "Only 90 of the 100 boxes arrived");
    form.set("amount", "1234.56");
    form.set("file", new File([new TextEncoder().encode("%PDF-1.4\n% delivery note\n")], "note.pdf"));
    const disputed = await app.request(`${c.path}/dispute`, { method: "POST", body: form });
    expect(disputed.status).toBe(303);
    const disputes = (await (await ann("GET", `/api/customers/${c.customerId}/disputes`)).json()) as Json[];
    expect(disputes).toMatchObject([{ category: "quantity", amount: "1234.56", status: "open" }]);
    const files = await queryRows<{ media_type: string; owner_type: string }>(
      database.db,
      sql`select media_type, owner_type from attachments where customer_id = ${c.customerId}`,
    );
    expect(files).toEqual([{ media_type: "application/pdf", owner_type: "dispute" }]);

    expect((await post(`${c.path}/promise`, { form_token: token, currency: "CNY", date: "2025-03-01" })).status).toBe(
      400,
    );
    expect((await post(`${c.path}/promise`, { form_token: token, currency: "CNY", date: "2025-03-20" })).status).toBe(
      303,
    );
    const [promise] = await queryRows<{ amount: string; promised_on: string; created_by: string }>(
      database.db,
      sql`select amount::text, promised_on::text, created_by from promises where customer_id = ${c.customerId}`,
    );
    expect(promise).toMatchObject({ amount: "1234560", promised_on: "2025-03-20" });

    const proposed = await post(`${c.path}/installments`, {
      form_token: token,
      currency: "CNY",
      count: "3",
      first_on: "2025-03-31",
      every_days: "30",
    });
    expect(proposed.status).toBe(303);
    const proposals = (await (
      await ann("GET", `/api/installment-proposals?customerId=${c.customerId}&status=proposed`)
    ).json()) as Json[];
    expect(proposals).toMatchObject([
      {
        total: "12345.60",
        installments: [
          { dueOn: "2025-03-31", amount: "4115.20" },
          { dueOn: "2025-04-30", amount: "4115.20" },
          { dueOn: "2025-05-30", amount: "4115.20" },
        ],
      },
    ]);
    const id = proposals[0]?.id;
    const decided = await ann("POST", `/api/installment-proposals/${id}/decision`, { decision: "approved" });
    expect(((await decided.json()) as Json).status).toBe("approved");
    expect((await mia("POST", `/api/installment-proposals/${id}/decision`, { decision: "declined" })).status).toBe(409);
    const kinds = await queryRows<{ kind: string }>(
      database.db,
      sql`select kind from portal_actions where customer_id = ${c.customerId} order by id`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(["dispute", "promise", "installment_proposal"]);
    expect(await verifyAudit(database)).toMatchObject({ ok: true });
  });

  it("refuses a form without the link's form token, and limits actions per link", async () => {
    const c = await sentReminder();
    const token = formToken((await page(c.path)).html);
    const forged = await post(`${c.path}/promise`, { form_token: "0".repeat(40), currency: "CNY", date: "2025-03-20" });
    expect(forged.status).toBe(403);
    await setSetting(deps(), "portal", { linkDays: 30, actionsPerHour: 2 }, "test");
    try {
      for (const day of ["2025-03-20", "2025-03-21"]) {
        expect((await post(`${c.path}/promise`, { form_token: token, currency: "CNY", date: day })).status).toBe(303);
      }
      const limited = await post(`${c.path}/promise`, { form_token: token, currency: "CNY", date: "2025-03-22" });
      expect(limited.status).toBe(429);
      expect(await limited.text()).toContain("too many actions through this link");
    } finally {
      await setSetting(deps(), "portal", { linkDays: 30, actionsPerHour: 20 }, "test");
    }
  });

  it.skipIf(!findCjkFont())(
    "serves the statement PDF of the link's customer, carrying the link it came through",
    async () => {
      const c = await sentReminder("zh-CN");
      const pdf = await app.request(`${c.path}/statement.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      const bytes = new Uint8Array(await pdf.arrayBuffer());
      expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe("%PDF-");
      // No bank account in this company's settings: the portal's QR is the only one.
      const url = `http://localhost:3000${c.path}`;
      expect(await pdfQrCodes(bytes)).toEqual([url]);
      const { compact } = await pdfText(bytes);
      expect(compact).toContain(url);
      expect(compact).toContain("在线查看与回复");
    },
  );

  it("lets a collector make a link by hand for a contact who may see the debt", async () => {
    const c = await sentReminder("zh-CN");
    const made = await ann("POST", `/api/customers/${c.customerId}/portal-links`, { contactId: c.contactId });
    expect(made.status).toBe(201);
    const { url } = (await made.json()) as { url: string };
    expect((await page(new URL(url).pathname)).html).toContain("Ms Wang您好");
    const other = await makeCustomer(database, { collectorId: annId, role: "other" });
    const refused = await ann("POST", `/api/customers/${other.customerId}/portal-links`, {
      contactId: other.contactId,
    });
    expect(refused.status).toBe(422);
  });
});
