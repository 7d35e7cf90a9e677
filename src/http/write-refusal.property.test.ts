// A refused write writes nothing: random requests to every state-changing operation the API documents (read from
// its own OpenAPI document, so a new endpoint is covered the day it is added), sent as a collector, an admin, the
// read-only finance user, anonymously and without or with a wrong CSRF token, with path ids that are the caller's,
// someone else's, missing or malformed, and bodies that are valid, nearly valid (a field dropped, of the wrong
// type or hostile), random JSON or not JSON at all. Whatever the answer, it is never a 5xx; when it is a 4xx, every
// table of the public schema (but the bookkeeping named below) holds exactly the rows it held before, and the
// audit log gained no row.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import { addUser, setPassword, updateUser } from "../auth/manage-users.ts";
import { runDaily } from "../collection/run-daily.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { seedDefaultTemplates } from "../messaging/seed-templates.ts";
import { createApp } from "./app.ts";

// Wednesday 2025-03-12, 10:00 in Shanghai. The clock stands still, so sessions stay fresh for the whole run.
const NOW = new Date("2025-03-12T02:00:00Z");
const SKIPPED = new Set(["POST /api/auth/login", "POST /api/auth/logout"]);
/** Ann and Bob collect for teams east and west; the finance user reads; the admin may change anything. */
const USERS: [string, string, string][] = [
  ["ann", "collector", "east"],
  ["bob", "collector", "west"],
  ["finance", "finance", "east"],
  ["admin", "admin", "east"],
];

/**
 * What a refused request may legitimately write, so the fingerprint leaves it out:
 * * idempotency_keys: a request sent with an Idempotency-Key has its answer remembered, a 4xx too, so that a
 *   retry gets the same answer (idempotency.ts); that is the key's bookkeeping, not a change of business data.
 * * sessions.last_seen_at (the column only; the rows are compared): the session lookup slides the idle timeout
 *   forward at most once a minute on any request. A refused request must not end or create sessions.
 */
const EXCLUDED_TABLES = new Set(["idempotency_keys"]);
const EXCLUDED_COLUMNS: Record<string, string[]> = { sessions: ["last_seen_at"] };

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
};
type Param = { name: string; in: "path" | "query" | "header"; required?: boolean; schema: Schema };
type Operation = { method: string; path: string; params: Param[]; contentType: string | null; body: Schema | null };
type Actor = "ann" | "admin" | "finance" | "anonymous" | "no-csrf" | "wrong-csrf";
type Body =
  | { kind: "none" }
  | { kind: "raw"; text: string; contentType: string | null }
  | { kind: "form"; form: FormData };
type Request = { op: Operation; actor: Actor; path: string; headers: Record<string, string>; body: Body };
type Session = { cookie: string; csrf: string };

/** The state-changing operations the app documents, the sign-in and sign-out left out. */
function writeOperations(doc: {
  paths: Record<
    string,
    Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase();
      if (!["POST", "PUT", "PATCH", "DELETE"].includes(m) || SKIPPED.has(`${m} ${path}`)) continue;
      const [contentType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [null, null];
      ops.push({ method: m, path, params: op.parameters ?? [], contentType, body: content?.schema ?? null });
    }
  }
  return ops;
}

// ---- values ----------------------------------------------------------------------------------------------------

const HOSTILE = [
  "' OR '1'='1",
  "1; drop table customers; --",
  "'); delete from audit_log; --",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "=cmd|' /C calc'!A0",
  "\r\nSet-Cookie: huikuan_session=evil",
  "line\r\nInjected: header",
  "\u0000",
  "nul\u0000byte",
  "\u0007\u001b[31mred\u0008",
  "\ud800",
  "\u202egnp.exe",
  "../../../../etc/passwd",
  "\u0024{jndi:ldap://x/a}",
  "{{7*7}}",
  "%00%0d%0a",
  "😀".repeat(300),
  "名".repeat(5000),
  "x".repeat(70_000),
  "",
  " ",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "9223372036854775808",
  "-9223372036854775809",
  "0x10",
  "2025-02-30",
  "2025-13-01",
  "0000-00-00",
  "9999-12-31",
  "275760-09-13",
  "2025-03-12T25:61:00+08:00",
  "null",
];
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom("\u0000", "\r", "\n", "\t", "'", '"', "\\", "%", "<", ">", "a"),
      maxLength: 30,
    }),
  },
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.constantFrom(2 ** 53, -(2 ** 63), 1e308, 0.1, -1),
  hostileString,
);
const DATES = [
  "2025-03-12",
  "2025-03-13",
  "2025-03-20",
  "2025-04-30",
  "2025-01-31",
  "2024-02-29",
  "2025-02-29",
  "2001-01-01",
];
const AMOUNTS = ["0", "0.00", "1", "0.01", "100.00", "2500.5", "12345.678", "999999999999999.999", "999999999999999"];

/** Ids by table: the rows tied to Ann's customer (all rows of a table tied to no customer) and to Bob's. */
type Pools = { ids: Record<string, { own: number[]; foreign: number[] }>; strings: string[] };
const MISSING_IDS = [999_999_999, 2_147_483_647, 2_147_483_648, Number.MAX_SAFE_INTEGER];

/**
 * The table a name points at: "customers" (a path segment), "invoiceIds" or "contactId" (a field), matched to the
 * table of that name or ending in it ("plans": payment_plans, "notifications": user_notifications).
 */
function tableOf(name: string, pools: Pools): string | null {
  const base = name
    .replace(/Ids?$/, "")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replaceAll("-", "_")
    .toLowerCase();
  if (!base) return null;
  const tables = Object.keys(pools.ids);
  for (const t of [base, `${base}s`]) {
    const hit = tables.find((x) => x === t) ?? tables.find((x) => x.endsWith(`_${t}`));
    if (hit) return hit;
  }
  return null;
}

/** Mostly an id of the table's rows, the caller's or someone else's; now and then another table's, or none's. */
function idValue(pools: Pools, table: string | null): fc.Arbitrary<number> {
  const all = Object.values(pools.ids);
  const own = (table ? pools.ids[table]?.own : null) ?? [];
  const foreign = (table ? pools.ids[table]?.foreign : null) ?? [];
  const any = [...new Set(all.flatMap((x) => [...x.own, ...x.foreign]))];
  return fc.oneof(
    { weight: own.length ? 4 : 0, arbitrary: fc.constantFrom(...(own.length ? own : [0])) },
    { weight: foreign.length ? 3 : 0, arbitrary: fc.constantFrom(...(foreign.length ? foreign : [0])) },
    { weight: 1, arbitrary: fc.constantFrom(...any) },
    { weight: 1, arbitrary: fc.constantFrom(...MISSING_IDS, 0, -1) },
  );
}

/** A value of the schema's shape (often also within its bounds), or now and then null where the schema allows it. */
function shapedValue(s: Schema, pools: Pools, depth = 0, name = ""): fc.Arbitrary<unknown> {
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const type = types.find((t) => t !== "null");
  const nullable = types.includes("null");
  const of = (a: fc.Arbitrary<unknown>) => (nullable ? fc.oneof({ weight: 5, arbitrary: a }, fc.constant(null)) : a);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (type) {
    case "string":
      if (s.format === "binary") return of(hostileString);
      if (s.pattern === "^\\d{4}-\\d{2}-\\d{2}$") return of(fc.constantFrom(...DATES));
      if (s.pattern?.startsWith("^\\d{1,15}")) return of(fc.constantFrom(...AMOUNTS));
      if (s.pattern) return of(fc.stringMatching(new RegExp(s.pattern), { maxLength: 20 }));
      return of(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pools.strings) }, hostileString));
    case "integer":
      return of(
        fc.oneof(
          { weight: 3, arbitrary: idValue(pools, tableOf(name, pools)) },
          fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 400, 400) }),
        ),
      );
    case "number":
      return of(fc.double({ noNaN: true }));
    case "boolean":
      return of(fc.boolean());
    case "array":
      return of(
        fc.oneof(
          {
            weight: 5,
            arbitrary: fc.array(s.items ? shapedValue(s.items, pools, depth + 1, name) : fc.jsonValue(), {
              maxLength: 3,
            }),
          },
          // One item more than the schema allows.
          fc.constant(Array.from({ length: (s.maxItems ?? 100) + 1 }, (_, n) => n + 1)),
        ),
      );
    case "object": {
      if (depth > 3) return of(fc.constant({}));
      const props = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      return of(
        fc
          .tuple(...props.map(([k, p]) => fc.tuple(fc.constant(k), shapedValue(p, pools, depth + 1, k), fc.boolean())))
          .map((entries) =>
            Object.fromEntries(entries.filter(([k, , keep]) => required.has(k) || keep).map(([k, v]) => [k, v])),
          ),
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * A nearly valid object: one required field dropped, one field of the wrong type, one string field (the nth or,
 * when it has none, any) hostile, or an extra field.
 */
function mutated(s: Schema, pools: Pools): fc.Arbitrary<unknown> {
  const keys = Object.keys(s.properties ?? {});
  return fc
    .tuple(
      shapedValue(s, pools),
      fc.nat(),
      fc.constantFrom("drop", "wrong", "hostile", "extra"),
      wrongType,
      hostileString,
    )
    .map(([value, n, how, bad, hostile]) => {
      if (typeof value !== "object" || value === null || Array.isArray(value) || !keys.length) return value;
      const out = { ...(value as Record<string, unknown>) };
      const key = keys[n % keys.length] as string;
      if (how === "drop") delete out[(s.required ?? keys)[n % (s.required ?? keys).length] ?? key];
      else if (how === "wrong") out[key] = bad;
      else if (how === "hostile") {
        const strings = keys.filter((k) => s.properties?.[k]?.type === "string" && !s.properties[k]?.enum);
        out[strings.length ? (strings[n % strings.length] as string) : key] = hostile;
      } else out.unexpected = bad;
      return out;
    });
}

function bodyOf(op: Operation, pools: Pools): fc.Arbitrary<Body> {
  const json = (v: unknown, contentType: string | null = "application/json"): Body => ({
    kind: "raw",
    text: JSON.stringify(v) ?? "null",
    contentType,
  });
  const notJson = fc.constantFrom<Body>(
    { kind: "raw", text: "{", contentType: "application/json" },
    { kind: "raw", text: '{"amount": "1.00",', contentType: "application/json" },
    { kind: "raw", text: `${"[".repeat(5000)}${"]".repeat(5000)}`, contentType: "application/json" },
    { kind: "raw", text: "amount=1&date=2025-03-20", contentType: "application/x-www-form-urlencoded" },
    { kind: "raw", text: "\u0000\u0001\u0002", contentType: "application/octet-stream" },
    { kind: "raw", text: "{}", contentType: "text/plain" },
    { kind: "raw", text: "{}", contentType: null },
    { kind: "raw", text: "{}", contentType: "application/json; charset=utf-16" },
    { kind: "none" },
  );
  const random = fc.jsonValue({ maxDepth: 3 }).map((v) => json(v));
  const hostile = hostileString.map((v) => json(v));
  if (op.contentType === "multipart/form-data") {
    const form = fc
      .record({
        bytes: fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.constantFrom(new TextEncoder().encode("%PDF-1.4\n%%EOF\n"), new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
        ),
        name: fc.oneof(fc.constantFrom("a.pdf", "evidence.png"), hostileString),
        type: fc.constantFrom("application/pdf", "image/png", "text/html", ""),
        fields: op.body ? shapedValue(op.body, pools) : fc.constant({}),
        withFile: fc.boolean(),
      })
      .map(({ bytes, name, type, fields, withFile }): Body => {
        const f = new FormData();
        if (withFile) f.set("file", new File([bytes], name || "x", { type }));
        for (const [k, v] of Object.entries((fields as Record<string, unknown>) ?? {}))
          if (k !== "file" && v !== null && v !== undefined) f.set(k, String(v));
        return { kind: "form", form: f };
      });
    return fc.oneof({ weight: 4, arbitrary: form }, random, notJson);
  }
  if (op.contentType && op.contentType !== "application/json") {
    // The import upload: CSV text under the usual columns, with hostile cells.
    const csv = fc
      .array(
        fc.array(fc.oneof(fc.constantFrom(...pools.strings, ...DATES, ...AMOUNTS), hostileString), {
          minLength: 1,
          maxLength: 5,
        }),
        {
          maxLength: 4,
        },
      )
      .map(
        (rows): Body => ({
          kind: "raw",
          text: ["code,name,number,amount,issue_date,due_date,customer_code", ...rows.map((r) => r.join(","))].join(
            "\r\n",
          ),
          contentType: op.contentType,
        }),
      );
    return fc.oneof({ weight: 3, arbitrary: csv }, random, notJson);
  }
  if (!op.body)
    return fc.oneof({ weight: 2, arbitrary: fc.constant<Body>({ kind: "none" }) }, random, hostile, notJson);
  return fc.oneof(
    { weight: 3, arbitrary: shapedValue(op.body, pools).map((v) => json(v)) },
    { weight: 4, arbitrary: mutated(op.body, pools).map((v) => json(v)) },
    { weight: 1, arbitrary: random },
    { weight: 1, arbitrary: hostile },
    { weight: 1, arbitrary: notJson },
    // No body at all, or a valid one without its content type: a route whose body is not marked required skips
    // validation then, and its handler gets {}.
    { weight: 1, arbitrary: fc.constant<Body>({ kind: "none" }) },
    { weight: 1, arbitrary: shapedValue(op.body, pools).map((v) => json(v, null)) },
  );
}

const MALFORMED_IDS = [
  "abc",
  "1.5",
  "1e3",
  "-1",
  "0",
  "01",
  " 1",
  "99999999999999999999",
  "9223372036854775808",
  "%27%20OR%201%3D1",
  "%0D%0A",
  "%00",
  "%",
  "%E0%A4%A",
  "1%2F2",
];

/** Percent-encoded; a lone surrogate (no UTF-8 for it) goes as the bytes a careless client would send. */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return `${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ""))}%ED%A0%80`;
  }
}

function pathValue(p: Param, pools: Pools, table: string | null): fc.Arbitrary<string> {
  const hostile = hostileString.map((s) => encode(s) || "%20");
  if (p.schema.type === "integer") {
    return fc.oneof(
      { weight: 6, arbitrary: idValue(pools, table).map(String) },
      { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_IDS) },
      { weight: 1, arbitrary: hostile },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pools.strings).map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_IDS) },
    { weight: 1, arbitrary: hostile },
  );
}

function queryValue(p: Param, pools: Pools): fc.Arbitrary<string | null> {
  return fc.option(
    fc
      .oneof(
        shapedValue(p.schema, pools).map((v) => String(v)),
        hostileString,
      )
      .map(encode),
    { freq: 4 },
  );
}

/** If-Match versions (current, stale, malformed) and webhook signatures, or the header left out. */
const headerValue = fc.option(
  fc.oneof(
    fc.constantFrom("1", '"1"', '"2"', 'W/"1"', "0", "-1", "abc", "99999999999999999999", "*", '"1", "2"'),
    fc.constantFrom("sha256=00", "t=1,v1=deadbeef", ""),
  ),
  { freq: 5 },
);

/** "customers" for {id} in /api/customers/{id}/payments. */
const segmentBefore = (path: string, param: string) =>
  path.split("/").at(path.split("/").indexOf(`{${param}}`) - 1) ?? "";

function requestOf(ops: Operation[], pools: Pools): fc.Arbitrary<Request> {
  return fc.constantFrom(...ops).chain((op) =>
    fc
      .record({
        actor: fc.constantFrom<Actor>(
          "ann",
          "ann",
          "ann",
          "ann",
          "admin",
          "admin",
          "finance",
          "anonymous",
          "no-csrf",
          "wrong-csrf",
        ),
        path: fc.tuple(
          ...op.params
            .filter((p) => p.in === "path")
            .map((p) =>
              fc.tuple(fc.constant(p.name), pathValue(p, pools, tableOf(segmentBefore(op.path, p.name), pools))),
            ),
        ),
        query: fc.tuple(
          ...op.params.filter((p) => p.in === "query").map((p) => fc.tuple(fc.constant(p.name), queryValue(p, pools))),
        ),
        headers: fc.tuple(
          ...op.params.filter((p) => p.in === "header").map((p) => fc.tuple(fc.constant(p.name), headerValue)),
        ),
        // Mostly a fresh key (a reused one answers 422 before the route is reached), now and then one too long.
        idempotencyKey: fc.option(fc.oneof({ weight: 9, arbitrary: fc.uuid() }, fc.constant("x".repeat(201))), {
          freq: 4,
        }),
        body: bodyOf(op, pools),
      })
      .map(({ actor, path, query, headers, idempotencyKey, body }) => {
        let url = op.path;
        for (const [name, value] of path) url = url.replace(`{${name}}`, value);
        const q = query.filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
        if (q.length) url += `?${q.join("&")}`;
        const h: Record<string, string> = {};
        for (const [name, value] of headers) if (value !== null) h[name] = value;
        if (idempotencyKey) h["idempotency-key"] = idempotencyKey;
        return { op, actor, path: url, headers: h, body };
      }),
  );
}

const describeRequest = (r: Request) =>
  `${r.op.method} ${r.path} as ${r.actor} headers=${JSON.stringify(r.headers)} body=${
    r.body.kind === "raw"
      ? `${r.body.contentType ?? "(no content-type)"} ${JSON.stringify(r.body.text.length > 300 ? `${r.body.text.slice(0, 300)}... (${r.body.text.length} chars)` : r.body.text)}`
      : r.body.kind === "form"
        ? `multipart ${JSON.stringify([...r.body.form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : `file ${v.name} ${v.type} ${v.size} bytes`]))}`
        : "none"
  }`;

// ---- the database's fingerprint --------------------------------------------------------------------------------

type Fingerprint = Record<string, string>;

/** One statement that counts and checksums every table (rows in primary-key order) but the excluded ones. */
async function fingerprintQuery(database: Database) {
  const tables = await queryRows<{ name: string; pk: string | null; columns: string }>(
    database.db,
    sql`select c.relname as name,
          (select string_agg(quote_ident(a.attname), ', ' order by array_position(i.indkey, a.attnum))
             from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
            where i.indrelid = c.oid and i.indisprimary) as pk,
          (select string_agg(quote_ident(a.attname), ', ' order by a.attnum) from pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
        order by c.relname`,
  );
  const parts = tables
    .filter((t) => !EXCLUDED_TABLES.has(t.name))
    .map((t) => {
      const skip = EXCLUDED_COLUMNS[t.name] ?? [];
      const columns = t.columns
        .split(", ")
        .filter((c) => !skip.includes(c))
        .join(", ");
      const order = t.pk ?? "x::text";
      return `select '${t.name}' as t, count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by ${order})), '') as h
        from (select ${columns} from public.${t.name}) x`;
    });
  expect(parts.length).toBeGreaterThan(30);
  expect(tables.map((t) => t.name)).toContain("audit_log");
  return sql.raw(parts.join("\nunion all\n"));
}

// ---- the test ----------------------------------------------------------------------------------------------------

describe.each(ENGINES)("a refused write writes nothing, on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  const sessions = new Map<string, Session>();
  let pools: Pools;
  let fingerprintSql: ReturnType<typeof sql.raw>;

  async function signIn(login: string): Promise<Session> {
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, password: `${login}-secret-pass-1` }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0] as string);
    const csrf = cookies.find((c) => c.startsWith("huikuan_csrf="))?.split("=")[1] ?? "";
    return { cookie: cookies.join("; "), csrf };
  }

  async function send(r: Request): Promise<Response> {
    const headers: Record<string, string> = { ...r.headers };
    const session = sessions.get(r.actor === "no-csrf" || r.actor === "wrong-csrf" ? "ann" : r.actor);
    if (session && r.actor !== "anonymous") {
      headers.cookie = session.cookie;
      if (r.actor !== "no-csrf") headers["x-csrf-token"] = r.actor === "wrong-csrf" ? `${session.csrf}x` : session.csrf;
    }
    let body: string | FormData | undefined;
    if (r.body.kind === "raw") {
      body = r.body.text;
      if (r.body.contentType) headers["content-type"] = r.body.contentType;
    } else if (r.body.kind === "form") body = r.body.form;
    return app.request(r.path, { method: r.op.method, headers, body });
  }

  /** As a signed-in user, for the fixture: must succeed. */
  async function call(login: string, method: string, path: string, body?: unknown) {
    const s = sessions.get(login) as Session;
    const res = await app.request(path, {
      method,
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`fixture ${method} ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text || "null");
  }

  /**
   * A request that went through may have signed someone out (an admin's change of role, team or password, or a
   * disabled account ends that user's sessions): the user is put back as made and signed in again, so the rest of
   * the run keeps its actors.
   */
  async function keepActorsSignedIn() {
    for (const [login, role, team] of USERS) {
      const s = sessions.get(login) as Session;
      const me = await app.request("/api/auth/me", { headers: { cookie: s.cookie } });
      if (me.status === 200 && ((await me.json()) as { role?: string }).role === role) continue;
      const deps = { database, now: () => NOW };
      await updateUser(deps, login, { name: login, role, team, active: true }, "test");
      await setPassword(deps, { login, password: `${login}-secret-pass-1` }, "test");
      sessions.set(login, await signIn(login));
    }
  }

  async function fingerprint(): Promise<Fingerprint> {
    const rows = await queryRows<{ t: string; n: number; h: string }>(database.db, fingerprintSql);
    return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const deps = { database, now: () => NOW };
    app = createApp({ ...deps, version: "test" });
    const userIds: Record<string, number> = {};
    for (const [login, role, team] of USERS) {
      userIds[login] = (
        await addUser(deps, { login, name: login, role, team, password: `${login}-secret-pass-1` }, "test")
      ).id;
    }
    await seedDefaultTemplates(deps);
    for (const [login] of USERS) sessions.set(login, await signIn(login));

    // Ann's customer and Bob's, each with the things the write endpoints name: contacts, invoices, a payment, a
    // logged call, a promise, a plan, a dispute with a file, a visit, a statement confirmation, a portal link, tasks.
    const customers: Record<string, number> = {};
    for (const owner of ["ann", "bob"]) {
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name, collector_id, time_zone)
            values (${`C-${owner}`}, ${`${owner}'s customer`}, ${userIds[owner]}, 'Asia/Shanghai') returning id`,
      );
      const id = Number(c?.id);
      customers[owner] = id;
      const [k] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into contacts (customer_id, name, role, emails, phones, time_zone)
            values (${id}, 'Ms Wang', 'finance', array[${`${owner}@example.com`}]::text[], array['+8613600000000']::text[],
              'Asia/Shanghai') returning id`,
      );
      const contactId = Number(k?.id);
      const invoices = await queryRows<{ id: string }>(
        database.db,
        sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency) values
            (${id}, ${`${owner}-1`}, '2025-01-01', '2025-02-01', 1000000, 'CNY'),
            (${id}, ${`${owner}-2`}, '2025-02-01', '2025-03-01', 500000, 'CNY') returning id`,
      );
      const invoiceId = Number(invoices[0]?.id);
      const base = `/api/customers/${id}`;
      await call(owner, "POST", `${base}/payments`, {
        amount: "100.00",
        date: "2025-03-10",
        reference: "R1",
        invoiceIds: [invoiceId],
      });
      await call(owner, "POST", `${base}/interactions`, {
        channel: "call",
        direction: "inbound",
        outcome: "connected",
        contactId,
      });
      await call(owner, "POST", `${base}/promises`, { amount: "500.00", date: "2025-03-20" });
      await call(owner, "POST", `${base}/plans`, {
        total: "3000.00",
        split: { count: 3, firstDate: "2025-04-01", intervalDays: 30 },
        invoiceIds: [Number(invoices[1]?.id)],
      });
      const dispute = await call(owner, "POST", `${base}/disputes`, {
        invoiceId,
        category: "quality",
        amount: "200.00",
        description: "damaged",
      });
      const form = new FormData();
      form.set(
        "file",
        new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "evidence.pdf", { type: "application/pdf" }),
      );
      const s = sessions.get(owner) as Session;
      const upload = await app.request(`/api/disputes/${dispute.id}/attachments`, {
        method: "POST",
        headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
        body: form,
      });
      expect(upload.status, await upload.clone().text()).toBe(201);
      await call(owner, "POST", `${base}/appointments`, {
        startsAt: "2025-03-14T10:00:00+08:00",
        place: "their office",
      });
      await call(owner, "POST", `${base}/statement-confirmations`, {
        confirmedOn: "2025-03-11",
        confirmedBalance: "14900.00",
        signedBy: "Ms Wang",
      });
      await call(owner, "POST", `${base}/portal-links`, { contactId });
    }
    // A second customer each with only an overdue invoice: the daily run gives them tasks (plans and promises
    // pause the first ones' playbooks).
    const second: Record<string, number> = {};
    for (const owner of ["ann", "bob"]) {
      const [c] = await queryRows<{ id: string }>(
        database.db,
        sql`insert into customers (code, name, collector_id) values (${`D-${owner}`}, 'Late Co', ${userIds[owner]}) returning id`,
      );
      second[owner] = Number(c?.id);
      await database.db.execute(sql`insert into invoices (customer_id, number, issue_date, due_date, amount, currency)
        values (${second[owner]}, ${`${owner}-9`}, '2024-12-01', '2025-01-01', 800000, 'CNY')`);
    }
    await runDaily(deps, { trigger: "cli", actor: "test" });

    // Ids of every table with an id, split by whose customer the row is tied to (a new table joins in by itself).
    const tables = await queryRows<{ t: string; by_customer: boolean }>(
      database.db,
      sql`select i.table_name as t, exists (select 1 from information_schema.columns c where c.table_schema = 'public'
            and c.table_name = i.table_name and c.column_name = 'customer_id') as by_customer
          from information_schema.columns i
          where i.table_schema = 'public' and i.column_name = 'id' and i.data_type in ('bigint', 'integer')
          order by 1`,
    );
    const ids: Pools["ids"] = {};
    const idList = async (q: ReturnType<typeof sql>) =>
      (await queryRows<{ id: string }>(database.db, q)).map((r) => Number(r.id));
    for (const { t, by_customer } of tables) {
      const table = sql.identifier(t);
      const column = sql.identifier(t === "customers" ? "id" : "customer_id");
      ids[t] =
        by_customer || t === "customers"
          ? {
              own: await idList(
                sql`select id from ${table} where ${column} in (${customers.ann}, ${second.ann}) order by id`,
              ),
              foreign: await idList(
                sql`select id from ${table} where ${column} in (${customers.bob}, ${second.bob}) order by id`,
              ),
            }
          : { own: await idList(sql`select id from ${table} order by id limit 20`), foreign: [] };
    }
    expect(ids.disputes?.foreign.length).toBeGreaterThan(0);
    expect(ids.tasks?.own.length).toBeGreaterThan(0);
    const settingKeys = (await queryRows<{ key: string }>(database.db, sql`select key from settings`)).map(
      (r) => r.key,
    );
    pools = {
      ids,
      strings: [
        "ann",
        "bob",
        "finance",
        "admin",
        "nobody",
        "CNY",
        "USD",
        "XYZ",
        "company",
        ...settingKeys,
        "reply.no_money_now",
        "Ms Wang",
        "2025-03-14T10:00:00+08:00",
      ],
    };
    fingerprintSql = await fingerprintQuery(database);
  }, 120_000);
  afterAll(() => database?.close());

  it("answers every state-changing request without a 5xx, and a 4xx leaves every table as it was", async () => {
    const doc = await (await app.request("/api/openapi.json")).json();
    const ops = writeOperations(doc);
    // The document does list the writes (a broken document would make this test pass on nothing).
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toContain("POST /api/customers/{id}/payments");
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestOf(ops, pools), async (r) => {
        const before = await fingerprint();
        const res = await send(r);
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const what = `${describeRequest(r)}\n-> HTTP ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status >= 400) {
          const after = await fingerprint();
          expect(after.audit_log, `audit rows written by a refused request: ${what}`).toBe(before.audit_log);
          // The contact gate logs every decision, a refusal too (conduct.md, issue 3): a call it blocks (409) or
          // warns about without a reason (422) leaves exactly one row in its decision log, and nothing else.
          const gateRefusal = /contact gate|give a reason \(overrideReason\)/.test(text);
          if (gateRefusal && (res.status === 409 || res.status === 422)) {
            const count = (v: string | undefined) => Number(v?.split(":")[0]);
            expect(count(after.contact_attempts), `one gate decision logged: ${what}`).toBe(
              count(before.contact_attempts) + 1,
            );
            const { contact_attempts: _a, ...restAfter } = after;
            const { contact_attempts: _b, ...restBefore } = before;
            expect(restAfter, `tables written by a refused request: ${what}`).toEqual(restBefore);
          } else {
            expect(after, `tables written by a refused request: ${what}`).toEqual(before);
          }
        } else await keepActorsSignedIn();
      }),
      { numRuns: Number(process.env.WRITE_REFUSAL_RUNS ?? 1200) },
    );
    // The requests did reach past the gates: refusals of several kinds, and some writes went through.
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(3);
  }, 240_000);
});
