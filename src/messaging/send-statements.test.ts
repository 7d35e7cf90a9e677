import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { verifyAudit } from "../audit/verify-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { setSetting } from "../settings/settings.ts";
import { deliverDue } from "./deliver-due.ts";
import { makeCustomer, startSmtpServer, type TestSmtp } from "./messaging.fixture.ts";
import { seedDefaultTemplates } from "./seed-templates.ts";
import { sendStatements } from "./send-statements.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai.
const NOW = new Date("2025-03-12T10:00:00+08:00");
const collector = (id: number): AuthUser =>
  ({ id, login: `c${id}`, name: "C", role: "collector", team: null }) as unknown as AuthUser;

describe.each(ENGINES)("the statement run on %s", (engine) => {
  let database: Database;
  let smtp: TestSmtp;
  const deps = () => ({ database, now: () => NOW });
  let annId = 0;
  let bobId = 0;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    smtp = await startSmtpServer();
    await seedDefaultTemplates(deps());
    await setSetting(
      deps(),
      "smtp",
      { host: "127.0.0.1", port: smtp.port, secure: false, from: "Accounts receivable <ar@huikuan.example>" },
      "test",
    );
    const users = await queryRows<{ id: string }>(
      database.db,
      sql`insert into users (login, name, role, password_hash) values ('ann', 'Ann', 'collector', 'x'), ('bob', 'Bob', 'collector', 'x')
          returning id`,
    );
    annId = Number(users[0]?.id);
    bobId = Number(users[1]?.id);
  });
  afterAll(async () => {
    await smtp.close();
    await database.close();
  });

  const attachments = (messageIds: number[]) =>
    queryRows<{ message_id: string; file_name: string; media_type: string; size: number; content: Uint8Array }>(
      database.db,
      sql`select message_id, file_name, media_type, size, content from outbox_attachments
          where message_id = any(${`{${messageIds.join(",") || 0}}`}::bigint[]) order by message_id`,
    );

  it("queues each overdue customer's statement as a PDF on the cover e-mail, once per date, and sends it", async () => {
    const a = await makeCustomer(database, { collectorId: annId });
    const b = await makeCustomer(database, { collectorId: annId });
    await database.db.execute(sql`update customers set country = 'GB' where id = ${b.customerId}`);
    const ann = collector(annId);

    const first = await sendStatements(deps(), ann, { asOf: "2025-03-10" });
    expect(first).toMatchObject({ asOf: "2025-03-10", customers: 2, queued: 2, alreadyQueued: 0, refused: [] });
    const files = await attachments(first.messageIds);
    expect(files.map((f) => f.file_name).sort()).toEqual(
      [`statement-${a.code}-2025-03-10-zh.pdf`, `statement-${b.code}-2025-03-10-en.pdf`].sort(),
    );
    for (const f of files) {
      expect(f.media_type).toBe("application/pdf");
      expect(Buffer.from(f.content).subarray(0, 5).toString()).toBe("%PDF-");
      expect(f.size).toBe(f.content.length);
    }
    // The cover e-mail names the statement's date, and its portal link is the message's own.
    const messages = await queryRows<{ id: string; subject: string; language: string; links: number }>(
      database.db,
      sql`select m.id, m.subject, m.language,
            (select count(*)::int from portal_links l where l.outbox_message_id = m.id) as links
          from outbox_messages m where m.id = any(${`{${first.messageIds.join(",")}}`}::bigint[]) order by m.id`,
    );
    expect(messages.map((m) => m.links)).toEqual([1, 1]);
    expect(messages.find((m) => m.language === "en")?.subject).toContain("as of 2025-03-10");

    // Again for the same date (a second click, a crash and a rerun): nothing new, nothing rendered again.
    const again = await sendStatements(deps(), ann, { asOf: "2025-03-10" });
    expect(again).toMatchObject({ customers: 2, queued: 0, alreadyQueued: 2, messageIds: [] });
    const [count] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from outbox_attachments`);
    expect(count?.n).toBe(2);

    // Delivered over SMTP with the very bytes that were queued.
    smtp.received.length = 0;
    const summary = await deliverDue({ database, now: () => NOW }, { now: NOW, limit: 10 });
    expect(summary).toMatchObject({ sent: 2, failed: 0 });
    const english = smtp.received.find((m) => m.subject?.includes(b.code));
    const pdf = english?.attachments.find((x) => x.contentType === "application/pdf");
    expect(pdf?.filename).toBe(`statement-${b.code}-2025-03-10-en.pdf`);
    const stored = files.find((f) => f.file_name === pdf?.filename);
    expect(stored && pdf && Buffer.compare(Buffer.from(stored.content), pdf.content)).toBe(0);
    expect(english?.text).toContain("statement of account as of 2025-03-10");
    expect((await verifyAudit(database)).ok).toBe(true);
  });

  it("says why a customer cannot be sent to, and goes ahead with the others", async () => {
    const ok = await makeCustomer(database, { collectorId: bobId });
    const noEmail = await makeCustomer(database, { collectorId: bobId });
    await database.db.execute(sql`update contacts set emails = '{}' where id = ${noEmail.contactId}`);
    const optedOut = await makeCustomer(database, { collectorId: bobId });
    await database.db.execute(sql`update contacts set opt_out_email = true where id = ${optedOut.contactId}`);
    const onlyOther = await makeCustomer(database, { collectorId: bobId, role: "other" });
    const dnc = await makeCustomer(database, { collectorId: bobId });
    await database.db.execute(sql`update customers set do_not_contact = true where id = ${dnc.customerId}`);
    const annsCustomer = await makeCustomer(database, { collectorId: annId });

    const r = await sendStatements(deps(), collector(bobId), {
      customerIds: [ok, noEmail, optedOut, onlyOther, dnc, annsCustomer].map((c) => c.customerId),
    });
    expect(r.asOf).toBe("2025-03-12");
    expect(r.queued).toBe(1);
    const why = Object.fromEntries(r.refused.map((x) => [x.customerId, x.message]));
    expect(why[noEmail.customerId]).toMatch(/no contact with an e-mail address/);
    expect(why[optedOut.customerId]).toMatch(/no contact with an e-mail address .* not opted out/);
    expect(why[onlyOther.customerId]).toMatch(/finance, owner or purchasing/);
    expect(why[dnc.customerId]).toMatch(/do-not-contact/);
    // Each with a reason a screen can say in its own language.
    const reasons = Object.fromEntries(r.refused.map((x) => [x.customerId, x.reason]));
    expect([noEmail, optedOut, onlyOther, dnc, annsCustomer].map((c) => reasons[c.customerId])).toEqual([
      "no_recipient",
      "no_recipient",
      "no_recipient",
      "do_not_contact",
      "not_found",
    ]);
    // Someone else's customer answers like a missing one.
    expect(r.refused.find((x) => x.customerId === annsCustomer.customerId)).toMatchObject({
      code: "not_found",
      customerCode: null,
    });
    // Every customer is accounted for.
    expect(r.queued + r.refused.length).toBe(6);
  });

  it("refuses a date that is not one or lies ahead, and roles that do not send", async () => {
    const ann = collector(annId);
    await expect(sendStatements(deps(), ann, { asOf: "2025-03-13" })).rejects.toThrow(/would show the future/);
    await expect(sendStatements(deps(), ann, { asOf: "2025-02-30" })).rejects.toThrow(AppError);
    await expect(
      sendStatements(deps(), { ...ann, role: "finance" } as AuthUser, { asOf: "2025-03-10" }),
    ).rejects.toThrow(/not open to the finance role/);
    // Without the cover e-mail in a language it needs, the run says so once instead of refusing every customer.
    await makeCustomer(database, { collectorId: annId });
    await database.db.execute(
      sql`update message_templates set active = false where key = 'statement.cover' and language = 'zh-CN'`,
    );
    await expect(sendStatements(deps(), ann, {})).rejects.toThrow(/"statement.cover" \(zh-CN\) is missing or inactive/);
    await database.db.execute(sql`update message_templates set active = true where key = 'statement.cover'`);
    const r = await sendStatements(deps(), null, { customerCodes: ["NO-SUCH-CODE"] });
    expect(r.refused).toEqual([
      {
        customerId: 0,
        customerCode: "NO-SUCH-CODE",
        code: "not_found",
        reason: "not_found",
        message: 'no customer with code "NO-SUCH-CODE"',
      },
    ]);
  });
});
