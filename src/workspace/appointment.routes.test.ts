import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai; the clock moves forward in the last tests.
const NOW = new Date("2025-03-12T02:00:00Z");
type Json = Record<string, unknown>;
type Failure = { error: { code: string; message: string }; current?: Json };

describe.each(ENGINES)("visit appointments API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let clock = NOW;
  let ann: Client;
  let bob: Client;
  let customerId = 0;
  let otherCustomerId = 0;
  let contactId = 0;
  let newYorkContactId = 0;
  const count = async (table: string) =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => clock, version: "test" });
    const deps = { database, now: () => NOW };
    const a = await addUser(deps, { login: "ann", name: "Ann", role: "collector", password: "ann-secret-pass" }, "t");
    const b = await addUser(deps, { login: "bob", name: "Bob", role: "collector", password: "bob-secret-pass" }, "t");
    const [c] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, time_zone) values ('AP-1', 'Visit Co', ${a.id}, 'Asia/Shanghai') returning id`,
    );
    customerId = Number(c?.id);
    const [o] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into customers (code, name, collector_id, time_zone) values ('AP-2', 'Bob Co', ${b.id}, 'Asia/Shanghai') returning id`,
    );
    otherCustomerId = Number(o?.id);
    const contacts = await queryRows<{ id: string }>(
      database.db,
      sql`insert into contacts (customer_id, name, role, phones, time_zone) values
          (${customerId}, 'Ms Li', 'finance', array['+8613600000000'], 'Asia/Shanghai'),
          (${customerId}, 'US office', 'owner', array['+12125550100'], 'America/New_York') returning id`,
    );
    contactId = Number(contacts[0]?.id);
    newYorkContactId = Number(contacts[1]?.id);
    ann = await signIn(app, "ann", "ann-secret-pass");
    bob = await signIn(app, "bob", "bob-secret-pass");
  });
  afterAll(() => database.close());

  const book = (body: Json, client = ann, customer = customerId) =>
    client("POST", `/api/customers/${customer}/appointments`, body);

  it("answers 401 to anonymous requests", async () => {
    for (const [method, path] of [
      ["GET", `/api/customers/${customerId}/appointments`],
      ["POST", `/api/customers/${customerId}/appointments`],
      ["PATCH", "/api/appointments/1"],
    ] as const) {
      const res = await app.request(path, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "GET" ? undefined : "{}",
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it("books a visit inside the contact hours, with the local time, a default reminder and an audit row", async () => {
    const res = await book({
      startsAt: "2025-03-13T15:00:00+08:00",
      contactId,
      place: "Customer's office, 12 Nanjing Rd",
      agenda: "agree the schedule for the March invoices",
      attendees: ["Ann", "Ms Li"],
    });
    expect(res.status).toBe(201);
    const a = (await res.json()) as Json;
    expect(a).toMatchObject({
      startsAt: "2025-03-13T07:00:00.000Z",
      endsAt: "2025-03-13T08:00:00.000Z",
      timeZone: "Asia/Shanghai",
      local: { start: "2025-03-13 15:00", end: "16:00" },
      status: "proposed",
      remindAt: "2025-03-12T07:00:00.000Z",
      attendees: ["Ann", "Ms Li"],
      contactName: "Ms Li",
      version: 1,
    });
    const audit = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where object_type = 'visit_appointment' and object_id = ${String(a.id)}`,
    );
    expect(audit).toEqual([{ action: "appointment.schedule" }]);
    const list = (await (await ann("GET", `/api/customers/${customerId}/appointments?upcoming=true`)).json()) as Json[];
    expect(list.map((x) => x.id)).toEqual([a.id]);
    const c360 = (await (await ann("GET", `/api/customers/${customerId}`)).json()) as { nextAppointment: Json };
    expect(c360.nextAppointment).toMatchObject({ id: a.id, startsAt: "2025-03-13T07:00:00.000Z", status: "proposed" });
    const timeline = (await (await ann("GET", `/api/customers/${customerId}/timeline`)).json()) as Json[];
    expect(timeline.find((e) => e.kind === "appointment")?.title).toBe("visit proposed for 2025-03-13 15:00");
  });

  it("refuses a visit outside the gate's hours (in the contact's zone), in the past, or without a place; warns outside the preferred hours", async () => {
    const before = await count("visit_appointments");
    const late = await book({ startsAt: "2025-03-13T22:00:00+08:00", place: "office" });
    expect(late.status).toBe(400);
    expect(((await late.json()) as Failure).error.message).toBe(
      "startsAt: 2025-03-13 22:00–23:00 (Asia/Shanghai) is outside the contact hours of that day (08:00–21:00)",
    );
    const overruns = await book({ startsAt: "2025-03-13T20:30:00+08:00", durationMinutes: 60, place: "office" });
    expect(overruns.status).toBe(400);
    // 15:00 in Shanghai is 03:00 in New York, where that contact is.
    const newYork = await book({
      startsAt: "2025-03-13T15:00:00+08:00",
      contactId: newYorkContactId,
      place: "call-in",
    });
    expect(newYork.status).toBe(400);
    expect(((await newYork.json()) as Failure).error.message).toContain(
      "(America/New_York) is outside the contact hours",
    );
    const past = await book({ startsAt: "2025-03-11T15:00:00+08:00", place: "office" });
    expect(past.status).toBe(400);
    expect(((await past.json()) as Failure).error.message).toMatch(/^startsAt: .* has passed/);
    const noOffset = await book({ startsAt: "2025-03-13T15:00:00", place: "office" });
    expect(noOffset.status).toBe(400);
    expect((await book({ startsAt: "2025-03-13T15:00:00+08:00", place: " " })).status).toBe(400);
    const saturday = await book({ startsAt: "2025-03-15T10:00:00+08:00", place: "trade fair booth" });
    expect(saturday.status).toBe(422);
    expect(((await saturday.json()) as Failure).error.message).toContain("give a reason (overrideReason)");
    expect(await count("visit_appointments")).toBe(before);
    const kept = await book({
      startsAt: "2025-03-15T10:00:00+08:00",
      place: "trade fair booth",
      overrideReason: "the owner is only at the fair on Saturday",
    });
    expect(kept.status).toBe(201);
    expect(await kept.json()).toMatchObject({ overrideReason: "the owner is only at the fair on Saturday" });
  });

  it("refuses a visit on a day that does not exist (not rolled over into the next month) or with an unknown field", async () => {
    const before = await count("visit_appointments");
    const april31 = await book({ startsAt: "2025-04-31T10:00:00+08:00", place: "office" });
    expect(april31.status).toBe(400);
    expect(((await april31.json()) as Failure).error.message).toMatch(
      /^startsAt: "2025-04-31T10:00:00\+08:00" is not an instant/,
    );
    const remind = await book({
      startsAt: "2025-03-13T15:00:00+08:00",
      place: "office",
      remindAt: "2025-02-29T09:00:00Z",
    });
    expect(remind.status).toBe(400);
    const unknown = await book({ startsAt: "2025-03-13T15:00:00+08:00", place: "office", room: "B2" });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Failure).error.message).toMatch(/Unrecognized key: "room"/);
    expect(await count("visit_appointments")).toBe(before);
  });

  it("answers 404 for another collector's customer and appointment", async () => {
    const res = await book({ startsAt: "2025-03-13T11:00:00+08:00", place: "Bob Co" }, bob, otherCustomerId);
    expect(res.status).toBe(201);
    const bobs = (await res.json()) as Json;
    expect((await book({ startsAt: "2025-03-13T11:00:00+08:00", place: "x" }, ann, otherCustomerId)).status).toBe(404);
    expect((await ann("GET", `/api/customers/${otherCustomerId}/appointments`)).status).toBe(404);
    expect((await ann("GET", `/api/appointments/${bobs.id}`)).status).toBe(404);
    expect((await ann("PATCH", `/api/appointments/${bobs.id}`, { version: 1, status: "cancelled" })).status).toBe(404);
  });

  it("confirms with a version, refuses a stale one (409), sends a moved visit back to proposed, refuses a move out of hours", async () => {
    const a = (await (await book({ startsAt: "2025-03-14T10:00:00+08:00", place: "warehouse" })).json()) as Json;
    const path = `/api/appointments/${a.id}`;
    const confirmed = await ann("PATCH", path, { status: "confirmed" }, { "If-Match": '"1"' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ status: "confirmed", version: 2 });
    const stale = await ann("PATCH", path, { place: "office" }, { "If-Match": '"1"' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Failure).current).toMatchObject({ status: "confirmed", version: 2 });
    const outOfHours = await ann("PATCH", path, { version: 2, startsAt: "2025-03-14T06:00:00+08:00" });
    expect(outOfHours.status).toBe(400);
    const moved = await ann("PATCH", path, { version: 2, startsAt: "2025-03-14T14:00:00+08:00" });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      status: "proposed",
      local: { start: "2025-03-14 14:00", end: "15:00" },
      remindAt: "2025-03-13T06:00:00.000Z",
      version: 3,
    });
    const cancelled = await ann("PATCH", path, { version: 3, status: "cancelled" });
    expect(cancelled.status).toBe(200);
    const again = await ann("PATCH", path, { version: 4, status: "confirmed" });
    expect(again.status).toBe(400);
    expect(((await again.json()) as Failure).error.message).toMatch(/^status: a cancelled appointment cannot become/);
  });

  it("marks a visit done once it has started, recording the visit as an interaction in the same change", async () => {
    const a = (await (
      await book({ startsAt: "2025-03-13T10:00:00+08:00", contactId, place: "office", durationMinutes: 90 })
    ).json()) as Json;
    const path = `/api/appointments/${a.id}`;
    const early = await ann("PATCH", path, { version: 1, status: "done" });
    expect(early.status).toBe(400);
    expect(((await early.json()) as Failure).error.message).toContain("it cannot be done before then");
    expect(await count("interactions")).toBe(0);
    clock = new Date("2025-03-13T05:00:00Z"); // 13:00 in Shanghai, after the visit
    const annLater = await signIn(app, "ann", "ann-secret-pass"); // the session of yesterday has expired
    const done = await annLater("PATCH", path, {
      version: 1,
      status: "done",
      outcome: "promise_to_pay",
      excuse: "awaiting_approval",
      note: "finance will pay INV-1 after the board signs on Monday",
    });
    expect(done.status).toBe(200);
    const view = (await done.json()) as Json;
    expect(view.status).toBe("done");
    const [visit] = await queryRows<{
      id: string;
      channel: string;
      at: string | Date;
      outcome: string;
      contact_id: string;
    }>(
      database.db,
      sql`select id, channel, at, outcome, contact_id, duration_seconds from interactions where customer_id = ${customerId}`,
    );
    expect(Number(visit?.id)).toBe(view.interactionId);
    expect(visit).toMatchObject({ channel: "visit", outcome: "promise_to_pay", contact_id: String(contactId) });
    expect(new Date(visit?.at as string).toISOString()).toBe("2025-03-13T02:00:00.000Z");
    const actions = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where customer_id = ${customerId} and action in ('interaction.log', 'appointment.done') order by id`,
    );
    expect(actions.map((r) => r.action)).toEqual(["interaction.log", "appointment.done"]);
    const timeline = (await (await annLater("GET", `/api/customers/${customerId}/timeline`)).json()) as Json[];
    expect(timeline.find((e) => e.kind === "interaction")?.title).toBe("visit: promise_to_pay");
    expect((await annLater("PATCH", path, { version: 2, status: "cancelled" })).status).toBe(400);
    clock = NOW;
  });
});
