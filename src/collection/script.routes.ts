// /api/scripts: the script library (starter scripts plus custom ones), a script rendered for a customer, custom
// scripts added and changed by managers (version in the ETag, If-Match on change), and which scripts work.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { companyToday } from "../app/open-database.ts";
import { requireRole } from "../auth/access.ts";
import { addDays } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { CHANNELS } from "../ledger/ledger.schema.ts";
import { CAUSES, EXCUSES } from "./collection.enums.ts";
import {
  type CatalogScript,
  createCustomScript,
  getScriptOrThrow,
  listScripts,
  updateCustomScript,
} from "./script-catalog.ts";
import { customScriptBody } from "./script-custom.ts";
import { getScriptEffectiveness } from "./script-effectiveness.ts";
import { renderScriptForCustomer } from "./script-render.ts";
import {
  LANGS,
  type Lang,
  SCRIPT_KINDS,
  SCRIPT_STAGES,
  SCRIPT_VARIABLE_INFO,
  SCRIPT_VARIABLES,
  variablesIn,
} from "./scripts.ts";

const json = (schema: z.ZodType) => ({ "application/json": { schema } });
const error = (description: string) => ({ description, content: json(ErrorBody) });
const lang = z.enum(["zh", "en"]);
const texts = z.object({ zh: z.string().optional(), en: z.string().optional() });
const idParam = z.object({ id: z.string().min(1).max(100) });
/** The body a manager sends, closed at every level: an unknown key (a third language, a misspelt field) is refused. */
const scriptBody = customScriptBody
  .extend({
    title: customScriptBody.shape.title.strict(),
    subject: customScriptBody.shape.subject.unwrap().strict().optional(),
    text: customScriptBody.shape.text.strict(),
  })
  .strict();

const ScriptOut = z
  .object({
    id: z.string(),
    source: z.enum(["library", "custom"]),
    version: z.number().nullable(),
    kind: z.enum(SCRIPT_KINDS),
    channel: z.enum(CHANNELS).nullable(),
    causes: z.union([z.literal("*"), z.array(z.enum(CAUSES))]),
    stage: z.enum(SCRIPT_STAGES),
    excuse: z.enum(EXCUSES).nullable(),
    tone: z.string(),
    legal: z.boolean(),
    variables: z.array(z.string()),
    title: texts,
    subject: texts.nullable(),
    text: texts,
  })
  .openapi("Script");

function scriptOut(s: CatalogScript, only?: Lang) {
  const langs = only ? [only] : LANGS;
  const pick = (r: Record<Lang, string>) =>
    Object.fromEntries(langs.map((l) => [l, r[l]])) as Partial<Record<Lang, string>>;
  return {
    id: s.id,
    source: s.source,
    version: s.version,
    kind: s.kind,
    channel: s.channel,
    causes: s.causes === "*" ? ("*" as const) : [...s.causes],
    stage: s.stage,
    excuse: s.excuse,
    tone: s.tone,
    legal: s.legal === true,
    variables: [...new Set(langs.flatMap((l) => [...variablesIn(s.text[l]), ...variablesIn(s.subject?.[l] ?? "")]))],
    title: pick(s.title),
    subject: s.subject ? pick(s.subject) : null,
    text: pick(s.text),
  };
}

const listRoute = createRoute({
  method: "get",
  path: "/api/scripts",
  summary: "Scripts and templates by cause, excuse, stage, kind and channel; lang keeps one language",
  request: {
    query: z.object({
      cause: z.enum(CAUSES).optional(),
      excuse: z.enum(EXCUSES).optional(),
      stage: z.enum(SCRIPT_STAGES).optional(),
      kind: z.enum(SCRIPT_KINDS).optional(),
      channel: z.enum(CHANNELS).optional(),
      lang: lang.optional(),
    }),
  },
  responses: { 200: { description: "Scripts", content: json(z.array(ScriptOut)) } },
});
const variablesRoute = createRoute({
  method: "get",
  path: "/api/scripts/variables",
  summary: "The variables a script may use, written {name}, with what each is filled with",
  responses: {
    200: {
      description: "Variables",
      content: json(z.array(z.object({ name: z.string(), zh: z.string(), en: z.string() }))),
    },
  },
});
const effectivenessRoute = createRoute({
  method: "get",
  path: "/api/scripts/effectiveness",
  summary: "Per script: uses, connected, promises made after it and how they ended (default: the last 90 days)",
  request: { query: z.object({ from: isoDate.optional(), to: isoDate.optional() }) },
  responses: {
    200: {
      description: "Per script, most used first",
      content: json(
        z.object({
          from: z.string(),
          to: z.string(),
          scripts: z.array(z.record(z.string(), z.unknown())),
        }),
      ),
    },
    400: error("from is after to, or not a date"),
  },
});
const oneRoute = createRoute({
  method: "get",
  path: "/api/scripts/{id}",
  summary: "One script (custom scripts: version in the ETag)",
  request: { params: idParam, query: z.object({ lang: lang.optional() }) },
  responses: { 200: { description: "The script", content: json(ScriptOut) }, 404: error("No such script") },
});
const renderRoute = createRoute({
  method: "get",
  path: "/api/scripts/{id}/render",
  summary: "A script filled in for a customer: contact, overdue amount, oldest due date, collector, company",
  request: {
    params: idParam,
    query: z.object({
      customerId: z.coerce.number().int().positive(),
      contactId: z.coerce.number().int().positive().optional(),
      lang: lang.optional(),
    }),
  },
  responses: {
    200: { description: "The rendered texts and the values used", content: json(z.record(z.string(), z.unknown())) },
    404: error("No such script, or no such customer in your portfolio"),
    422: error("The contact may not receive debt details (conduct rule 9)"),
  },
});
const createScriptRoute = createRoute({
  method: "post",
  path: "/api/scripts",
  summary: "Add a custom script (managers, admins); unknown variables and language-check failures are refused",
  request: {
    body: {
      content: { "application/json": { schema: scriptBody.extend({ id: z.string().max(80).optional() }) } },
      required: true,
    },
  },
  responses: {
    201: { description: "Created", content: json(ScriptOut) },
    400: error("Refused: every problem with its field, language and place in the text"),
    403: error("Not a manager or admin"),
    409: error("The id is taken"),
  },
});
const updateScriptRoute = createRoute({
  method: "put",
  path: "/api/scripts/{id}",
  summary: "Change a custom script (managers, admins); If-Match: the version you read",
  request: {
    params: idParam,
    headers: z.object({
      "if-match": z
        .string()
        .regex(/^"?\d+"?$/, 'expected the version you read, e.g. "3"')
        .optional(),
    }),
    body: { content: { "application/json": { schema: scriptBody } }, required: true },
  },
  responses: {
    200: { description: "Saved", content: json(ScriptOut) },
    400: error("Refused: every problem with its field, language and place in the text"),
    403: error("Not a manager or admin"),
    404: error("No such custom script"),
    409: error("Changed meanwhile, or a read-only library script"),
  },
});

export function scriptRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: { database: Database; now: () => Date }): T {
  const db = deps.database.db;
  app.openapi(listRoute, async (c) => {
    const { lang: only, ...filter } = c.req.valid("query");
    return c.json(
      (await listScripts(db, filter)).map((s) => scriptOut(s, only)),
      200,
    );
  });
  app.openapi(variablesRoute, (c) =>
    c.json(
      SCRIPT_VARIABLES.map((name) => ({ name, ...SCRIPT_VARIABLE_INFO[name] })),
      200,
    ),
  );
  app.openapi(effectivenessRoute, async (c) => {
    const q = c.req.valid("query");
    const to = q.to ?? (await companyToday(db, deps.now()));
    const from = q.from ?? addDays(to, -89);
    return c.json({ from, to, scripts: await getScriptEffectiveness(db, c.get("user"), { from, to }) }, 200);
  });
  app.openapi(oneRoute, async (c) => {
    const s = await getScriptOrThrow(db, c.req.valid("param").id);
    if (s.version !== null) c.header("ETag", `"${s.version}"`);
    return c.json(scriptOut(s, c.req.valid("query").lang), 200);
  });
  app.openapi(renderRoute, async (c) => {
    const { customerId, contactId, lang: only } = c.req.valid("query");
    const rendered = await renderScriptForCustomer(deps, c.get("user"), c.req.valid("param").id, customerId, {
      ...(only ? { lang: only } : {}),
      ...(contactId ? { contactId } : {}),
    });
    return c.json(rendered, 200);
  });
  app.openapi(createScriptRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["manager", "admin"], "adding scripts");
    const s = await createCustomScript(deps, user, c.req.valid("json"));
    c.header("ETag", `"${s.version}"`);
    return c.json(scriptOut(s), 201);
  });
  app.openapi(updateScriptRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["manager", "admin"], "changing scripts");
    const ifMatch = c.req.valid("header")["if-match"];
    const expected = ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, ""));
    const s = await updateCustomScript(deps, user, c.req.valid("param").id, c.req.valid("json"), expected);
    c.header("ETag", `"${s.version}"`);
    return c.json(scriptOut(s), 200);
  });
  return app;
}
