import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../test/http-session.ts";
import { ENGINES, uniquePrefix } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import type { createApp } from "../http/app.ts";
import { deliverDue } from "./deliver-due.ts";
import { enqueueMessage } from "./enqueue-message.ts";
import {
  GBK_REPLY_SUBJECT,
  GBK_REPLY_TEXT,
  gbkQuotedPrintableReply,
  gmailThreadReply,
  outlookAlternativeReply,
} from "./inbound-mail.fixture.ts";
import { makeCustomer, openMessagingApp, outboxRow, templateId } from "./messaging.fixture.ts";
import { signInbound } from "./receive-inbound-email.ts";
import type { OutgoingMessage, Transport } from "./transport.rules.ts";
import { getServerSecret } from "./unsubscribe-token.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai: inside every contact window.
const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;

describe.each(ENGINES)("e-mail replies on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let ann: Client;
  let mia: Client;
  let annId = 0;
  let reminder = 0;
  const sent: OutgoingMessage[] = [];
  // A provider that answers its own id, unlike the Message-ID we set: replies must match the Message-ID.
  const email: Transport = {
    name: "test",
    async send(m) {
      sent.push(m);
      return { providerMessageId: `provider-${m.outboxId}` };
    },
    async close() {},
  };
  const deliver = () => deliverDue({ database, now: () => NOW, transports: { email } }, { now: NOW });

  beforeAll(async () => {
    ({ database, app, annId, ann, mia } = await openMessagingApp(engine, NOW));
    reminder = await templateId(database, "reminder.friendly", "email", "en");
  });
  afterAll(() => database.close());

  const webhook = async (body: Json, signature?: string) => {
    const raw = JSON.stringify(body);
    const secret = await getServerSecret(database.db, NOW);
    return app.request("/api/inbound/email", {
      method: "POST",
      headers: { "content-type": "application/json", "x-huikuan-signature": signature ?? signInbound(secret, raw) },
      body: raw,
    });
  };
  /** The raw message as the body (message/rfc822) or a form's "email" field (text, or a file: its bytes). */
  const webhookRaw = async (
    message: string | Uint8Array,
    as: "rfc822" | "form" | "form-file" = "rfc822",
    signature?: (body: Uint8Array) => string,
  ) => {
    const bytes = typeof message === "string" ? new TextEncoder().encode(message) : new Uint8Array(message);
    let body: Uint8Array<ArrayBuffer>;
    let type: string;
    if (as === "rfc822") {
      body = bytes;
      type = "message/rfc822";
    } else {
      const form = new FormData();
      form.set("to", "ar@huikuan.example");
      if (as === "form") form.set("email", new TextDecoder().decode(bytes));
      else form.set("email", new File([bytes], "message.eml", { type: "message/rfc822" }));
      const req = new Request("http://x/", { method: "POST", body: form });
      body = new Uint8Array(await req.arrayBuffer());
      type = req.headers.get("content-type") as string;
    }
    const secret = await getServerSecret(database.db, NOW);
    return app.request("/api/inbound/email", {
      method: "POST",
      headers: { "content-type": type, "x-huikuan-signature": signature?.(body) ?? signInbound(secret, body) },
      body,
    });
  };
  const stored = async (id: number) => {
    const [row] = await queryRows<{ message_id: string; from_address: string; subject: string | null; body: string }>(
      database.db,
      sql`select message_id, from_address, subject, body from inbound_emails where id = ${id}`,
    );
    return row;
  };
  /** Rows of the tables a received reply writes to, to show a refusal wrote nothing. */
  const footprint = async () =>
    (
      await queryRows<{ n: string }>(
        database.db,
        sql`select ((select count(*) from inbound_emails) + (select count(*) from audit_log)
              + (select count(*) from interactions) + (select count(*) from reminder_pauses))::text as n`,
      )
    )[0]?.n;
  const deliveredMessageId = async (c: { customerId: number; contactId: number }) => {
    const { id } = await enqueue(c, true);
    sent.length = 0;
    await deliver();
    return sent.find((m) => m.outboxId === id)?.messageId as string;
  };
  const enqueue = (c: { customerId: number; contactId: number }, automated: boolean, overrideReason?: string) =>
    database.transaction(({ db }) =>
      enqueueMessage(db, { ...c, template: reminder, automated, overrideReason, now: NOW, actor: "test" }),
    );

  it("refuses a bad signature before reading anything", async () => {
    const res = await webhook({ messageId: "<x@y>", from: "a@b.c", text: "hi" }, "sha256=00");
    expect(res.status).toBe(401);
    expect((await webhook({ nope: true })).status).toBe(400);
  });

  it("matches a reply to the message it answers, pauses automated reminders until a collector has read it", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const first = await enqueue(c, true);
    sent.length = 0;
    await deliver();
    const messageId = sent.find((m) => m.outboxId === first.id)?.messageId as string;
    expect(messageId).toMatch(/^<outbox\.\d+\.[0-9a-f]{12}@/);
    const [stored] = await queryRows<{ message_id: string }>(
      database.db,
      sql`select message_id from outbox_messages where id = ${first.id}`,
    );
    expect(stored?.message_id).toBe(messageId);
    // Another automated reminder is already queued when the reply arrives.
    const queued = await enqueue(c, true);

    const reply = {
      messageId: "<reply-1@customer.example>",
      from: "Someone Else <someone@elsewhere.example>",
      subject: "Re: payment reminder",
      text: "We will pay on Friday.\n\nOn Wed, AR wrote:\n> Dear Ms Wang",
      inReplyTo: messageId,
      references: [messageId],
    };
    const res = await webhook(reply);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      duplicate: false,
      customerId: c.customerId,
      matchedBy: "reply",
      paused: true,
    });
    expect(await (await webhook(reply)).json()).toMatchObject({ duplicate: true });

    const timeline = (await (await ann("GET", `/api/customers/${c.customerId}/timeline`)).json()) as Json[];
    expect(timeline.find((e) => e.kind === "interaction")).toMatchObject({
      title: "email: replied",
      detail: { direction: "inbound", note: "Subject: Re: payment reminder\nWe will pay on Friday." },
    });
    const replies = (await (await ann("GET", `/api/customers/${c.customerId}/replies`)).json()) as Json;
    expect(replies).toMatchObject({ pausedSince: NOW.toISOString(), unread: 1 });
    const [note] = await queryRows<{ user_id: string }>(
      database.db,
      sql`select user_id from user_notifications where kind = 'inbound_email' and customer_id = ${c.customerId}`,
    );
    expect(Number(note?.user_id)).toBe(annId);

    // Paused: a new automated reminder is refused, the queued one waits; a collector's own message still goes.
    await expect(enqueue(c, true)).rejects.toThrow(/paused/);
    // (The gate warns about a second reminder within 3 days: a person may send it with a reason.)
    const manual = await enqueue(c, false, "the customer asked for the list again");
    expect(await deliver()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await outboxRow(database, manual.id)).status).toBe("sent");
    expect((await outboxRow(database, queued.id)).status).toBe("queued");

    const ack = await ann("POST", `/api/customers/${c.customerId}/replies/acknowledge`);
    expect(await ack.json()).toMatchObject({ pausedSince: null, unread: 0 });
    await deliver();
    // The gate decides again at send time (two reminders the same day is too many): it is no longer held back.
    expect((await outboxRow(database, queued.id)).status).not.toBe("queued");
    expect(await verifyAudit(database)).toMatchObject({ ok: true });
  });

  it("matches by the sender's address, and keeps unknown senders for managers to assign", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const bySender = await webhook({
      messageId: "<s-1@x.example>",
      from: `Ms Wang <${c.email.toUpperCase()}>`,
      text: "Paid.",
    });
    expect(await bySender.json()).toMatchObject({ customerId: c.customerId, matchedBy: "sender" });

    const stranger = await webhook({ messageId: "s-2@x.example", from: "who@nowhere.example", text: "Which invoice?" });
    const { id } = (await stranger.json()) as { id: number };
    expect((await ann("GET", "/api/inbound-emails/unmatched")).status).toBe(403);
    const list = (await (await mia("GET", "/api/inbound-emails/unmatched")).json()) as Json[];
    expect(list).toMatchObject([{ id, messageId: "<s-2@x.example>", from: "who@nowhere.example", customerId: null }]);
    const assigned = await mia("POST", `/api/inbound-emails/${id}/assign`, { customerId: c.customerId });
    expect(await assigned.json()).toMatchObject({
      customerId: c.customerId,
      matchedBy: "manual",
      acknowledgedAt: null,
    });
    expect((await (await mia("GET", "/api/inbound-emails/unmatched")).json()) as Json[]).toEqual([]);
    expect((await mia("POST", `/api/inbound-emails/${id}/assign`, { customerId: c.customerId })).status).toBe(409);
  });

  it("an assigned reply is the customer's like a matched one: timeline, reminders paused, the collector told", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const res = await webhook({
      messageId: "<a-1@x.example>",
      from: "accounts@parent-group.example",
      subject: "Remittance",
      text: "Paid by the parent company.",
    });
    const { id } = (await res.json()) as { id: number };
    const assigned = await mia("POST", `/api/inbound-emails/${id}/assign`, {
      customerId: c.customerId,
      contactId: c.contactId,
    });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({
      customerId: c.customerId,
      contactId: c.contactId,
      acknowledgedAt: null,
    });
    const timeline = (await (await ann("GET", `/api/customers/${c.customerId}/timeline`)).json()) as Json[];
    expect(timeline.find((e) => e.kind === "interaction")).toMatchObject({
      detail: { direction: "inbound", note: "Subject: Remittance\nPaid by the parent company." },
    });
    expect(await (await ann("GET", `/api/customers/${c.customerId}/replies`)).json()).toMatchObject({
      pausedSince: NOW.toISOString(),
      unread: 1,
    });
    await expect(enqueue(c, true)).rejects.toThrow(/paused/);
    const notes = await queryRows<{ user_id: string; object_id: string }>(
      database.db,
      sql`select user_id, object_id from user_notifications where kind = 'inbound_email' and customer_id = ${c.customerId}`,
    );
    expect(notes.map((n) => [Number(n.user_id), Number(n.object_id)])).toEqual([[annId, id]]);
    const [audit] = await queryRows<{ actor: string; after: Json }>(
      database.db,
      sql`select actor, after from audit_log where action = 'inbound.assigned' and object_id = ${String(id)}`,
    );
    expect(audit).toMatchObject({ actor: "mia", after: { customerId: c.customerId, remindersPaused: true } });
    // The collector reads it: reminders resume as for any reply.
    expect(await (await ann("POST", `/api/customers/${c.customerId}/replies/acknowledge`)).json()).toMatchObject({
      pausedSince: null,
      unread: 0,
    });
    expect(await verifyAudit(database)).toMatchObject({ ok: true });
  });

  it("assigns only to a customer of the manager's portfolio, and only a contact of that customer", async () => {
    const other = await addUser(
      { database, now: () => NOW },
      {
        login: uniquePrefix("zoe").toLowerCase(),
        name: "Zoe",
        role: "collector",
        team: "west",
        password: "zoe-secret-pass",
      },
      "test",
    );
    const west = await makeCustomer(database, { collectorId: other.id });
    const mine = await makeCustomer(database, { collectorId: annId });
    const res = await webhook({ messageId: "<a-2@x.example>", from: "who@nowhere.example", text: "Hello?" });
    const { id } = (await res.json()) as { id: number };
    const outside = await mia("POST", `/api/inbound-emails/${id}/assign`, { customerId: west.customerId });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(await outside.json())).toContain(`no customer ${west.customerId}`);
    const wrongContact = await mia("POST", `/api/inbound-emails/${id}/assign`, {
      customerId: mine.customerId,
      contactId: west.contactId,
    });
    expect(wrongContact.status).toBe(400);
    expect((await ann("POST", `/api/inbound-emails/${id}/assign`, { customerId: mine.customerId })).status).toBe(403);
    expect((await mia("POST", `/api/inbound-emails/${id}/assign`)).status).toBe(400);
    expect((await mia("POST", "/api/inbound-emails/999999999/assign", { customerId: mine.customerId })).status).toBe(
      404,
    );
    // Nothing of the refused attempts stayed behind.
    const [row] = await queryRows<{ customer_id: string | null }>(
      database.db,
      sql`select customer_id from inbound_emails where id = ${id}`,
    );
    expect(row?.customer_id).toBeNull();
  });

  it("takes a Chinese reply as raw MIME: GBK quoted-printable body and RFC 2047 headers, matched by its sender", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const res = await webhookRaw(
      gbkQuotedPrintableReply({ from: c.email, messageId: "<5F3A.gbk@customer.example.cn>" }),
    );
    expect(res.status).toBe(200);
    const result = (await res.json()) as { id: number };
    expect(result).toMatchObject({ duplicate: false, customerId: c.customerId, matchedBy: "sender", attachments: [] });
    expect(await stored(result.id)).toEqual({
      message_id: "<5F3A.gbk@customer.example.cn>",
      from_address: c.email,
      subject: GBK_REPLY_SUBJECT,
      body: `${GBK_REPLY_TEXT}\n`,
    });
    const timeline = (await (await ann("GET", `/api/customers/${c.customerId}/timeline`)).json()) as Json[];
    expect(timeline.find((e) => e.kind === "interaction")).toMatchObject({
      detail: { direction: "inbound", note: `Subject: ${GBK_REPLY_SUBJECT}\n${GBK_REPLY_TEXT}` },
    });
    // The same message again (a provider's retry) is recorded once.
    const again = await webhookRaw(
      gbkQuotedPrintableReply({ from: c.email, messageId: "<5F3A.gbk@customer.example.cn>" }),
    );
    expect(await again.json()).toMatchObject({ duplicate: true, id: result.id });
  });

  it("takes an Outlook multipart/alternative reply from a form field: the text part, the reminder it answers, the photo listed", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const ours = await deliveredMessageId(c);
    const message = outlookAlternativeReply({
      from: "jane.smith@acme-tools.example",
      messageId: "<PH0PR11MB4965.1@acme.example>",
      inReplyTo: ours,
    });
    const res = await webhookRaw(message, "form");
    expect(res.status).toBe(200);
    const result = (await res.json()) as { id: number };
    expect(result).toMatchObject({
      customerId: c.customerId,
      matchedBy: "reply",
      paused: true,
      attachments: [{ filename: "damaged-crate.png", contentType: "image/png", size: 67 }],
    });
    const row = await stored(result.id);
    expect(row?.subject).toBe("RE: Payment reminder");
    expect(row?.body).toContain("We dispute invoice US-1: the goods arrived damaged.");
    expect(row?.body).not.toContain("<script>");
    const [audit] = await queryRows<{ after: Json }>(
      database.db,
      sql`select after from audit_log where action = 'inbound.email_received' and object_id = ${String(result.id)}`,
    );
    expect(audit?.after).toMatchObject({ attachments: [{ filename: "damaged-crate.png" }] });
    // Nothing of the attachment is kept.
    const [files] = await queryRows<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from attachments where file_name = 'damaged-crate.png'`,
    );
    expect(files?.n).toBe("0");
  });

  it("matches a Gmail reply down a thread by its References (a file field, 8-bit UTF-8)", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const ours = await deliveredMessageId(c);
    const message = gmailThreadReply({
      from: "wang.li.private@gmail.example",
      messageId: "<CAF=thread.3@mail.gmail.example>",
      inReplyTo: "<CAF=thread.2@mail.gmail.example>",
      references: [ours, "<CAF=thread.2@mail.gmail.example>"],
    });
    const res = await webhookRaw(message, "form-file");
    expect(res.status).toBe(200);
    const result = (await res.json()) as { id: number };
    expect(result).toMatchObject({ customerId: c.customerId, matchedBy: "reply" });
    const timeline = (await (await ann("GET", `/api/customers/${c.customerId}/timeline`)).json()) as Json[];
    expect(timeline.find((e) => e.kind === "interaction")).toMatchObject({
      detail: { note: "Subject: Re: Statement of account\nSorry, one more thing: 下周一付清余款。" },
    });
  });

  it("still requires the signature over the raw bytes, and refuses a message over 1 MB; nothing is written", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const message = gbkQuotedPrintableReply({ from: c.email, messageId: "<unsigned@customer.example.cn>" });
    const other = await getServerSecret(database.db, NOW);
    const before = await footprint();
    expect((await webhookRaw(message, "rfc822", () => "")).status).toBe(401);
    expect((await webhookRaw(message, "rfc822", () => "sha256=00")).status).toBe(401);
    // Signed for other bytes (the message alone, not the form that carries it): refused.
    expect((await webhookRaw(message, "form", () => signInbound(other, message))).status).toBe(401);
    const huge = message + `${"y".repeat(998)}\r\n`.repeat(1100);
    expect((await webhookRaw(huge)).status).toBe(413);
    expect(await footprint()).toBe(before);
  });

  it("answers malformed input 400 and writes nothing", async () => {
    const secret = await getServerSecret(database.db, NOW);
    const before = await footprint();
    const cases: [string | Uint8Array, "rfc822" | "form" | "form-file"][] = [
      ["Hello, this is not an e-mail at all.\r\n", "rfc822"],
      [new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), "rfc822"],
      ["", "rfc822"],
      ["Subject: no sender\r\nMessage-ID: <nofrom@x.example>\r\n\r\nWho sent this?\r\n", "rfc822"],
      ["From: nobody\r\nSubject: no address\r\n\r\nhi\r\n", "form"],
    ];
    for (const [message, as] of cases) {
      const res = await webhookRaw(message, as);
      expect(res.status, String(message).slice(0, 40)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
    }
    const post = (body: string | Uint8Array<ArrayBuffer>, type: string) =>
      app.request("/api/inbound/email", {
        method: "POST",
        headers: { "content-type": type, "x-huikuan-signature": signInbound(secret, body) },
        body,
      });
    // A form without the "email" field; a form that is not one; a raw message sent as text (read as JSON, as before).
    const fields = new FormData();
    fields.set("text", "hi");
    const form = new Request("http://x/", { method: "POST", body: fields });
    const formBytes = new Uint8Array(await form.arrayBuffer());
    expect((await post(formBytes, form.headers.get("content-type") as string)).status).toBe(400);
    expect((await post("not a form", "multipart/form-data; boundary=zzz")).status).toBe(400);
    expect((await post("From: a@b.example\r\n\r\nhi", "text/plain")).status).toBe(400);
    expect(await footprint()).toBe(before);
  });

  it("gives a raw message without a Message-ID one made from its bytes, so a retry is still a repeat", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const message = `From: Ms Wang <${c.email}>\r\nSubject: paid\r\n\r\nPaid today.\r\n`;
    const first = (await (await webhookRaw(message)).json()) as { id: number };
    expect((await stored(first.id))?.message_id).toMatch(/^<sha256\.[0-9a-f]{40}@inbound\.invalid>$/);
    expect(await (await webhookRaw(message)).json()).toMatchObject({ duplicate: true, id: first.id });
  });

  it("dismisses an unmatched reply: off the list, kept, audited with the reason; then neither assigned nor dismissed again", async () => {
    const c = await makeCustomer(database, { collectorId: annId });
    const res = await webhook({ messageId: "<d-1@x.example>", from: "noreply@ads.example", text: "Big sale!" });
    const { id } = (await res.json()) as { id: number };
    expect((await ann("POST", `/api/inbound-emails/${id}/dismiss`, {})).status).toBe(403);
    const dismissed = await mia("POST", `/api/inbound-emails/${id}/dismiss`, { reason: "advertising" });
    expect(dismissed.status).toBe(200);
    expect(await dismissed.json()).toMatchObject({ id, customerId: null, acknowledgedBy: "mia" });
    const list = (await (await mia("GET", "/api/inbound-emails/unmatched")).json()) as Json[];
    expect(list.map((e) => e.id)).not.toContain(id);
    const [audit] = await queryRows<{ actor: string; reason: string | null }>(
      database.db,
      sql`select actor, reason from audit_log where action = 'inbound.dismissed' and object_id = ${String(id)}`,
    );
    expect(audit).toEqual({ actor: "mia", reason: "advertising" });
    expect((await mia("POST", `/api/inbound-emails/${id}/dismiss`, {})).status).toBe(409);
    expect((await mia("POST", `/api/inbound-emails/${id}/assign`, { customerId: c.customerId })).status).toBe(409);
    expect((await mia("POST", "/api/inbound-emails/999999999/dismiss")).status).toBe(404);
  });
});
