import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../test/http-session.ts";
import { ENGINES } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import type { createApp } from "../http/app.ts";
import { deliverDue } from "./deliver-due.ts";
import { signSmsWebhook } from "./handle-sms-webhook.ts";
import { makeCustomer, openMessagingApp, outboxRow, templateId } from "./messaging.fixture.ts";
import { sendStatements } from "./send-statements.ts";
import { logSmsProvider } from "./sms-provider.ts";
import { getServerSecret } from "./unsubscribe-token.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai.
const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;
type Failure = { error: { code: string; message: string; details?: string[] }; current?: Json };

describe.each(ENGINES)("messaging API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let mia: Client;
  let annId = 0;

  beforeAll(async () => {
    ({ database, app, annId, ann, mia } = await openMessagingApp(engine, NOW));
  });
  afterAll(() => database.close());

  const template = {
    key: "reminder.test",
    channel: "email",
    language: "en",
    name: "Test reminder",
    subject: "Open invoices of {customer}",
    body: "Dear {contact}, {amount} is open since {due_date}.\n{collector}, {company}, {callback_phone}",
  };

  it("lets managers add templates and collectors only read them", async () => {
    expect((await ann("POST", "/api/templates", template)).status).toBe(403);
    const res = await mia("POST", "/api/templates", template);
    expect(res.status).toBe(201);
    const created = (await res.json()) as Json;
    expect(created).toMatchObject({ key: "reminder.test", version: 1, active: true, updatedBy: "mia" });
    const list = (await (await ann("GET", "/api/templates?channel=email&language=en")).json()) as Json[];
    expect(list.map((t) => t.key)).toEqual([
      "payment.receipt",
      "reminder.friendly",
      "reminder.test",
      "statement.cover",
    ]);
    expect((await mia("POST", "/api/templates", template)).status).toBe(409);
    const vars = (await (await ann("GET", "/api/templates/variables")).json()) as { name: string }[];
    expect(vars.map((v) => v.name)).toContain("invoice_list");
  });

  it("refuses an unknown variable (400) and language the check blocks (422), naming the span", async () => {
    const withUnknown = `${template.body} {balance}`;
    const unknown = await mia("POST", "/api/templates", { ...template, key: "bad.var", body: withUnknown });
    expect(unknown.status).toBe(400);
    const u = (await unknown.json()) as Failure;
    const at = withUnknown.indexOf("{balance}");
    expect(u.error.details).toEqual([
      `body ${at}–${at + 9} "{balance}": unknown variable {balance} (known: {customer}, {contact}, {amount}, {due_date}, {days_past_due}, {invoice_list}, {collector}, {callback_phone}, {company}, {statement_date}, {portal_link}, {payment_amount}, {payment_date}, {payment_reference})`,
    ]);
    const body = `${template.body}\nWe know where you live.`;
    const threat = await mia("POST", "/api/templates", { ...template, key: "bad.words", body });
    expect(threat.status).toBe(422);
    const t = (await threat.json()) as Failure;
    const start = body.indexOf("We know where you live");
    expect(t.error.details?.[0]).toMatch(new RegExp(`^body ${start}–\\d+ "We know where you live`));
    // A warning (an ultimatum) needs a reason, then it is saved with it.
    const ultimatum = { ...template, key: "firm", body: `${template.body}\nPlease pay within 24 hours.` };
    expect((await mia("POST", "/api/templates", ultimatum)).status).toBe(422);
    const withReason = await mia("POST", "/api/templates", { ...ultimatum, checkReason: "agreed deadline" });
    expect(withReason.status).toBe(201);
  });

  it("checks the version on edit: a stale one gets 409 and the current template", async () => {
    const id = await templateId(database, "reminder.test", "email", "en");
    const ok = await mia("PATCH", `/api/templates/${id}`, { version: 1, name: "Test reminder v2" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe('"2"');
    const stale = await mia("PATCH", `/api/templates/${id}`, { name: "lost update" }, { "if-match": '"1"' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Failure).current).toMatchObject({ version: 2, name: "Test reminder v2" });
    const bad = await mia("PATCH", `/api/templates/${id}`, { version: 2, body: "{company} {oops}" });
    expect(bad.status).toBe(400);
    const audit = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where object_type = 'message_template' and object_id = ${String(id)} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["template.create", "template.update"]);
  });

  it("previews a template with a real customer's data, for customers in the user's portfolio", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const id = await templateId(database, "sms.nudge", "sms", "zh-CN");
    const res = await ann("POST", `/api/templates/${id}/preview`, { customerId: c.customerId });
    expect(res.status).toBe(200);
    const p = (await res.json()) as Json;
    expect(p).toMatchObject({
      contactId: c.contactId,
      subject: null,
      missing: [],
      body: "【Huikuan Demo Co.】Ms Wang您好,贵司有CNY 12345.60的货款已于2025-02-01到期,如已安排付款请忽略。有疑问请致电021-5555-0100。",
      check: { verdict: "allow", findings: [] },
    });
    const reminder = await templateId(database, "reminder.friendly", "email", "en");
    const r = (await (
      await ann("POST", `/api/templates/${reminder}/preview`, { customerId: c.customerId })
    ).json()) as Json;
    expect(r.body).toContain("Kind regards,\nAnn Li\nHuikuan Demo Co.");
    const other = await makeCustomer(database);
    expect((await ann("POST", `/api/templates/${id}/preview`, { customerId: other.customerId })).status).toBe(404);
  });

  it("queues a message through the API, and lists it", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const id = await templateId(database, "reminder.friendly", "email", "zh-CN");
    const res = await ann("POST", "/api/outbox", { customerId: c.customerId, contactId: c.contactId, templateId: id });
    expect(res.status).toBe(201);
    const { id: messageId } = (await res.json()) as { id: number };
    const list = (await (await ann("GET", `/api/outbox?customerId=${c.customerId}`)).json()) as Json[];
    expect(list).toMatchObject([{ id: messageId, status: "queued", channel: "email", address: c.email }]);
  });

  it("runs the statement run, and shows each message with its PDF and, once sent in demo mode, its .eml", async () => {
    const dataDir = process.env.HUIKUAN_DATA_DIR;
    process.env.HUIKUAN_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-outbox-"));
    try {
      const c = await makeCustomer(database, { collectorId: annId });
      const [bob] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into users (login, name, role, team) values ('bob-outbox', 'Bob', 'collector', 'west') returning id`,
      );
      const bobs = await makeCustomer(database, { collectorId: Number(bob?.id) });
      const res = await ann("POST", "/api/outbox/statements", { customerIds: [c.customerId, bobs.customerId] });
      expect(res.status).toBe(201);
      const run = (await res.json()) as { queued: number; messageIds: number[]; refused: Json[] };
      expect(run.queued).toBe(1);
      // Someone else's customer answers like a missing one.
      expect(run.refused).toEqual([
        {
          customerId: bobs.customerId,
          customerCode: null,
          code: "not_found",
          reason: "not_found",
          message: "no such customer",
        },
      ]);
      const id = run.messageIds[0];
      const message = (await (await ann("GET", `/api/outbox/${id}`)).json()) as {
        attachments: number;
        files: { id: number; fileName: string }[];
        body: string;
        eml: boolean;
      };
      expect(message).toMatchObject({ attachments: 1, eml: false });
      expect(message.body).toContain("对账单");
      const file = message.files[0];
      expect(file?.fileName).toBe(`statement-${c.code}-2025-03-12-zh.pdf`);
      const download = await ann("GET", `/api/outbox/${id}/attachments/${file?.id}`);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("application/pdf");
      const pdf = Buffer.from(await download.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect((await ann("GET", `/api/outbox/${id}/message.eml`)).status).toBe(404);

      // Sent in demo mode (no SMTP set): the .eml carries the very PDF.
      await database.db.execute(
        sql`update outbox_messages set status = 'cancelled' where status = 'queued' and id <> ${id}`,
      );
      expect(await deliverDue({ database, now: () => NOW }, { now: NOW })).toMatchObject({ sent: 1 });
      expect(((await (await ann("GET", `/api/outbox/${id}`)).json()) as { eml: boolean }).eml).toBe(true);
      const eml = await ann("GET", `/api/outbox/${id}/message.eml`);
      expect(eml.headers.get("content-type")).toBe("message/rfc822");
      const mail = await simpleParser(Buffer.from(await eml.arrayBuffer()));
      expect(mail.attachments.map((a) => a.filename)).toEqual([file?.fileName]);
      expect(Buffer.compare(mail.attachments[0]?.content as Buffer, pdf)).toBe(0);

      // Bob's customer's message, its file and its .eml are not Ann's to see.
      const bobsId = (await sendStatements({ database, now: () => NOW }, null, { customerIds: [bobs.customerId] }))
        .messageIds[0];
      const [bobsFile] = await queryRows<{ id: string }>(
        database.db,
        sql`select id from outbox_attachments where message_id = ${bobsId ?? 0}`,
      );
      expect(bobsFile).toBeDefined();
      for (const url of [`/api/outbox/${bobsId}`, `/api/outbox/${bobsId}/attachments/${bobsFile?.id}`]) {
        expect((await ann("GET", url)).status).toBe(404);
      }
      expect((await ann("GET", `/api/outbox/${id}/attachments/${bobsFile?.id}`)).status).toBe(404);
    } finally {
      if (dataDir === undefined) delete process.env.HUIKUAN_DATA_DIR;
      else process.env.HUIKUAN_DATA_DIR = dataDir;
    }
  });

  it("shows a plain page for an unsubscribe link and records the opt-out on POST, without a session", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const id = await templateId(database, "reminder.friendly", "email", "en");
    const queued = (await (
      await ann("POST", "/api/outbox", { customerId: c.customerId, contactId: c.contactId, templateId: id })
    ).json()) as { id: number };
    const path = /\/api\/unsubscribe\/\S+/.exec((await outboxRow(database, queued.id)).body)?.[0] as string;
    const page = await app.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Stop receiving emails from us at this address?");
    expect((await outboxRow(database, queued.id)).status).toBe("queued");
    const done = await app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("you will not receive emails from us");
    expect((await outboxRow(database, queued.id)).status).toBe("cancelled");
    const tampered = path.replace(/\.email\./, ".sms.");
    const dead = await app.request(tampered, { method: "POST" });
    expect(dead.status).toBe(404);
    expect(await dead.text()).toContain("This link is no longer valid.");
  });

  describe("the SMS webhook", () => {
    const post = async (event: unknown, sign = true) => {
      const raw = JSON.stringify(event);
      const secret = await getServerSecret(database.db, NOW);
      return app.request("/api/webhooks/sms", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-huikuan-signature": sign ? signSmsWebhook(secret, raw) : "sha256=00",
        },
        body: raw,
      });
    };
    const queueSms = async (c: { customerId: number; contactId: number }) => {
      const id = await templateId(database, "sms.nudge", "sms", "en");
      const res = await ann("POST", "/api/outbox", {
        customerId: c.customerId,
        contactId: c.contactId,
        templateId: id,
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: number }).id;
    };

    it("refuses a bad signature with 401 and changes nothing", async () => {
      const res = await post({ type: "inbound", eventId: "e-bad", from: "+8613900000009", text: "STOP" }, false);
      expect(res.status).toBe(401);
      const [n] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from delivery_events where event_id = 'e-bad'`,
      );
      expect(n?.n).toBe(0);
    });

    it("honours STOP (any width or case) at once: opt-out and queued messages cancelled; a repeat changes nothing", async () => {
      const c = await makeCustomer(database, { collectorId: annId, phone: "+86 139-0000-7777" });
      const queued = await queueSms(c);
      const res = await post({ type: "inbound", eventId: `in-${c.code}`, from: "+8613900007777", text: " ｓｔｏｐ " });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ duplicate: false, kind: "inbound", optOut: true, cancelled: 1 });
      expect((await outboxRow(database, queued)).status).toBe("cancelled");
      const [k] = await queryRows<{ opt_out_sms: boolean; opt_out_email: boolean }>(
        database.db,
        sql`select opt_out_sms, opt_out_email from contacts where id = ${c.contactId}`,
      );
      expect(k).toEqual({ opt_out_sms: true, opt_out_email: false });
      const again = await post({ type: "inbound", eventId: `in-${c.code}`, from: "+8613900007777", text: "STOP" });
      expect(await again.json()).toEqual({ duplicate: true });
      const refused = await ann("POST", "/api/outbox", {
        customerId: c.customerId,
        contactId: c.contactId,
        templateId: await templateId(database, "sms.nudge", "sms", "en"),
      });
      expect(refused.status).toBe(422);
    });

    it("records delivery events once per provider event id", async () => {
      const c = await makeCustomer(database, { collectorId: annId, phone: "+8613900008888" });
      const queued = await queueSms(c);
      await database.db.execute(
        sql`update outbox_messages set status = 'cancelled' where status in ('queued', 'waiting_window') and id <> ${queued}`,
      );
      const sent = await deliverDue(
        { database, now: () => NOW, transports: { sms: logSmsProvider(() => {}) } },
        { now: NOW },
      );
      expect(sent).toMatchObject({ sent: 1 });
      const providerId = (await outboxRow(database, queued)).provider_message_id;
      expect(providerId).toBe(`log-${queued}`);
      const event = { type: "status", eventId: `st-${c.code}`, messageId: providerId, status: "delivered" };
      expect(await (await post(event)).json()).toEqual({ duplicate: false, kind: "status", outboxId: queued });
      expect(await (await post(event)).json()).toEqual({ duplicate: true });
      const failed = { ...event, eventId: `st2-${c.code}`, status: "undelivered", error: "handset off" };
      expect((await post(failed)).status).toBe(200);
      const row = await outboxRow(database, queued);
      expect(row).toMatchObject({ status: "failed", error: "the provider reports undelivered: handset off" });
      const events = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from delivery_events where outbox_id = ${queued}`,
      );
      expect(events[0]?.n).toBe(2);
    });
  });
});
