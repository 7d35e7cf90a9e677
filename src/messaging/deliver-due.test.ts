import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { setSetting } from "../settings/settings.ts";
import { deliverDue, STALE_SENDING_MS } from "./deliver-due.ts";
import { type EnqueueInput, enqueueMessage, enqueueMessages } from "./enqueue-message.ts";
import { makeCustomer, outboxRow, startSmtpServer, type TestSmtp, templateId } from "./messaging.fixture.ts";
import { seedDefaultTemplates } from "./seed-templates.ts";
import { unsubscribe } from "./unsubscribe.ts";

// Wednesday 2025-03-12; Shanghai is UTC+8.
const local = (day: string, hhmm: string) => new Date(`2025-03-${day}T${hhmm}:00+08:00`);
const NOW = local("12", "10:00");

describe.each(ENGINES)("the outbox on %s", (engine) => {
  let database: Database;
  let smtp: TestSmtp;
  let reminderEn = 0;
  let reminderZh = 0;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    smtp = await startSmtpServer();
    await seedDefaultTemplates({ database, now: () => NOW });
    await setSetting(
      { database, now: () => NOW },
      "smtp",
      { host: "127.0.0.1", port: smtp.port, secure: false, from: "Accounts receivable <ar@huikuan.example>" },
      "test",
    );
    reminderEn = await templateId(database, "reminder.friendly", "email", "en");
    reminderZh = await templateId(database, "reminder.friendly", "email", "zh-CN");
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });
  // deliverDue sends whatever is due in the database: each test starts with nothing pending.
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.failNext(0);
    await database.db.execute(
      sql`update outbox_messages set status = 'cancelled' where status in ('queued', 'waiting_window')`,
    );
  });

  const enqueue = (input: Omit<EnqueueInput, "template"> & { template?: EnqueueInput["template"] }, now = NOW) =>
    database.transaction(({ db }) =>
      enqueueMessage(db, { template: reminderEn, ...input, now, actor: "test" } as EnqueueInput & {
        now: Date;
        actor: string;
      }),
    );
  const deliver = (now: Date, limit = 100) => deliverDue({ database, now: () => now }, { now, limit });

  it("renders, checks and queues a reminder, then sends it over SMTP with one-click unsubscribe headers", async () => {
    const c = await makeCustomer(database);
    const { id, duplicate, verdict } = await enqueue({ ...c, idempotencyKey: `k-${c.code}` });
    expect({ duplicate, verdict }).toEqual({ duplicate: false, verdict: "allow" });
    // The same idempotency key again queues nothing.
    expect((await enqueue({ ...c, idempotencyKey: `k-${c.code}` })).id).toBe(id);

    const summary = await deliver(NOW);
    expect(summary).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    const row = await outboxRow(database, id);
    expect(row.status).toBe("sent");
    expect(row.provider_message_id).toMatch(new RegExp(`^<outbox\\.${id}\\.[0-9a-f]{12}@huikuan\\.example>$`));

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    if (!mail) throw new Error("nothing arrived");
    expect(mail.subject).toBe(`Huikuan Demo Co.: payment reminder for ${c.code} Trading Co`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe(c.email);
    expect(mail.messageId).toBe(row.provider_message_id);
    const listHeader = mail.headerLines.find((h) => h.key === "list-unsubscribe")?.line ?? "";
    const unsubscribeUrl = /<([^>]+)>/.exec(listHeader)?.[1];
    expect(unsubscribeUrl).toMatch(
      new RegExp(`^http://localhost:3000/api/unsubscribe/${c.contactId}\\.email\\.[A-Za-z0-9_-]{32}$`),
    );
    expect(mail.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    expect(mail.text).toContain("Dear Ms Wang,");
    expect(mail.text).toContain(`- Invoice ${c.code}-1, due 2025-02-01, open CNY 12345.60`);
    expect(mail.text).toContain("CNY 12345.60 in total, the oldest due on 2025-02-01");
    expect(mail.text).toContain("Phone: 021-5555-0100");
    expect(mail.text).toContain(`unsubscribe here: ${unsubscribeUrl}`);

    // The gate's reservation became a made contact attempt, and every step is in the audit chain.
    const [attempt] = await queryRows<{ status: string; channel: string; automated: boolean }>(
      database.db,
      sql`select status, channel, automated from contact_attempts where id = ${row.attempt_id}`,
    );
    expect(attempt).toEqual({ status: "made", channel: "email", automated: false });
    const actions = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where object_type = 'outbox_message' and object_id = ${String(id)} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(["outbox.enqueue", "outbox.sending", "outbox.sent"]);
    expect((await verifyAudit(database)).ok).toBe(true);
  });

  it("sends Chinese text intact", async () => {
    const c = await makeCustomer(database);
    const { id } = await enqueue({ ...c, template: reminderZh });
    await deliver(NOW);
    expect((await outboxRow(database, id)).status).toBe("sent");
    const mail = smtp.received[0];
    expect(mail?.subject).toBe(`Huikuan Demo Co.:付款提醒(${c.code} Trading Co)`);
    expect(mail?.text).toContain(`- 发票 ${c.code}-1,2025-02-01到期,未付 CNY 12345.60`);
    expect(mail?.text).toContain("如不希望再收到此类邮件,请点击退订");
  });

  it("refuses to queue what the language check blocks (with the span), and a warning without a reason", async () => {
    const c = await makeCustomer(database);
    const [t] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into message_templates (key, channel, language, name, subject, body, updated_by)
          values (${`raw-${c.code}`}, 'email', 'en', 'raw', 'Invoice {customer}',
            'Dear {contact}, {portal_link} {collector} {company} {callback_phone}', 'test') returning id`,
    );
    const template = Number(t?.id);
    const blocked = enqueue({ ...c, template, vars: { portal_link: "pay now, deadbeat" } });
    await expect(blocked).rejects.toMatchObject({ code: "unprocessable" });
    await expect(blocked).rejects.toHaveProperty("details", [
      expect.stringMatching(/^body \d+–\d+ "deadbeat": insults/),
    ]);
    const warned = enqueue({ ...c, template, vars: { portal_link: "please pay within 24 hours" } });
    await expect(warned).rejects.toThrow(/language check refuses this message: body \d+–\d+ "within 24 hours"/);
    const withReason = await enqueue({
      ...c,
      template,
      vars: { portal_link: "please pay within 24 hours" },
      overrideReason: "the customer asked for a firm date",
    });
    expect(withReason.verdict).toBe("warn");
    // Without a value from the caller, {portal_link} becomes a new portal link of this message's own.
    const linked = await enqueue({ ...c, template });
    expect((await outboxRow(database, linked.id)).body).toMatch(/\/api\/portal\/[0-9a-f]{64} /);
    // No value for a variable: refused, not sent with a hole in it.
    const [t2] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into message_templates (key, channel, language, name, subject, body, updated_by)
          values (${`raw2-${c.code}`}, 'email', 'en', 'raw', 'Receipt {customer}',
            'Dear {contact}, {payment_amount} {collector} {company} {callback_phone}', 'test') returning id`,
    );
    await expect(enqueue({ ...c, template: Number(t2?.id) })).rejects.toThrow(/no value for \{payment_amount\}/);
  });

  it("refuses opted-out contacts, do-not-contact customers and contacts who may not see debt details", async () => {
    const optedOut = await makeCustomer(database);
    await database.db.execute(sql`update contacts set opt_out_email = true where id = ${optedOut.contactId}`);
    await expect(enqueue(optedOut)).rejects.toThrow(/opted out of email/);
    const dnc = await makeCustomer(database);
    await database.db.execute(sql`update customers set do_not_contact = true where id = ${dnc.customerId}`);
    await expect(enqueue(dnc)).rejects.toThrow(/do-not-contact/);
    const other = await makeCustomer(database, { role: "other" });
    await expect(enqueue(other)).rejects.toThrow(/conduct rule 9/);
  });

  it("retries after a 451 with backoff, then sends", async () => {
    const c = await makeCustomer(database);
    const { id } = await enqueue(c);
    smtp.failNext(1);
    expect(await deliver(NOW)).toMatchObject({ claimed: 1, sent: 0, retrying: 1 });
    const waiting = await outboxRow(database, id);
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    expect(waiting.error).toMatch(/451/);
    expect(waiting.next_attempt_at.getTime()).toBe(NOW.getTime() + 60_000);
    // Not due yet.
    expect((await deliver(new Date(NOW.getTime() + 30_000))).claimed).toBe(0);
    const later = new Date(NOW.getTime() + 61_000);
    expect(await deliver(later)).toMatchObject({ sent: 1 });
    expect(await outboxRow(database, id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(smtp.received).toHaveLength(1);
    // The refused try does not count as a reminder sent.
    const attempts = await queryRows<{ status: string }>(
      database.db,
      sql`select status from contact_attempts where customer_id = ${c.customerId} order by id`,
    );
    expect(attempts.map((a) => a.status)).toEqual(["released", "made"]);
  });

  it("fails for good on a 5xx answer, without the address in what it keeps", async () => {
    const c = await makeCustomer(database);
    smtp.rejectRecipient(c.email);
    const { id } = await enqueue(c);
    expect(await deliver(NOW)).toMatchObject({ failed: 1, sent: 0, retrying: 0 });
    const row = await outboxRow(database, id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/550/);
    expect(row.error).not.toContain(c.email);
  });

  it("holds a message queued at 20:55 that slips past 21:00 until the next morning's window", async () => {
    const consumer = await makeCustomer(database, { debtorType: "consumer" });
    const business = await makeCustomer(database, { debtorType: "business" });
    const queuedAt = local("12", "20:55");
    const a = await enqueue(consumer, queuedAt);
    const b = await enqueue(business, queuedAt);
    const late = local("12", "21:01");
    expect(await deliver(late)).toMatchObject({ claimed: 2, sent: 0, waiting: 2 });
    const held = await outboxRow(database, a.id);
    expect(held.status).toBe("waiting_window");
    expect(held.error).toMatch(/outside contact hours: 21:01 in Asia\/Shanghai/);
    // Consumers: the hard window opens at 08:00; business debtors: business hours from 09:00 (outside them the
    // gate only warns, and a scheduled message has nobody to give a reason).
    expect(held.next_attempt_at).toEqual(local("13", "08:00"));
    expect((await outboxRow(database, b.id)).next_attempt_at).toEqual(local("13", "09:00"));
    expect((await deliver(local("13", "07:59"))).claimed).toBe(0);
    expect(await deliver(local("13", "08:00"))).toMatchObject({ claimed: 1, sent: 1 });
    expect(await deliver(local("13", "09:00"))).toMatchObject({ claimed: 1, sent: 1 });
    expect(smtp.received).toHaveLength(2);
  });

  it("never resends a message found in 'sending' after a crash: it is marked failed, unknown", async () => {
    const c = await makeCustomer(database);
    const crashed = await enqueue(c);
    const busy = await enqueue({ ...(await makeCustomer(database)) });
    // A process claimed both and died during the SMTP call of the first; the second is being sent right now.
    await database.db.execute(
      sql`update outbox_messages set status = 'sending', attempts = 1,
            sending_since = ${new Date(NOW.getTime() - STALE_SENDING_MS - 1000).toISOString()}::timestamptz where id = ${crashed.id}`,
    );
    await database.db.execute(
      sql`update outbox_messages set status = 'sending', attempts = 1,
            sending_since = ${new Date(NOW.getTime() - 5000).toISOString()}::timestamptz where id = ${busy.id}`,
    );
    const s = await deliver(NOW);
    expect(s).toMatchObject({ recovered: 1, claimed: 0, sent: 0 });
    const row = await outboxRow(database, crashed.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/^unknown: crashed while sending; not resent/);
    expect((await outboxRow(database, busy.id)).status).toBe("sending");
    expect(smtp.received).toHaveLength(0);
    // Running again changes nothing.
    expect(await deliver(new Date(NOW.getTime() + 1000))).toMatchObject({ recovered: 0, sent: 0 });
  });

  it("unsubscribing cancels queued messages to that contact and refuses new ones, in one audited step", async () => {
    const c = await makeCustomer(database);
    const first = await enqueue(c);
    const second = await enqueue({ ...c, template: reminderZh });
    const token = /\/api\/unsubscribe\/([^\s]+)/.exec((await outboxRow(database, first.id)).body)?.[1] as string;
    const r = await unsubscribe({ database, now: () => NOW }, token);
    expect(r.cancelled).toEqual([first.id, second.id]);
    expect((await outboxRow(database, first.id)).status).toBe("cancelled");
    expect((await outboxRow(database, second.id)).error).toBe("opted out (unsubscribe)");
    const [contact] = await queryRows<{ opt_out_email: boolean; opt_out_sms: boolean }>(
      database.db,
      sql`select opt_out_email, opt_out_sms from contacts where id = ${c.contactId}`,
    );
    expect(contact).toEqual({ opt_out_email: true, opt_out_sms: false });
    const [audit] = await queryRows<{ after: { cancelled: number[]; addresses: string[] } }>(
      database.db,
      sql`select after from audit_log where action = 'messaging.opt_out' and object_id = ${String(c.contactId)}`,
    );
    expect(audit?.after.cancelled).toEqual([first.id, second.id]);
    expect(audit?.after.addresses.join()).not.toContain(c.email);
    await expect(enqueue(c)).rejects.toThrow(/opted out/);
    expect((await deliver(NOW)).sent).toBe(0);
  });

  it("queues many messages in one call, each with its own outcome", async () => {
    const customers = await Promise.all([1, 2, 3].map(() => makeCustomer(database)));
    const outcomes = await database.transaction(({ db }) =>
      enqueueMessages(db, { now: NOW, actor: "test" }, [
        ...customers.map((c) => ({ ...c, template: reminderEn, automated: true })),
        { customerId: 1, contactId: 999_999, template: reminderEn },
      ]),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
    expect(outcomes[3]).toMatchObject({ code: "not_found" });
  });
});
