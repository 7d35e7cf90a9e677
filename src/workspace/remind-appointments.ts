// Visit reminders that actually reach the collector. When an appointment's `remindAt` comes (and the visit has not
// started, and it is still proposed or confirmed), the user who booked it and the customer's collector each get a
// notification on My day; those with an e-mail address also get an e-mail through the outbox when SMTP is set.
// Produced once: the notification's key (appointment, reminder instant, user) is unique, so a second run, or a run
// in another process at the same moment, inserts nothing. A moved visit moves its reminder and is reminded anew.
// The server runs this every minute (startReminderJob, src/app/start.ts); the clock is passed in.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { getSetting } from "../settings/settings.ts";
import { localWallTime } from "./appointment.rules.ts";

export type ReminderSummary = { appointments: number; notified: number; emailed: number };

type DueRow = {
  id: string;
  customer_id: string;
  customer_code: string;
  customer_name: string;
  starts_at: string | Date;
  remind_at: string | Date;
  time_zone: string;
  place: string;
  agenda: string | null;
  user_id: string;
  login: string;
  email: string | null;
};

/** The text of a reminder, in both languages (collectors may read either); pure. */
export function reminderText(a: {
  customer: string;
  local: string;
  zone: string;
  place: string;
  agenda: string | null;
}) {
  const title = `拜访提醒 Visit reminder: ${a.customer}, ${a.local}`;
  const body = [
    `拜访提醒:${a.local}(${a.zone})拜访 ${a.customer},地点:${a.place}${a.agenda ? `,议题:${a.agenda}` : ""}。`,
    `Visit reminder: ${a.customer} at ${a.local} (${a.zone}), ${a.place}${a.agenda ? `. Agenda: ${a.agenda}` : ""}.`,
  ].join("\n");
  return { title, body };
}

export async function sendDueReminders(
  deps: { database: Database; now: () => Date },
  options: { limit?: number } = {},
): Promise<ReminderSummary> {
  const now = deps.now();
  const stamp = now.toISOString();
  const limit = options.limit ?? 500;
  return deps.database.transaction(async ({ db }) => {
    // Each (appointment, recipient) once: the one who booked it and the customer's collector, active users only.
    const due = await queryRows<DueRow>(
      db,
      sql`select a.id, a.customer_id, c.code as customer_code, c.name as customer_name, a.starts_at, a.remind_at,
            a.time_zone, a.place, a.agenda, u.id as user_id, u.login, u.email
          from visit_appointments a join customers c on c.id = a.customer_id
          join users u on u.active and (u.login = a.created_by or u.id = c.collector_id)
          where a.remind_at is not null and a.status in ('proposed', 'confirmed')
            and a.remind_at <= ${stamp}::timestamptz and a.starts_at > ${stamp}::timestamptz
            and not exists (select 1 from user_notifications n where n.kind = 'appointment_reminder'
              and n.key = 'appointment:' || a.id || ':' || to_char(a.remind_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || ':' || u.id)
          order by a.remind_at, a.id, u.id limit ${limit}`,
    );
    if (!due.length) return { appointments: 0, notified: 0, emailed: 0 };
    const smtp = await getSetting(db, "smtp");
    const summary: ReminderSummary = { appointments: 0, notified: 0, emailed: 0 };
    const seen = new Set<string>();
    for (const r of due) {
      const startsAt = new Date(r.starts_at);
      const remindAt = new Date(r.remind_at);
      const key = `appointment:${r.id}:${remindAt.toISOString()}:${r.user_id}`;
      const text = reminderText({
        customer: `${r.customer_name} (${r.customer_code})`,
        local: localWallTime(startsAt, r.time_zone),
        zone: r.time_zone,
        place: r.place,
        agenda: r.agenda,
      });
      const detail = {
        appointmentId: Number(r.id),
        startsAt: startsAt.toISOString(),
        local: localWallTime(startsAt, r.time_zone),
        timeZone: r.time_zone,
        place: r.place,
        agenda: r.agenda,
        customerCode: r.customer_code,
        customerName: r.customer_name,
      };
      // Another process may have produced it since the select: the unique key makes this a no-op then.
      const [n] = await queryRows<{ id: string }>(
        db,
        sql`insert into user_notifications (user_id, customer_id, kind, key, object_id, title, detail, due_at, created_at)
            values (${r.user_id}, ${r.customer_id}, 'appointment_reminder', ${key}, ${r.id}, ${text.title},
              ${JSON.stringify(detail)}::jsonb, ${remindAt.toISOString()}::timestamptz, ${stamp}::timestamptz)
            on conflict (key) do nothing returning id`,
      );
      if (!n) continue;
      summary.notified++;
      if (!seen.has(r.id)) {
        seen.add(r.id);
        summary.appointments++;
      }
      let outboxId: number | null = null;
      if (smtp && r.email?.includes("@")) {
        const [m] = await queryRows<{ id: string }>(
          db,
          sql`insert into outbox_messages (customer_id, recipient_user_id, channel, address, language, subject, body,
                automated, status, next_attempt_at, idempotency_key, created_by, created_at, updated_at)
              values (${r.customer_id}, ${r.user_id}, 'email', ${r.email.trim().toLowerCase()}, 'zh-CN', ${text.title},
                ${text.body}, true, 'queued', ${stamp}::timestamptz, ${key}, 'reminders', ${stamp}::timestamptz,
                ${stamp}::timestamptz)
              on conflict (idempotency_key) do nothing returning id`,
        );
        if (m) {
          outboxId = Number(m.id);
          summary.emailed++;
          await db.execute(sql`update user_notifications set outbox_id = ${outboxId} where id = ${n.id}`);
        }
      }
      await appendAudit(db, {
        at: now,
        actor: "reminders",
        action: "appointment.reminded",
        objectType: "visit_appointment",
        objectId: r.id,
        customerId: Number(r.customer_id),
        after: { user: r.login, remindAt: remindAt.toISOString(), notification: Number(n.id), outboxId },
      });
    }
    return summary;
  });
}

export type NotificationView = {
  id: number;
  kind: string;
  title: string;
  customerId: number | null;
  objectId: number;
  detail: Record<string, unknown>;
  dueAt: string;
  createdAt: string;
};

/** A user's unread notifications, oldest due first (My day shows them). */
export async function listNotifications(db: Db, user: AuthUser, limit = 50): Promise<NotificationView[]> {
  const rows = await queryRows<{
    id: string;
    kind: string;
    title: string;
    customer_id: string | null;
    object_id: string;
    detail: Record<string, unknown> | string;
    due_at: string | Date;
    created_at: string | Date;
  }>(
    db,
    sql`select id, kind, title, customer_id, object_id, detail, due_at, created_at from user_notifications
        where user_id = ${user.id} and read_at is null order by due_at, id limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    customerId: r.customer_id === null ? null : Number(r.customer_id),
    objectId: Number(r.object_id),
    detail: typeof r.detail === "string" ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
    dueAt: new Date(r.due_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** Marks one of the user's own notifications read; someone else's answers like a missing one. */
export async function markNotificationRead(db: Db, user: AuthUser, id: number, now: Date): Promise<void> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update user_notifications set read_at = coalesce(read_at, ${now.toISOString()}::timestamptz)
        where id = ${id} and user_id = ${user.id} returning id`,
  );
  if (!rows.length) throw new AppError("not_found", msg`no such notification`);
}

/** For the server: sendDueReminders every `intervalMs` (never two rounds at once). Returns stop() and runNow(). */
export function startReminderJob(
  deps: { database: Database; now: () => Date },
  options: { intervalMs?: number; log?: (line: string) => void } = {},
): { stop(): void; runNow(): Promise<ReminderSummary | null> } {
  const log = options.log ?? console.log;
  let running: Promise<ReminderSummary | null> | null = null;
  const round = () => {
    running ??= sendDueReminders(deps)
      .then((s) => {
        if (s.notified) log(`reminders: ${s.appointments} visits, ${s.notified} notifications, ${s.emailed} e-mails`);
        return s;
      })
      .catch((e) => {
        log(`reminders: round failed: ${String((e as Error)?.message ?? e).slice(0, 300)}`);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(round, options.intervalMs ?? 60_000);
  timer.unref?.();
  return { stop: () => clearInterval(timer), runNow: round };
}
