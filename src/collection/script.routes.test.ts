import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser } from "../auth/manage-users.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { getSetting, setSetting } from "../settings/settings.ts";
import { CAUSES, EXCUSES } from "./collection.enums.ts";

const NOW = new Date("2025-03-12T02:00:00Z"); // 10:00 in Shanghai, a Wednesday

type ScriptJson = {
  id: string;
  source: string;
  version: number | null;
  stage: string;
  excuse: string | null;
  causes: string[] | "*";
  title: { zh?: string; en?: string };
  text: { zh?: string; en?: string };
};
type ErrorJson = { error: { code: string; message: string; details?: string[] } };

const customBody = (over: Record<string, unknown> = {}) => ({
  kind: "script",
  causes: ["hardship"],
  stage: "follow_up",
  tone: "friendly",
  title: { zh: "周五下午问候", en: "Friday afternoon check-in" },
  text: {
    zh: "{contact}您好,我是{company}的{collector}。想跟您确认一下{amount}的安排,您看下周哪天方便?",
    en: "Hello {contact}, this is {collector} from {company}. Could we find a day next week for the {amount}?",
  },
  ...over,
});

describe.each(ENGINES)("script API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let customerId = 0;
  let otherCustomerId = 0;
  let financeId = 0;
  let driverId = 0;
  let boss: Client;
  let c1: Client;
  let c2: Client;

  const insertId = async (query: ReturnType<typeof sql>) =>
    Number((await queryRows<{ id: string }>(database.db, query))[0]?.id);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    const deps = { database, now: () => NOW };
    const users = [
      { login: "c1", name: "Wang Lei", role: "collector", team: "east" },
      { login: "c2", name: "Zhao Min", role: "collector", team: "west" },
      { login: "boss", name: "Boss", role: "manager", team: "east" },
      { login: "root", name: "Root", role: "admin", team: null },
    ] as const;
    for (const u of users) await addUser(deps, { ...u, password: `${u.login}-long-password` }, "test");
    const company = await getSetting(database.db, "company");
    await setSetting(deps, "company", { ...company, paymentDetails: "ICBC 6222 0000 1111" }, "test");

    customerId = await insertId(
      sql`insert into customers (code, name, time_zone, collector_id)
          select 'S-1', 'Eastern Supply Ltd', 'Asia/Shanghai', id from users where login = 'c1' returning id`,
    );
    otherCustomerId = await insertId(
      sql`insert into customers (code, name, time_zone, collector_id)
          select 'S-2', 'Western Trading', 'Asia/Shanghai', id from users where login = 'c2' returning id`,
    );
    driverId = await insertId(
      sql`insert into contacts (customer_id, name, role, time_zone)
          values (${customerId}, 'Driver Liu', 'other', 'Asia/Shanghai') returning id`,
    );
    financeId = await insertId(
      sql`insert into contacts (customer_id, name, role, time_zone)
          values (${customerId}, 'Ms Li', 'finance', 'Asia/Shanghai') returning id`,
    );
    await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
      values (${customerId}, 'A-1', '2025-01-01', '2025-01-31', 990000, 'CNY'),
             (${customerId}, 'A-2', '2025-01-21', '2025-02-20', 10050, 'CNY'),
             (${customerId}, 'A-3', '2025-03-01', '2025-04-01', 500000, 'CNY'),
             (${otherCustomerId}, 'B-1', '2025-01-01', '2025-01-31', 100000, 'CNY')`);
    await database.db.execute(sql`insert into promises (customer_id, amount, currency, promised_on, made_on, created_by)
      values (${customerId}, 300000, 'CNY', '2025-03-15', '2025-03-12', 'c1')`);
    boss = await signIn(app, "boss", "boss-long-password");
    c1 = await signIn(app, "c1", "c1-long-password");
    c2 = await signIn(app, "c2", "c2-long-password");
  });
  afterAll(() => database.close());

  it("answers 401 without a session", async () => {
    expect((await app.request("/api/scripts")).status).toBe(401);
    expect((await app.request(`/api/scripts/call.forgot.reminder/render?customerId=${customerId}`)).status).toBe(401);
    expect((await app.request("/api/scripts/effectiveness")).status).toBe(401);
    const doc = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/scripts", "/api/scripts/{id}/render", "/api/scripts/effectiveness"]),
    );
  });

  it("lists the library by cause, excuse, stage and language", async () => {
    const all = (await (await c1("GET", "/api/scripts")).json()) as ScriptJson[];
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const cause of CAUSES) {
      const r = await c1("GET", `/api/scripts?cause=${cause}`);
      const list = (await r.json()) as ScriptJson[];
      expect(
        list.some((s) => s.causes !== "*" && s.causes.includes(cause)),
        cause,
      ).toBe(true);
    }
    for (const excuse of EXCUSES) {
      const list = (await (await c1("GET", `/api/scripts?excuse=${excuse}&lang=en`)).json()) as ScriptJson[];
      expect(list.map((s) => s.id)).toEqual([`reply.${excuse}`]);
      expect(list[0]?.text.zh).toBeUndefined();
      expect(list[0]?.text.en).toContain("CUSTOMER SAYS");
    }
    const legal = (await (await c1("GET", "/api/scripts?stage=legal")).json()) as (ScriptJson & { legal: boolean })[];
    expect(legal.map((s) => [s.id, s.legal])).toEqual([["letter.lawyer_draft", true]]);
    expect((await c1("GET", "/api/scripts?cause=lazy")).status).toBe(400);
    const vars = (await (await c1("GET", "/api/scripts/variables")).json()) as { name: string }[];
    expect(vars.map((v) => v.name)).toContain("invoice_list");
    expect((await c1("GET", "/api/scripts/no.such.script")).status).toBe(404);
  });

  it("renders a script for a customer with real data", async () => {
    const r = await c1("GET", `/api/scripts/call.forgot.reminder/render?customerId=${customerId}`);
    expect(r.status).toBe(200);
    const out = (await r.json()) as {
      contact: { id: number; name: string; role: string };
      values: Record<string, Record<string, string>>;
      missing: string[];
      texts: Record<string, { text: string }>;
    };
    // The finance contact, though the driver was entered first: debt talk goes to authorised contacts.
    expect(out.contact).toEqual({ id: financeId, name: "Ms Li", role: "finance" });
    expect(out.values.en).toMatchObject({
      customer: "Eastern Supply Ltd",
      contact: "Ms Li",
      amount: "CNY 10,000.50",
      due_date: "2025-01-31",
      days_overdue: "40",
      invoice_list:
        "A-1 (due 2025-01-31, CNY 9,900.00); A-2 (due 2025-02-20, CNY 100.50); A-3 (due 2025-04-01, CNY 5,000.00)",
      collector: "Wang Lei",
      company: "Huikuan Demo Co.",
      payment_details: "ICBC 6222 0000 1111",
      promise_date: "2025-03-15",
      promise_amount: "CNY 3,000.00",
    });
    expect(out.values.zh?.amount).toBe("¥10,000.50");
    expect(out.texts.en?.text).toContain("Hello Ms Li, this is Wang Lei from Huikuan Demo Co.");
    expect(out.texts.en?.text).toContain("CNY 10,000.50 in total, the oldest due on 2025-01-31");
    expect(out.texts.zh?.text).toContain("“Ms Li您好,我是Huikuan Demo Co.的Wang Lei。");
    expect(out.texts.en?.text).not.toMatch(/[{}]/);

    const sms = (await (
      await c1("GET", `/api/scripts/sms.firm_reminder/render?customerId=${customerId}&lang=zh`)
    ).json()) as { texts: Record<string, { text: string }> };
    expect(Object.keys(sms.texts)).toEqual(["zh"]);
    expect(sms.texts.zh?.text).toContain("¥10,000.50已逾期40天");
  });

  it("answers 404 for another collector's customer and for unknown scripts or customers", async () => {
    expect((await c2("GET", `/api/scripts/call.forgot.reminder/render?customerId=${customerId}`)).status).toBe(404);
    expect((await c1("GET", `/api/scripts/call.forgot.reminder/render?customerId=${otherCustomerId}`)).status).toBe(
      404,
    );
    expect((await c1("GET", "/api/scripts/call.forgot.reminder/render?customerId=999999")).status).toBe(404);
    expect((await c1("GET", `/api/scripts/nope/render?customerId=${customerId}`)).status).toBe(404);
    expect((await c1("GET", "/api/scripts/call.forgot.reminder/render")).status).toBe(400);
  });

  it("keeps debt details from a contact who is not authorised (conduct rule 9)", async () => {
    const driver = `contactId=${driverId}`;
    const email = await c1("GET", `/api/scripts/email.friendly_reminder/render?customerId=${customerId}&${driver}`);
    expect(email.status).toBe(422);
    expect(((await email.json()) as ErrorJson).error.message).toMatch(/rule 9/);
    // A callback request names no debt; a talk track is for the collector's eyes.
    const sms = await c1("GET", `/api/scripts/sms.callback_request/render?customerId=${customerId}&${driver}`);
    expect(sms.status).toBe(200);
    expect(
      (await c1("GET", `/api/scripts/call.forgot.reminder/render?customerId=${customerId}&${driver}`)).status,
    ).toBe(200);
    const elsewhere = await c1(
      "GET",
      `/api/scripts/call.forgot.reminder/render?customerId=${customerId}&contactId=999999`,
    );
    expect(elsewhere.status).toBe(400);
  });

  it("refuses a custom script with an unknown variable, naming it and where it is", async () => {
    const r = await boss(
      "POST",
      "/api/scripts",
      customBody({ text: { zh: "{contact}您好,请问{amount}哪天安排?", en: "Hello {contact},\nabout {amout}: when?" } }),
    );
    expect(r.status).toBe(400);
    const body = (await r.json()) as ErrorJson;
    expect(body.error.message).toContain("text.en: unknown variable {amout} at line 2, column 7");
    expect(body.error.details).toHaveLength(1);
  });

  it("refuses text that fails the language check, with the span", async () => {
    const r = await boss(
      "POST",
      "/api/scripts",
      customBody({
        text: { zh: "{contact},你们这些老赖,立即付款{amount}!", en: "Hello {contact}, please pay {amount}." },
      }),
    );
    expect(r.status).toBe(400);
    const { error } = (await r.json()) as ErrorJson;
    expect(error.message).toMatch(/text\.zh: the language check blocks "老赖" \(insults\) at characters \d+-\d+/);
    expect(error.message).toMatch(/text\.zh: the language check warns on "立即" \(ultimatums_orders\)/);
    // Legal wording is accepted in a legal-stage text only.
    const legalWords = {
      zh: "{contact}您好,本函由律师审核。{company} {collector} {callback_phone}",
      en: "Dear {contact}, this letter was reviewed by our lawyer. {company} {collector} {callback_phone}",
    };
    const notLegal = await boss(
      "POST",
      "/api/scripts",
      customBody({ kind: "template", channel: "letter", text: legalWords }),
    );
    expect(notLegal.status).toBe(400);
    const legal = await boss(
      "POST",
      "/api/scripts",
      customBody({ kind: "template", channel: "letter", stage: "legal", causes: ["deliberate"], text: legalWords }),
    );
    expect(legal.status).toBe(201);
    expect(((await legal.json()) as { legal: boolean }).legal).toBe(true);
    // Templates name the sender (rule 10).
    const anonymous = await boss("POST", "/api/scripts", customBody({ kind: "template", channel: "email" }));
    expect(anonymous.status).toBe(400);
    expect(((await anonymous.json()) as ErrorJson).error.message).toContain("add {callback_phone}");
  });

  it("lets managers add and change custom scripts with a version check; collectors may not", async () => {
    expect((await c1("POST", "/api/scripts", customBody())).status).toBe(403);
    const created = await boss("POST", "/api/scripts", customBody({ id: "team.friday_check_in" }));
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    expect(await created.json()).toMatchObject({ id: "team.friday_check_in", source: "custom", version: 1 });
    expect((await boss("POST", "/api/scripts", customBody({ id: "team.friday_check_in" }))).status).toBe(409);
    expect((await boss("POST", "/api/scripts", customBody({ id: "call.forgot.reminder" }))).status).toBe(409);

    const listed = (await (await c1("GET", "/api/scripts?cause=hardship&stage=follow_up")).json()) as ScriptJson[];
    expect(listed.map((s) => s.id)).toContain("team.friday_check_in");
    const rendered = await c1("GET", `/api/scripts/team.friday_check_in/render?customerId=${customerId}&lang=en`);
    expect(((await rendered.json()) as { texts: { en: { text: string } } }).texts.en.text).toBe(
      "Hello Ms Li, this is Wang Lei from Huikuan Demo Co.. Could we find a day next week for the CNY 10,000.50?",
    );

    const changed = customBody({ tone: "firm", title: { zh: "周五下午跟进", en: "Friday afternoon follow-up" } });
    expect((await c1("PUT", "/api/scripts/team.friday_check_in", changed)).status).toBe(403);
    const stale = await boss("PUT", "/api/scripts/team.friday_check_in", changed, { "if-match": '"7"' });
    expect(stale.status).toBe(409);
    const ok = await boss("PUT", "/api/scripts/team.friday_check_in", changed, { "if-match": '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe('"2"');
    const one = await c1("GET", "/api/scripts/team.friday_check_in");
    expect(one.headers.get("etag")).toBe('"2"');
    expect(await one.json()).toMatchObject({ version: 2, title: { en: "Friday afternoon follow-up" } });
    expect((await boss("PUT", "/api/scripts/call.forgot.reminder", changed)).status).toBe(409);
    expect((await boss("PUT", "/api/scripts/team.nothing", changed)).status).toBe(404);
    const bad = await boss("PUT", "/api/scripts/team.friday_check_in", customBody({ title: { zh: "{x}", en: "ok" } }));
    expect(bad.status).toBe(400);
  });

  it("checks custom scripts written through the settings route the same way", async () => {
    const root = await signIn(app, "root", "root-long-password");
    const current = (await (await root("GET", "/api/settings/scripts.custom")).json()) as {
      value: unknown[];
      version: number;
    };
    const broken = [
      ...current.value,
      {
        ...customBody({ text: { zh: "{金额}", en: "{amount}" } }),
        id: "x.y.z",
        version: 1,
        updatedBy: "root",
        updatedAt: "now",
      },
    ];
    const r = await root(
      "PUT",
      "/api/settings/scripts.custom",
      { value: broken },
      { "if-match": `"${current.version}"` },
    );
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorJson).error.message).toMatch(
      /scripts\.custom\.\d+\.text\.zh: "\{" at line 1, column 1/,
    );
  });

  it("measures each script: uses, connected, promises made after it and kept, within the user's portfolio", async () => {
    const at = (iso: string) => `${iso}+08:00`;
    const interaction = (customer: number, script: string | null, outcome: string, when: string) =>
      insertId(sql`insert into interactions (customer_id, channel, at, outcome, script_id, actor)
        values (${customer}, 'call', ${at(when)}::timestamptz, ${outcome}, ${script}, 'test') returning id`);
    const promise = (customer: number, interactionId: number | null, madeOn: string, status: string) =>
      database.db.execute(sql`insert into promises (customer_id, interaction_id, amount, currency, promised_on, made_on,
          status, created_by)
        values (${customer}, ${interactionId}, 1000, 'CNY', ${madeOn}::date + 3, ${madeOn}::date, ${status}, 'test')`);

    // Script "call.forgot.reminder" on c1's customer: three uses in February.
    const first = await interaction(customerId, "call.forgot.reminder", "promise_to_pay", "2025-02-03T15:30:00");
    await promise(customerId, first, "2025-02-03", "kept"); // named: belongs to the first use
    await interaction(customerId, "call.forgot.reminder", "no_answer", "2025-02-10T10:00:00");
    await interaction(customerId, "call.forgot.reminder", "connected", "2025-02-11T16:00:00");
    await promise(customerId, null, "2025-02-14", "broken"); // unnamed: the latest scripted use within 7 days
    await promise(customerId, null, "2025-02-28", "kept"); // unnamed, more than 7 days after any use: nobody's
    // An interaction without a script, and one outside the period, count for nothing.
    await interaction(customerId, null, "connected", "2025-02-12T10:00:00");
    await interaction(customerId, "call.forgot.reminder", "connected", "2025-01-31T23:30:00");
    // Another script, with an open promise; and c2's customer, which c1 may not see.
    const other = await interaction(customerId, "reply.boss_away", "callback_requested", "2025-02-20T09:00:00");
    await promise(customerId, other, "2025-02-20", "open");
    await promise(customerId, other, "2025-02-21", "cancelled");
    const theirs = await interaction(otherCustomerId, "call.forgot.reminder", "promise_to_pay", "2025-02-05T11:00:00");
    await promise(otherCustomerId, theirs, "2025-02-05", "partially_kept");

    const period = "from=2025-02-01&to=2025-02-28";
    const mine = (await (await c1("GET", `/api/scripts/effectiveness?${period}`)).json()) as {
      from: string;
      scripts: Record<string, unknown>[];
    };
    expect(mine.from).toBe("2025-02-01");
    expect(mine.scripts).toEqual([
      {
        scriptId: "call.forgot.reminder",
        title: { zh: "友好提醒(疏忽型)", en: "Friendly reminder (oversight)" },
        uses: 3,
        connected: 2,
        promises: 2,
        kept: 1,
        partiallyKept: 0,
        broken: 1,
        open: 0,
        connectRate: 2 / 3,
        promiseRate: 2 / 3,
        keptRate: 0.5,
      },
      expect.objectContaining({
        scriptId: "reply.boss_away",
        uses: 1,
        connected: 1,
        promises: 1,
        open: 1,
        keptRate: null,
      }),
    ]);
    const root = await signIn(app, "root", "root-long-password");
    const everyone = (await (await root("GET", `/api/scripts/effectiveness?${period}`)).json()) as {
      scripts: { scriptId: string; uses: number; promises: number; partiallyKept: number }[];
    };
    expect(everyone.scripts[0]).toMatchObject({
      scriptId: "call.forgot.reminder",
      uses: 4,
      promises: 3,
      partiallyKept: 1,
    });
    expect((await c1("GET", "/api/scripts/effectiveness?from=2025-03-01&to=2025-02-01")).status).toBe(400);
    expect((await c1("GET", "/api/scripts/effectiveness?from=yesterday")).status).toBe(400);
  });
});
