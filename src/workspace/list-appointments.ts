// Visit appointments as people read them: instants in UTC plus the local wall time in the zone the visit was agreed in.
import { type SQL, sql } from "drizzle-orm";
import { customerScope, visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { localWallTime } from "./appointment.rules.ts";
import type { AppointmentStatus } from "./workspace.schema.ts";

export type AppointmentView = {
  id: number;
  version: number;
  customerId: number;
  contactId: number | null;
  contactName: string | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  /** "YYYY-MM-DD HH:MM" start and "HH:MM" end in timeZone. */
  local: { start: string; end: string };
  place: string;
  agenda: string | null;
  attendees: string[];
  status: AppointmentStatus;
  remindAt: string | null;
  overrideReason: string | null;
  interactionId: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

type Row = {
  id: string;
  version: number;
  customer_id: string;
  contact_id: string | null;
  contact_name: string | null;
  starts_at: string | Date;
  ends_at: string | Date;
  time_zone: string;
  place: string;
  agenda: string | null;
  attendees: string[] | string;
  status: AppointmentStatus;
  remind_at: string | Date | null;
  override_reason: string | null;
  interaction_id: string | null;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
};

const iso = (v: string | Date) => new Date(v).toISOString();

function rowsSql(user: AuthUser, where: SQL, tail: SQL = sql``): SQL {
  return sql`select a.id, a.version, a.customer_id, a.contact_id, k.name as contact_name, a.starts_at, a.ends_at,
      a.time_zone, a.place, a.agenda, a.attendees, a.status, a.remind_at, a.override_reason, a.interaction_id,
      a.created_by, a.created_at, a.updated_at
    from visit_appointments a
    join customers c on c.id = a.customer_id
    left join contacts k on k.id = a.contact_id
    where ${customerScope(user)} and ${where} ${tail}`;
}

function toView(r: Row): AppointmentView {
  const start = new Date(r.starts_at);
  const end = new Date(r.ends_at);
  return {
    id: Number(r.id),
    version: Number(r.version),
    customerId: Number(r.customer_id),
    contactId: r.contact_id === null ? null : Number(r.contact_id),
    contactName: r.contact_name,
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    timeZone: r.time_zone,
    local: { start: localWallTime(start, r.time_zone), end: localWallTime(end, r.time_zone).slice(11) },
    place: r.place,
    agenda: r.agenda,
    attendees: typeof r.attendees === "string" ? (JSON.parse(r.attendees) as string[]) : r.attendees,
    status: r.status,
    remindAt: r.remind_at === null ? null : iso(r.remind_at),
    overrideReason: r.override_reason,
    interactionId: r.interaction_id === null ? null : Number(r.interaction_id),
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** One appointment the user may see, or undefined (someone else's answers like a missing one). */
export async function findAppointment(db: Db, user: AuthUser, id: number): Promise<AppointmentView | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [row] = await queryRows<Row>(db, rowsSql(user, sql`a.id = ${id}`));
  return row ? toView(row) : undefined;
}

/** A customer's appointments, soonest first; `upcoming` keeps the proposed and confirmed ones from `now` on. */
export async function listCustomerAppointments(
  db: Db,
  user: AuthUser,
  customerId: number,
  filter: { upcoming?: boolean; now?: Date; limit?: number } = {},
): Promise<AppointmentView[]> {
  await visibleCustomerOrThrow(db, user, customerId);
  const upcoming =
    filter.upcoming && filter.now
      ? sql`a.status in ('proposed', 'confirmed') and a.ends_at > ${filter.now.toISOString()}::timestamptz`
      : sql`true`;
  const rows = await queryRows<Row>(
    db,
    rowsSql(
      user,
      sql`a.customer_id = ${customerId} and ${upcoming}`,
      sql`order by a.starts_at, a.id limit ${Math.min(filter.limit ?? 200, 1000)}`,
    ),
  );
  return rows.map(toView);
}
