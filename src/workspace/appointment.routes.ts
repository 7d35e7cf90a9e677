// /api/customers/{id}/appointments and /api/appointments/{id}: visits booked with a customer inside the contact gate's
// hours; marking one done records the visit. Someone else's customer or appointment answers like a missing one.

import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import { EXCUSES, OUTCOMES } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { errorJson } from "../errors/localize.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { versionFrom } from "../http/versioned-edit.ts";
import { findAppointment, listCustomerAppointments } from "./list-appointments.ts";
import { listNotifications, markNotificationRead } from "./remind-appointments.ts";
import { scheduleAppointment } from "./schedule-appointment.ts";
import { updateAppointment } from "./update-appointment.ts";
import { APPOINTMENT_STATUSES } from "./workspace.schema.ts";

const idParam = z.object({ id: z.coerce.number().int().positive() });
const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const Appointment = z.record(z.string(), z.unknown()).openapi("Appointment");
const instant = z.string().max(40).openapi({ example: "2025-03-13T15:00:00+08:00" });
const refused = { description: "Refused: what is wrong, by field", content: json(ErrorBody) };
const notFound = { description: "No such appointment or customer in your portfolio", content: json(ErrorBody) };
const warned = { description: "Outside the preferred hours: a reason is needed", content: json(ErrorBody) };

const createAppointmentRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/appointments",
  summary: "Book a visit (inside the contact gate's hours in the contact's or customer's time zone)",
  request: {
    params: idParam,
    body: {
      content: json(
        z
          .object({
            startsAt: instant,
            durationMinutes: z.number().int().min(5).max(720).optional(),
            contactId: z.number().int().positive().nullable().optional(),
            place: z.string().trim().min(1).max(500),
            agenda: z.string().max(4000).nullable().optional(),
            attendees: z.array(z.string().max(200)).max(50).optional(),
            status: z.enum(["proposed", "confirmed"]).optional(),
            remindAt: instant.nullable().optional(),
            overrideReason: z.string().trim().min(1).max(500).nullable().optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: { description: "Booked", content: json(Appointment) },
    400: refused,
    404: notFound,
    422: warned,
  },
});
const listRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}/appointments",
  summary: "A customer's visits, soonest first; upcoming=true keeps the proposed and confirmed ones still ahead",
  request: { params: idParam, query: z.object({ upcoming: z.enum(["true", "false"]).optional() }) },
  responses: { 200: { description: "Appointments", content: json(z.array(Appointment)) }, 404: notFound },
});
const oneRoute = createRoute({
  method: "get",
  path: "/api/appointments/{id}",
  summary: "One appointment and its version (also in the ETag header)",
  request: { params: idParam },
  responses: { 200: { description: "The appointment", content: json(Appointment) }, 404: notFound },
});
const patchRoute = createRoute({
  method: "patch",
  path: "/api/appointments/{id}",
  summary: "Confirm, move, cancel or mark done (records the visit); If-Match or version: the version you read",
  request: {
    params: idParam,
    headers: z.object({
      "if-match": z
        .string()
        .regex(/^(W\/)?"?\d+"?$/, 'expected the version you read, e.g. "3"')
        .optional(),
    }),
    body: {
      content: json(
        z
          .object({
            version: z.number().int().positive().optional(),
            status: z.enum(APPOINTMENT_STATUSES).optional(),
            startsAt: instant.optional(),
            durationMinutes: z.number().int().min(5).max(720).optional(),
            contactId: z.number().int().positive().nullable().optional(),
            place: z.string().trim().min(1).max(500).optional(),
            agenda: z.string().max(4000).nullable().optional(),
            attendees: z.array(z.string().max(200)).max(50).optional(),
            remindAt: instant.nullable().optional(),
            overrideReason: z.string().trim().min(1).max(500).nullable().optional(),
            outcome: z.enum(OUTCOMES).optional(),
            excuse: z.enum(EXCUSES).nullable().optional(),
            note: z.string().max(4000).nullable().optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "Changed", content: json(Appointment) },
    400: refused,
    404: notFound,
    409: {
      description: "Changed meanwhile: the current state",
      content: json(z.object({ error: ErrorBody.shape.error, current: Appointment })),
    },
    422: warned,
  },
});

const notificationsRoute = createRoute({
  method: "get",
  path: "/api/notifications",
  summary: "Your unread notices (visit reminders whose time came), oldest first; also in GET /api/my-day",
  responses: {
    200: { description: "Notices", content: json(z.array(z.record(z.string(), z.unknown()).openapi("Notification"))) },
  },
});
const readRoute = createRoute({
  method: "post",
  path: "/api/notifications/{id}/read",
  summary: "Mark one of your notices read",
  request: { params: idParam },
  responses: {
    204: { description: "Read" },
    404: { description: "No such notice of yours", content: json(ErrorBody) },
  },
});

export function appointmentRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  const db = deps.database.db;
  app.openapi(createAppointmentRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "collector"], "booking visits");
    await visibleCustomerOrThrow(db, user, id);
    const a = await scheduleAppointment(deps, user, id, c.req.valid("json"));
    c.header("ETag", `"${a.version}"`);
    return c.json(a, 201);
  });
  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid("param");
    const upcoming = c.req.valid("query").upcoming === "true";
    return c.json(await listCustomerAppointments(db, c.get("user"), id, { upcoming, now: deps.now() }), 200);
  });
  app.openapi(oneRoute, async (c) => {
    const a = await findAppointment(db, c.get("user"), c.req.valid("param").id);
    if (!a) throw new AppError("not_found", msg`no such appointment`);
    c.header("ETag", `"${a.version}"`);
    return c.json(a, 200);
  });
  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "collector"], "changing visits");
    const { version: bodyVersion, ...change } = c.req.valid("json");
    const version = versionFrom(c.req.valid("header")["if-match"], bodyVersion);
    try {
      const a = await updateAppointment(deps, user, id, { ...change, version });
      c.header("ETag", `"${a.version}"`);
      return c.json(a, 200);
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict") {
        const current = await findAppointment(db, user, id);
        if (current) return c.json({ error: errorJson(e, c.req.header("accept-language")), current }, 409);
      }
      throw e;
    }
  });
  app.openapi(notificationsRoute, async (c) => c.json(await listNotifications(deps.database.db, c.get("user")), 200));
  app.openapi(readRoute, async (c) => {
    await markNotificationRead(deps.database.db, c.get("user"), c.req.valid("param").id, deps.now());
    return c.body(null, 204);
  });
  return app;
}
