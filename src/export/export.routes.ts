// GET /api/kpis/export, /api/forecast/export and /api/strategy/export: the dashboard's downloads (CSV or XLSX).
// Each calls the same use case as its JSON endpoint with the signed-in user as the scope, so a collector's file holds
// only their portfolio; the file is streamed as it is written.
import { PassThrough, Readable } from "node:stream";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { forecastPayments } from "../analytics/forecast-payments.ts";
import { getKpis, KPI_GROUPINGS } from "../analytics/get-kpis.ts";
import { getStrategy } from "../analytics/get-strategy.ts";
import { GRAINS } from "../analytics/kpi.rules.ts";
import { requireRole } from "../auth/access.ts";
import type { IsoDate } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import {
  type AnyExportTable,
  EXPORT_CONTENT_TYPES,
  EXPORT_FORMATS,
  EXPORT_LANGS,
  type ExportFormat,
  type ExportLang,
  exportFileName,
  writeExport,
} from "./export-table.ts";
import { forecastTables, kpiTables, strategyTables } from "./report-tables.ts";

type Deps = { database: Database; now: () => Date };

const ROLES = ["admin", "manager", "finance", "collector"] as const;
const fileContent = {
  "text/csv": { schema: z.string().openapi({ description: "UTF-8 with a byte-order mark" }) },
  [EXPORT_CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: "binary" }) },
};
const errorContent = { "application/json": { schema: ErrorBody } };
const exportQuery = {
  format: z.enum(EXPORT_FORMATS).default("xlsx"),
  lang: z.enum(EXPORT_LANGS).default("zh-CN").openapi({ description: "the headers' language" }),
};
const responses = (what: string) => ({
  200: { description: `${what} as a download (XLSX: a sheet per table)`, content: fileContent },
  400: { description: "A bad parameter", content: errorContent },
  401: { description: "Not signed in", content: errorContent },
});

const kpiExportRoute = createRoute({
  method: "get",
  path: "/api/kpis/export",
  summary: "The KPIs of GET /api/kpis as CSV or XLSX",
  request: {
    query: z.object({
      from: isoDate,
      to: isoDate,
      by: z.enum(KPI_GROUPINGS),
      grain: z.enum(GRAINS).optional(),
      ...exportQuery,
      table: z.enum(["groups", "business"]).default("groups").openapi({ description: "which table a CSV holds" }),
    }),
  },
  responses: responses("The KPIs"),
});

const forecastExportRoute = createRoute({
  method: "get",
  path: "/api/forecast/export",
  summary: "The payment forecast and the weekly cash forecast as CSV or XLSX",
  request: {
    query: z.object({
      asOf: isoDate.optional(),
      weeks: z.coerce.number().int().min(1).max(52).optional(),
      ...exportQuery,
      table: z.enum(["invoices", "cash"]).default("invoices").openapi({ description: "which table a CSV holds" }),
    }),
  },
  responses: responses("The forecast"),
});

const strategyExportRoute = createRoute({
  method: "get",
  path: "/api/strategy/export",
  summary: "Champion vs challenger per playbook and the script ranking as CSV or XLSX",
  request: {
    query: z.object({
      from: isoDate,
      to: isoDate,
      minUses: z.coerce.number().int().min(1).max(100_000).optional(),
      ...exportQuery,
      table: z.enum(["playbooks", "scripts"]).default("playbooks").openapi({ description: "which table a CSV holds" }),
    }),
  },
  responses: responses("The strategy evaluation"),
});

/** Streams the export; a failure half-way ends the download (the status is already sent). */
function download(
  c: Context<AuthEnv>,
  tables: readonly AnyExportTable[],
  o: { format: ExportFormat; lang: ExportLang; csvTable: number; name: readonly string[] },
): Response {
  const out = new PassThrough();
  writeExport(tables, o, out).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return c.body(Readable.toWeb(out) as ReadableStream<Uint8Array>, 200, {
    "content-type": EXPORT_CONTENT_TYPES[o.format],
    "content-disposition": `attachment; filename="${exportFileName(o.name, o.format)}"`,
    "cache-control": "private, no-store",
  });
}

export function exportRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: Deps): T {
  app.openapi(kpiExportRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ROLES, "the KPIs");
    const q = c.req.valid("query");
    const k = await getKpis(deps, { from: q.from, to: q.to, by: q.by, grain: q.grain, scope: user });
    return download(c, kpiTables(k, q.lang), {
      format: q.format,
      lang: q.lang,
      csvTable: q.table === "business" ? 1 : 0,
      name: ["kpi", q.by, q.from, q.to, ...(q.format === "csv" && q.table === "business" ? ["business"] : [])],
    });
  });
  app.openapi(forecastExportRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ROLES, "the forecast");
    const q = c.req.valid("query");
    const f = await forecastPayments(deps, { asOf: q.asOf, scope: user, weeks: q.weeks });
    return download(c, forecastTables(f), {
      format: q.format,
      lang: q.lang,
      csvTable: q.table === "cash" ? 1 : 0,
      name: ["forecast", f.asOf, ...(q.format === "csv" && q.table === "cash" ? ["cash"] : [])],
    });
  });
  app.openapi(strategyExportRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ROLES, "the strategy evaluation");
    const q = c.req.valid("query");
    const r = await getStrategy(deps.database.db, user, {
      from: q.from as IsoDate,
      to: q.to as IsoDate,
      minUses: q.minUses,
    });
    return download(c, strategyTables(r, q.lang), {
      format: q.format,
      lang: q.lang,
      csvTable: q.table === "scripts" ? 1 : 0,
      name: ["strategy", q.from, q.to, ...(q.format === "csv" && q.table === "scripts" ? ["scripts"] : [])],
    });
  });
  return app;
}
