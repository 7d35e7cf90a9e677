// POST /api/imports: the import wizard's upload. The file is the raw request body (CSV or XLSX), checked by size
// while it streams to a temporary file and by its content (not the declared type), then handed to the same
// importFile use case the CLI calls: a dry run or a rejected file writes nothing; a real import is audited there.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import { AppError, isAppError, Message, type MessageText } from "../errors/app-error.ts";
import { localized, type MessageLanguage, messageLanguageOf } from "../errors/localize.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { IMPORT_KINDS } from "./import-fields.ts";
import { ImportRejected, importFile } from "./import-file.ts";
import { UnreadableWorkbook } from "./read-table.ts";

export const IMPORTS_PATH = "/api/imports";
/** Uploads stop here (app.ts keeps its 1 MB limit for every other route); bigger files go through the CLI. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const MAX_UPLOAD_TEXT = "50 MB";
/** Declared types a browser or a client sends for CSV and XLSX; the content still decides. */
const ACCEPTED_TYPES = new Set([
  "",
  "text/csv",
  "text/plain",
  "application/csv",
  "application/octet-stream",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]);
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });

const ImportSummaryBody = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    file: z.string(),
    format: z.string(),
    encoding: z.string(),
    rows: z.number(),
    inserted: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    customersCreated: z.number(),
    linkedChanged: z.number(),
    dryRun: z.boolean(),
    notes: z.array(z.string()),
    mapping: z.array(z.object({ field: z.string(), column: z.string() })),
    sha256: z.string(),
  })
  .openapi("ImportSummary");

const RowProblem = z.object({ row: z.number().nullable(), column: z.string().nullable(), message: z.string() });
const ImportRejectedBody = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.array(z.string()).optional() }),
    problems: z.array(RowProblem),
    total: z.number(),
  })
  .openapi("ImportRejected");

const importRoute = createRoute({
  method: "post",
  path: IMPORTS_PATH,
  summary: `Import a CSV or XLSX file (the raw request body, at most ${MAX_UPLOAD_TEXT}); dryRun=true checks it only`,
  request: {
    query: z.object({
      kind: z.enum(IMPORT_KINDS),
      dryRun: z.enum(["true", "false"]).default("false"),
      name: z.string().max(200).optional().openapi({ description: "the file's name, shown in messages" }),
    }),
    body: {
      content: {
        "text/csv": { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
      },
    },
  },
  responses: {
    200: { description: "Imported (or, on a dry run, what would be)", content: json(ImportSummaryBody) },
    400: {
      description: "Refused, nothing written: every problem, by row and column",
      content: json(ImportRejectedBody),
    },
    403: { description: "Imports are for managers and administrators", content: json(ErrorBody) },
    413: { description: `The file is larger than ${MAX_UPLOAD_TEXT}`, content: json(ErrorBody) },
    415: { description: "The file is neither CSV text nor an XLSX workbook", content: json(ErrorBody) },
  },
});

type Sniffed = "csv" | "xlsx" | null;

/** What the first bytes say: an XLSX workbook (a zip), CSV text, or something else (an image, a binary). */
export function sniffUpload(head: Uint8Array): Sniffed {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (utf16) return "csv";
  for (const b of head) {
    // Text has no NUL and no control characters but tab, line feed, form feed and carriage return (and ESC, rarely).
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return null;
    if (b === 0x7f) return null;
  }
  return "csv";
}

/** A file name safe to put in a temporary folder and in messages. */
function displayName(name: string | undefined, format: "csv" | "xlsx"): string {
  const base = path
    .basename(name ?? "upload")
    .replace(/\.(csv|txt|xlsx|xls)$/i, "")
    .replace(/[^\p{L}\p{N} ._-]/gu, "_")
    .slice(0, 100);
  return `${base || "upload"}.${format}`;
}

class TooLarge extends Error {}

/** Streams the body to `file`, refusing it as soon as it passes the limit; returns its first 64 KB. */
async function saveBody(body: ReadableStream<Uint8Array> | null, file: string): Promise<Buffer> {
  const out = await fs.promises.open(file, "w");
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  try {
    if (!body) return Buffer.alloc(0);
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_UPLOAD_BYTES) {
        await reader.cancel();
        throw new TooLarge();
      }
      if (headBytes < 65536) {
        head.push(Buffer.from(value.subarray(0, 65536 - headBytes)));
        headBytes += Math.min(value.length, 65536 - headBytes);
      }
      await out.write(value);
    }
    return Buffer.concat(head);
  } finally {
    await out.close();
  }
}

/** The template describeProblem writes a row's problem with (import-rows.ts). */
const ROW_PROBLEM = 'row {0}, column "{1}": {2}';

/** A problem as the API gives it, in `lang`: a row's problem in its parts, the problem itself translated. */
function problemJson(p: MessageText, lang: MessageLanguage): z.infer<typeof RowProblem> {
  if (p instanceof Message && p.key === ROW_PROBLEM) {
    const [row, column, problem] = p.params;
    return { row: Number(String(row)), column: String(column), message: localized(problem ?? "", lang) };
  }
  return parseProblem(localized(p, lang));
}

/** "row 17, column "DueDate": ..." -> its parts; a problem of the whole file has no row or column. */
export function parseProblem(text: string): z.infer<typeof RowProblem> {
  const m = /^row (\d+), column "(.*?)": ([\s\S]*)$/.exec(text);
  if (m) return { row: Number(m[1]), column: m[2] ?? null, message: m[3] ?? text };
  const r = /^row (\d+)[,:]? ([\s\S]*)$/.exec(text);
  if (r) return { row: Number(r[1]), column: null, message: r[2] ?? text };
  return { row: null, column: null, message: text };
}

const tooLarge = { error: { code: "invalid_input", message: `the file is larger than ${MAX_UPLOAD_TEXT}` } };

export function importRoutes(app: OpenAPIHono<AuthEnv>, deps: { database: Database; now: () => Date }): void {
  app.openapi(importRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["admin", "manager"], "importing files");
    const { kind, dryRun, name } = c.req.valid("query");
    const declared = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!ACCEPTED_TYPES.has(declared)) {
      const message = `a ${declared} upload cannot be imported: send a CSV file (text/csv) or an Excel workbook (.xlsx)`;
      return c.json({ error: { code: "invalid_input", message } }, 415);
    }
    const length = Number(c.req.header("content-length") ?? 0);
    if (length > MAX_UPLOAD_BYTES) return c.json(tooLarge, 413);

    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "huikuan-import-"));
    try {
      const received = path.join(dir, "received");
      let head: Buffer;
      try {
        head = await saveBody(c.req.raw.body, received);
      } catch (e) {
        if (e instanceof TooLarge) return c.json(tooLarge, 413);
        throw e;
      }
      if (head.length === 0) {
        const message = "the upload is empty: send the file as the request body";
        return c.json({ error: { code: "invalid_input", message }, problems: [parseProblem(message)], total: 1 }, 400);
      }
      const format = sniffUpload(head);
      if (!format) {
        const message = `${name ?? "the file"} is neither CSV text nor an Excel workbook (.xlsx): its content is binary (an image or another document?)`;
        return c.json({ error: { code: "invalid_input", message } }, 415);
      }
      const shown = displayName(name, format);
      const file = path.join(dir, shown);
      await fs.promises.rename(received, file);
      try {
        const summary = await importFile(deps, { kind, file, dryRun: dryRun === "true", actor: user.login });
        return c.json(summary, 200);
      } catch (e) {
        if (e instanceof ImportRejected) {
          const lang = messageLanguageOf(c.req.header("accept-language"));
          const error = { code: e.code, message: localized(e.summary, lang) };
          return c.json({ error, problems: e.words.map((p) => problemJson(p, lang)), total: e.total }, 400);
        }
        // Only a workbook exceljs cannot open is "unreadable"; a fault in reading its rows is a bug, not the file's.
        if (e instanceof UnreadableWorkbook) {
          const message = `${shown} could not be read as an Excel workbook (.xlsx): save it again from Excel, or as CSV`;
          return c.json({ error: { code: "invalid_input", message } }, 415);
        }
        // The readers name the file by its path: show the user's name, never the server's temporary folder.
        if (isAppError(e)) {
          const named = (t: string) => t.replaceAll(file, shown);
          const words = e.template
            ? new Message(
                named(e.template.text),
                e.template.key,
                e.template.params.map((p) => (typeof p === "string" ? named(p) : p)),
              )
            : named(e.message);
          throw new AppError(e.code, words, e.details);
        }
        throw e;
      }
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });
}
