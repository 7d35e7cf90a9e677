import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../test/http-session.ts";
import { ENGINES } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import type { createApp } from "../http/app.ts";
import { deliverDue } from "./deliver-due.ts";
import { enqueueMessage } from "./enqueue-message.ts";
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
      acknowledgedBy: "mia",
    });
    expect((await (await mia("GET", "/api/inbound-emails/unmatched")).json()) as Json[]).toEqual([]);
    expect((await mia("POST", `/api/inbound-emails/${id}/assign`, { customerId: c.customerId })).status).toBe(409);
  });
});
