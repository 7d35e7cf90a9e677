// A visit agreed (or proposed) with the customer: when, where, what about, who goes. The time must lie inside the
// contact gate's hours in the contact's (else the customer's) time zone: outside the hard hours it is refused, outside
// the preferred hours it needs a reason, as a warned call does. A reminder goes a day before by default.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { isIsoDate } from "../calendar/calendar-date.ts";
import { contactHoursOn, type GateContactRole, selectPolicy } from "../contact/gate.rules.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg } from "../errors/app-error.ts";
import type { DebtorType } from "../ledger/ledger.schema.ts";
import { getSetting } from "../settings/settings.ts";
import { appointmentTimeVerdict, defaultReminder, localWallTime } from "./appointment.rules.ts";
import { type AppointmentView, findAppointment } from "./list-appointments.ts";

export type AppointmentInput = {
  /** An instant with its offset, e.g. "2025-03-13T15:00:00+08:00". */
  startsAt: string;
  durationMinutes?: number;
  contactId?: number | null;
  place: string;
  agenda?: string | null;
  attendees?: string[];
  status?: "proposed" | "confirmed";
  /** An instant; a day before the visit by default. */
  remindAt?: string | null;
  /** Why a time outside the preferred hours is kept. */
  overrideReason?: string | null;
};

export const DEFAULT_VISIT_MINUTES = 60;

export function parseInstant(field: string, text: string): Date {
  // An offset is required: a bare local time would be read in whatever zone the server runs in.
  // Its date must exist too: the Date constructor reads 2025-02-30 as 2 March.
  const ok =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    isIsoDate(text.slice(0, 10));
  const at = new Date(text);
  if (!ok || Number.isNaN(at.getTime())) {
    throw new AppError(
      "invalid_input",
      msg`${field}: "${text}" is not an instant (expected e.g. 2025-03-13T15:00:00+08:00, with its offset)`,
    );
  }
  return at;
}

/**
 * Asks the contact gate whether a visit over [start, end) may take place; throws when it may not. Returns the zone
 * the time is read in (the contact's, else the customer's).
 */
export async function checkVisitTime(
  db: Db,
  c: { customerId: number; contactId: number | null; start: Date; end: Date; overrideReason: string | null },
): Promise<{ zone: string; warning: string | null }> {
  const [customer] = await queryRows<{
    debtor_type: DebtorType;
    time_zone: string | null;
    country: string | null;
    do_not_contact: boolean;
  }>(db, sql`select debtor_type, time_zone, country, do_not_contact from customers where id = ${c.customerId}`);
  if (!customer) throw new AppError("not_found", msg`no such customer`);
  let contact: { time_zone: string | null; role: GateContactRole } | undefined;
  if (c.contactId !== null) {
    [contact] = await queryRows(
      db,
      sql`select time_zone, role from contacts where id = ${c.contactId} and customer_id = ${c.customerId}`,
    );
    if (!contact)
      throw new AppError("invalid_input", msg`contactId: contact ${c.contactId} is not a contact of this customer`);
  }
  const zone = contact?.time_zone || customer.time_zone;
  if (!zone) {
    throw new AppError(
      "invalid_input",
      msg`startsAt: the time zone is unknown: set the contact's or customer's time zone`,
    );
  }
  const policy = selectPolicy(await getSetting(db, "contact.policies"), customer.country, customer.debtor_type);
  const hours = contactHoursOn(
    policy,
    {
      channel: "visit",
      direction: "outbound",
      debtorType: customer.debtor_type,
      contactTimeZone: contact?.time_zone ?? null,
      customerTimeZone: customer.time_zone,
      // Without a named contact the visit is to the company itself, whose people are authorised.
      contactRole: contact?.role ?? "owner",
      flags: { doNotContact: customer.do_not_contact },
    },
    localWallTime(c.start, zone).slice(0, 10),
  );
  const v = appointmentTimeVerdict(hours, c.start, c.end, zone);
  if (v.verdict === "block") throw new AppError("invalid_input", msg`startsAt: ${v.reason}`);
  if (v.verdict === "warn" && !c.overrideReason) {
    throw new AppError("unprocessable", msg`startsAt: ${v.reason}: give a reason (overrideReason) to keep this time`);
  }
  return { zone, warning: v.verdict === "warn" ? v.reason : null };
}

export async function scheduleAppointment(
  deps: { database: Database; now: () => Date },
  user: AuthUser,
  customerId: number,
  input: AppointmentInput,
): Promise<AppointmentView> {
  const now = deps.now();
  const start = parseInstant("startsAt", input.startsAt);
  const minutes = input.durationMinutes ?? DEFAULT_VISIT_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 12 * 60) {
    throw new AppError("invalid_input", msg`durationMinutes: between 5 and 720 minutes`);
  }
  const end = new Date(start.getTime() + minutes * 60_000);
  if (start.getTime() <= now.getTime()) {
    throw new AppError("invalid_input", msg`startsAt: ${input.startsAt} has passed: a visit is booked ahead`);
  }
  const place = input.place?.trim() ?? "";
  if (!place) throw new AppError("invalid_input", msg`place: say where the visit takes place`);
  const remindAt = input.remindAt ? parseInstant("remindAt", input.remindAt) : defaultReminder(start, now);
  if (remindAt && remindAt.getTime() >= start.getTime()) {
    throw new AppError("invalid_input", msg`remindAt: the reminder must come before the visit`);
  }
  const overrideReason = input.overrideReason?.trim() || null;
  const attendees = (input.attendees ?? []).map((a) => a.trim()).filter(Boolean);
  const id = await deps.database.transaction(async (conn) => {
    const db = conn.db;
    const { zone, warning } = await checkVisitTime(db, {
      customerId,
      contactId: input.contactId ?? null,
      start,
      end,
      overrideReason,
    });
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into visit_appointments (customer_id, contact_id, starts_at, ends_at, time_zone, place, agenda,
            attendees, status, remind_at, override_reason, created_by, created_at, updated_at)
          values (${customerId}, ${input.contactId ?? null}, ${start.toISOString()}::timestamptz,
            ${end.toISOString()}::timestamptz, ${zone}, ${place}, ${input.agenda?.trim() || null},
            ${JSON.stringify(attendees)}::jsonb, ${input.status ?? "proposed"},
            ${remindAt ? remindAt.toISOString() : null}::timestamptz, ${warning ? overrideReason : null},
            ${user.login}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          returning id`,
    );
    const appointmentId = Number(row?.id);
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "appointment.schedule",
      objectType: "visit_appointment",
      objectId: String(appointmentId),
      customerId,
      after: {
        startsAt: start.toISOString(),
        local: `${localWallTime(start, zone)} ${zone}`,
        minutes,
        place,
        status: input.status ?? "proposed",
        warning,
      },
      reason: warning ? overrideReason : null,
    });
    return appointmentId;
  });
  return (await findAppointment(deps.database.db, user, id)) as AppointmentView;
}
