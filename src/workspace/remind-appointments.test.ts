import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { deliverDue } from "../messaging/deliver-due.ts";
import type { OutgoingMessage, Transport } from "../messaging/transport.rules.ts";
import { setSetting } from "../settings/settings.ts";
import { reminderText, sendDueReminders } from "./remind-appointments.ts";

const at = (iso: string) => new Date(iso);
type Json = Record<string, unknown>;

describe("reminderText", () => {
  it("says who, when, where and what in both languages", () => {
    const t = reminderText({
      customer: "华东钢材 (C-1)",
      local: "2025-03-13 15:00",
      zone: "Asia/Shanghai",
      place: "仓库",
      agenda: "对账",
    });
    expect(t.title).toBe("拜访提醒 Visit reminder: 华东钢材 (C-1), 2025-03-13 15:00");
    expect(t.body).toBe(
      "拜访提醒:2025-03-13 15:00(Asia/Shanghai)拜访 华东钢材 (C-1),地点:仓库,议题:对账。\n" +
        "Visit reminder: 华东钢材 (C-1) at 2025-03-13 15:00 (Asia/Shanghai), 仓库. Agenda: 对账.",
    );
  });
});

describe.each(ENGINES)("visit reminders on %s", (engine) => {
  let database: Database;
  let customerId = 0;
  let annId = 0;
  let miaId = 0;

  const appointment = async (startsAt: string, remindAt: string | null, status = "confirmed", by = "mia") => {
    const [r] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into visit_appointments (customer_id, starts_at, ends_at, time_zone, place, agenda, status, remind_at,
            created_by, created_at, updated_at)
          values (${customerId}, ${startsAt}::timestamptz, ${startsAt}::timestamptz + interval '1 hour', 'Asia/Shanghai',
            'Warehouse 3', 'reconcile', ${status}, ${remindAt}::timestamptz, ${by}, now(), now())
          returning id`,
    );
    return Number(r?.id);
  };
  const notifications = async (appointmentId: number) =>
    queryRows<{ user_id: string; outbox_id: string | null; title: string }>(
      database.db,
      sql`select user_id, outbox_id, title from user_notifications where object_id = ${appointmentId} order by user_id`,
    );
  const run = (iso: string) => sendDueReminders({ database, now: () => at(iso) });

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const deps = { database, now: () => at("2025-03-01T00:00:00Z") };
    const ann = await addUser(
      deps,
      { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass", email: "ann@example.com" },
      "t",
    );
    const mia = await addUser(deps, { login: "mia", name: "Mia", role: "manager", password: "mia-secret-pass" }, "t");
    annId = ann.id;
    miaId = mia.id;
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, time_zone) values ('RM-1', 'Remind Co', ${annId}, 'Asia/Shanghai') returning id`,
    );
    customerId = Number(c?.id);
  });
  afterAll(() => database.close());

  it("reminds the one who booked the visit and the customer's collector when the time comes, once", async () => {
    const id = await appointment("2025-03-13T07:00:00Z", "2025-03-12T07:00:00Z");
    expect((await run("2025-03-12T06:59:59Z")).notified).toBe(0);
    expect(await notifications(id)).toEqual([]);
    const first = await run("2025-03-12T07:00:00Z");
    expect(first).toMatchObject({ appointments: 1, notified: 2, emailed: 0 });
    const rows = await notifications(id);
    expect(rows.map((r) => Number(r.user_id)).sort()).toEqual([annId, miaId].sort());
    expect(rows[0]?.title).toBe("拜访提醒 Visit reminder: Remind Co (RM-1), 2025-03-13 15:00");
    // Again, and twice at once (two processes): nothing new.
    expect((await run("2025-03-12T07:05:00Z")).notified).toBe(0);
    const both = await Promise.all([run("2025-03-12T07:06:00Z"), run("2025-03-12T07:06:00Z")]);
    expect(both.map((s) => s.notified)).toEqual([0, 0]);
    expect(await notifications(id)).toHaveLength(2);
    const audits = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log where action = 'appointment.reminded' and object_id = ${String(id)}`,
    );
    expect(audits[0]?.n).toBe(2);
  });

  it("produces each reminder once even when two runs race for it", async () => {
    const id = await appointment("2025-03-20T07:00:00Z", "2025-03-19T07:00:00Z");
    const both = await Promise.all([run("2025-03-19T07:01:00Z"), run("2025-03-19T07:01:00Z")]);
    expect(both.reduce((n, s) => n + s.notified, 0)).toBe(2);
    expect(await notifications(id)).toHaveLength(2);
  });

  it("skips cancelled and done visits, visits already begun and appointments without a reminder", async () => {
    const cancelled = await appointment("2025-04-02T07:00:00Z", "2025-04-01T07:00:00Z", "cancelled");
    const begun = await appointment("2025-04-01T07:30:00Z", "2025-04-01T06:00:00Z");
    const none = await appointment("2025-04-01T09:00:00Z", null);
    await run("2025-04-01T08:00:00Z");
    for (const id of [cancelled, begun, none]) expect(await notifications(id)).toEqual([]);
  });

  it("reminds again when the visit (and so its reminder) moves", async () => {
    const id = await appointment("2025-05-02T07:00:00Z", "2025-05-01T07:00:00Z");
    await run("2025-05-01T07:00:00Z");
    await database.db.execute(
      sql`update visit_appointments set starts_at = '2025-05-09T07:00:00Z', ends_at = '2025-05-09T08:00:00Z',
            remind_at = '2025-05-08T07:00:00Z' where id = ${id}`,
    );
    expect((await run("2025-05-01T08:00:00Z")).notified).toBe(0);
    expect((await run("2025-05-08T07:00:00Z")).notified).toBe(2);
    expect(await notifications(id)).toHaveLength(4);
  });

  it("e-mails collectors who have an address when SMTP is set, past the contact gate, and not on the customer's timeline", async () => {
    await setSetting(
      { database, now: () => at("2025-06-01T00:00:00Z") },
      "smtp",
      { host: "smtp.example.com", port: 587, secure: false, from: "AR <ar@example.com>" },
      "t",
    );
    const id = await appointment("2025-06-11T07:00:00Z", "2025-06-10T07:00:00Z");
    expect(await run("2025-06-10T07:00:00Z")).toMatchObject({ notified: 2, emailed: 1 });
    const [mail] = await queryRows<{ id: string; address: string; recipient_user_id: string; status: string }>(
      database.db,
      sql`select m.id, m.address, m.recipient_user_id, m.status from outbox_messages m
          join user_notifications n on n.outbox_id = m.id where n.object_id = ${id}`,
    );
    expect(mail).toMatchObject({ address: "ann@example.com", status: "queued" });
    expect(Number(mail?.recipient_user_id)).toBe(annId);
    const sent: OutgoingMessage[] = [];
    const email: Transport = {
      name: "test",
      send: async (m) => {
        sent.push(m);
        return { providerMessageId: `p-${m.outboxId}` };
      },
      close: () => {},
    };
    // Sunday 03:00 in Shanghai: the gate would hold a message to a customer; a notice to our own user goes.
    const summary = await deliverDue(
      { database, now: () => at("2025-06-14T19:00:00Z"), transports: { email } },
      { now: at("2025-06-14T19:00:00Z") },
    );
    expect(summary.sent).toBe(1);
    expect(sent[0]).toMatchObject({ to: "ann@example.com", subject: expect.stringContaining("Visit reminder") });
    const attempts = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from contact_attempts where customer_id = ${customerId}`,
    );
    expect(attempts[0]?.n).toBe(0);
    const app = createApp({ database, now: () => at("2025-06-10T08:00:00Z"), version: "test" });
    const ann: Client = await signIn(app, "ann", "ann-secret-pass");
    const timeline = (await (await ann("GET", `/api/customers/${customerId}/timeline`)).json()) as Json[];
    expect(timeline.filter((e) => e.kind === "message")).toEqual([]);
    // My day lists the unread reminders; reading one takes it off.
    const day = (await (await ann("GET", "/api/my-day")).json()) as { reminders: Json[] };
    const mine = day.reminders.filter((r) => r.objectId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.detail).toMatchObject({ place: "Warehouse 3", local: "2025-06-11 15:00" });
    expect((await ann("POST", `/api/notifications/${mine[0]?.id}/read`)).status).toBe(204);
    const after = (await (await ann("GET", "/api/notifications")).json()) as Json[];
    expect(after.map((r) => r.id)).not.toContain(mine[0]?.id);
    const mia = await signIn(app, "mia", "mia-secret-pass");
    const miaNotice = (await (await mia("GET", "/api/notifications")).json()) as Json[];
    expect((await ann("POST", `/api/notifications/${miaNotice[0]?.id}/read`)).status).toBe(404);
  });
});
