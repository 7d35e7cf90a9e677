// Confirms, moves, cancels or completes a visit appointment, given the version read (a stale one answers 409). A new
// time passes the contact gate's hours again and, on a confirmed visit, goes back to proposed until the customer
// confirms it. Done records the visit as an interaction (at the appointment's start) in the same transaction.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { customerScope } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { EXCUSES, type Excuse, OUTCOMES, type Outcome } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { isPendingAppointment, localWallTime, transitionProblem } from "./appointment.rules.ts";
import { type AppointmentView, findAppointment } from "./list-appointments.ts";
import { insertInteraction } from "./log-interaction.ts";
import { checkVisitTime, parseInstant } from "./schedule-appointment.ts";
import { APPOINTMENT_STATUSES, type AppointmentStatus } from "./workspace.schema.ts";

export type AppointmentUpdate = {
  version: number;
  status?: AppointmentStatus;
  startsAt?: string;
  durationMinutes?: number;
  contactId?: number | null;
  place?: string;
  agenda?: string | null;
  attendees?: string[];
  remindAt?: string | null;
  overrideReason?: string | null;
  /** When done: how the visit went (connected by default), the excuse heard, a note. */
  outcome?: Outcome;
  excuse?: Excuse | null;
  note?: string | null;
};

type Locked = {
  id: string;
  version: number;
  customer_id: string;
  contact_id: string | null;
  starts_at: string | Date;
  ends_at: string | Date;
  time_zone: string;
  status: AppointmentStatus;
  override_reason: string | null;
};

export async function updateAppointment(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  appointmentId: number,
  input: AppointmentUpdate,
): Promise<AppointmentView> {
  if (input.status !== undefined && !(APPOINTMENT_STATUSES as readonly string[]).includes(input.status)) {
    throw new AppError(
      "invalid_input",
      msg`status: unknown status "${input.status}" (expected ${APPOINTMENT_STATUSES.join(", ")})`,
    );
  }
  if (input.outcome !== undefined && !(OUTCOMES as readonly string[]).includes(input.outcome)) {
    throw new AppError("invalid_input", msg`outcome: unknown outcome "${input.outcome}"`);
  }
  if (input.excuse && !(EXCUSES as readonly string[]).includes(input.excuse)) {
    throw new AppError("invalid_input", msg`excuse: unknown excuse "${input.excuse}"`);
  }
  const now = deps.now();
  await deps.database.transaction(async (conn) => {
    const db = conn.db;
    const [a] = await queryRows<Locked>(
      db,
      sql`select a.id, a.version, a.customer_id, a.contact_id, a.starts_at, a.ends_at, a.time_zone, a.status,
            a.override_reason
          from visit_appointments a join customers c on c.id = a.customer_id
          where a.id = ${appointmentId} and ${customerScope(user)} for update of a`,
    );
    if (!a) throw new AppError("not_found", msg`no such appointment`);
    if (a.version !== input.version) {
      throw new AppError(
        "conflict",
        msg`the appointment was changed meanwhile (it is at version ${a.version}, you sent ${input.version}): read it again`,
      );
    }
    const customerId = Number(a.customer_id);
    const from = a.status;
    const oldStart = new Date(a.starts_at);
    const oldEnd = new Date(a.ends_at);
    const moving = input.startsAt !== undefined || input.durationMinutes !== undefined || input.contactId !== undefined;
    const editing =
      moving ||
      input.place !== undefined ||
      input.agenda !== undefined ||
      input.attendees !== undefined ||
      input.remindAt !== undefined;
    let to = input.status ?? from;
    // A moved visit needs the customer's yes again.
    if (moving && from === "confirmed" && input.status === undefined) to = "proposed";
    const problem = transitionProblem(from, to);
    if (problem) throw new AppError("invalid_input", problem);
    if (editing && !isPendingAppointment(from)) {
      throw new AppError("invalid_input", msg`status: a ${from} appointment can no longer be changed`);
    }
    if (!editing && to === from && input.status === undefined) {
      throw new AppError("invalid_input", msg`body: nothing to change`);
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const sets = [sql`version = version + 1`, sql`updated_at = ${now.toISOString()}::timestamptz`];
    const start = input.startsAt !== undefined ? parseInstant("startsAt", input.startsAt) : oldStart;
    const minutes = input.durationMinutes ?? Math.round((oldEnd.getTime() - oldStart.getTime()) / 60_000);
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 12 * 60) {
      throw new AppError("invalid_input", msg`durationMinutes: between 5 and 720 minutes`);
    }
    const end = new Date(start.getTime() + minutes * 60_000);
    const contactId =
      input.contactId !== undefined ? input.contactId : a.contact_id === null ? null : Number(a.contact_id);
    if (moving || (to === "confirmed" && from !== "confirmed")) {
      if (moving && start.getTime() <= now.getTime()) {
        throw new AppError("invalid_input", msg`startsAt: ${input.startsAt} has passed: a visit is booked ahead`);
      }
      // A new time, or the customer's yes: the gate is asked again (flags may have changed since).
      const overrideReason = input.overrideReason?.trim() || a.override_reason;
      const { zone, warning } = await checkVisitTime(db, { customerId, contactId, start, end, overrideReason });
      if (moving) {
        before.startsAt = oldStart.toISOString();
        before.minutes = Math.round((oldEnd.getTime() - oldStart.getTime()) / 60_000);
        after.startsAt = start.toISOString();
        after.local = `${localWallTime(start, zone)} ${zone}`;
        after.minutes = minutes;
        sets.push(
          sql`starts_at = ${start.toISOString()}::timestamptz`,
          sql`ends_at = ${end.toISOString()}::timestamptz`,
          sql`time_zone = ${zone}`,
          sql`contact_id = ${contactId}`,
          sql`override_reason = ${warning ? overrideReason : null}`,
        );
        if (input.remindAt === undefined) {
          // The reminder moves with the visit, keeping its lead time.
          sets.push(sql`remind_at = remind_at + (${start.toISOString()}::timestamptz - starts_at)`);
        }
      }
    }
    if (input.place !== undefined) {
      const place = input.place.trim();
      if (!place) throw new AppError("invalid_input", msg`place: say where the visit takes place`);
      sets.push(sql`place = ${place}`);
      after.place = place;
    }
    if (input.agenda !== undefined) sets.push(sql`agenda = ${input.agenda?.trim() || null}`);
    if (input.attendees !== undefined) {
      sets.push(sql`attendees = ${JSON.stringify(input.attendees.map((x) => x.trim()).filter(Boolean))}::jsonb`);
    }
    if (input.remindAt !== undefined) {
      const remindAt = input.remindAt === null ? null : parseInstant("remindAt", input.remindAt);
      if (remindAt && remindAt.getTime() >= start.getTime()) {
        throw new AppError("invalid_input", msg`remindAt: the reminder must come before the visit`);
      }
      sets.push(sql`remind_at = ${remindAt ? remindAt.toISOString() : null}::timestamptz`);
    }
    if (to !== from) {
      before.status = from;
      after.status = to;
      sets.push(sql`status = ${to}`);
    }
    if (to === "done") {
      if (start.getTime() > now.getTime()) {
        throw new AppError(
          "invalid_input",
          msg`status: the visit starts at ${localWallTime(start, a.time_zone)} (${a.time_zone}); it cannot be done before then`,
        );
      }
      const interactionId = await insertInteraction(
        db,
        user,
        customerId,
        {
          channel: "visit",
          direction: "outbound",
          outcome: input.outcome ?? "connected",
          contactId,
          excuse: input.excuse ?? null,
          note: input.note?.trim() || null,
          durationSeconds: minutes * 60,
        },
        start,
        null,
      );
      sets.push(sql`interaction_id = ${interactionId}`);
      after.interactionId = interactionId;
    }
    await db.execute(sql`update visit_appointments set ${sql.join(sets, sql`, `)} where id = ${appointmentId}`);
    const action =
      to === from
        ? "appointment.update"
        : to === "done"
          ? "appointment.done"
          : to === "cancelled"
            ? "appointment.cancel"
            : to === "confirmed"
              ? "appointment.confirm"
              : "appointment.reschedule";
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action,
      objectType: "visit_appointment",
      objectId: String(appointmentId),
      customerId,
      before,
      after,
      reason: input.note?.trim() || null,
    });
  });
  return (await findAppointment(deps.database.db, user, appointmentId)) as AppointmentView;
}
