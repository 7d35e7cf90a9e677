// /api/disputes/{id}/attachments, /api/plans/{id}/attachments, /api/statement-confirmations/{id}/attachments:
// upload (multipart/form-data, field "file") and list; /api/attachments/{id}: download and remove. Thin: the size
// is checked here before the body is read (413), everything else in the use cases.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { getSetting } from "../settings/settings.ts";
import { addAttachment } from "./add-attachment.ts";
import { ATTACHMENT_HARD_MAX_BYTES, contentDisposition, fileProblem, formatBytes } from "./attachment.rules.ts";
import { ATTACHMENT_PURPOSES, type AttachmentOwnerType } from "./attachments.schema.ts";
import { getAttachmentContent, listAttachments } from "./list-attachments.ts";
import { removeAttachment } from "./remove-attachment.ts";

/** URL segment -> owner type. */
const OWNER_PATHS: Record<string, AttachmentOwnerType> = {
  disputes: "dispute",
  plans: "plan",
  "statement-confirmations": "statement_confirmation",
};
const UPLOAD_PATH = new RegExp(`^/api/(${Object.keys(OWNER_PATHS).join("|")})/\\d+/attachments$`);
/** Room for the multipart framing around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** The upload routes take bodies beyond app.ts' 1 MB (up to the hard cap; the setting is checked per request). */
export const isAttachmentUpload = (method: string, path: string) => method === "POST" && UPLOAD_PATH.test(path);

const tooLarge = (message: string) => ({ error: { code: "invalid_input", message, details: [message] } });

export const attachmentBodyLimit: MiddlewareHandler = bodyLimit({
  maxSize: ATTACHMENT_HARD_MAX_BYTES + MULTIPART_OVERHEAD,
  onError: (c) => c.json(tooLarge(`file: larger than ${formatBytes(ATTACHMENT_HARD_MAX_BYTES)}`), 413),
});

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const Attachment = z
  .object({
    id: z.number(),
    ownerType: z.string(),
    ownerId: z.number(),
    customerId: z.number(),
    purpose: z.enum(ATTACHMENT_PURPOSES),
    fileName: z.string(),
    mediaType: z.string(),
    size: z.number(),
    sha256: z.string(),
    uploadedBy: z.string(),
    uploadedById: z.number(),
    uploadedAt: z.string(),
    removedAt: z.string().nullable(),
    removedBy: z.string().nullable(),
  })
  .openapi("Attachment");
const idParam = z.object({ id: z.coerce.number().int().positive() });
const notFound = { description: "No such object (or attachment) in your portfolio", content: json(ErrorBody) };
const refused = { description: "Refused, nothing written: what is wrong, by field", content: json(ErrorBody) };

function ownerRoutes(path: string, type: AttachmentOwnerType) {
  const upload = createRoute({
    method: "post",
    path: `/api/${path}/{id}/attachments`,
    summary: `Attach a file (PDF, JPEG, PNG, WEBP, HEIC; 10 MB by default, the "attachments" setting) to a ${type.replace("_", " ")}${type === "plan" ? "; the signed agreement (the default purpose) marks the plan signed" : ""}`,
    request: {
      params: idParam,
      body: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: z.object({
              file: z.any().openapi({ type: "string", format: "binary" }),
              purpose: z.enum(ATTACHMENT_PURPOSES).optional(),
            }),
          },
        },
      },
    },
    responses: {
      201: { description: "Stored", content: json(Attachment) },
      400: refused,
      404: notFound,
      413: { description: "The file is larger than allowed", content: json(ErrorBody) },
    },
  });
  const list = createRoute({
    method: "get",
    path: `/api/${path}/{id}/attachments`,
    summary: `The files attached to a ${type.replace("_", " ")}, oldest first`,
    request: { params: idParam },
    responses: { 200: { description: "Attachments", content: json(z.array(Attachment)) }, 404: notFound },
  });
  return { upload, list };
}

const downloadRoute = createRoute({
  method: "get",
  path: "/api/attachments/{id}",
  summary: "Download a file as uploaded (Content-Disposition: attachment with its original name)",
  request: { params: idParam },
  responses: {
    200: {
      description: "The file",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: notFound,
  },
});
const removeRoute = createRoute({
  method: "delete",
  path: "/api/attachments/{id}",
  summary: "Remove a file (its uploader, a manager or an administrator); audited, the record stays, the bytes go",
  request: { params: idParam, query: z.object({ reason: z.string().max(500).optional() }) },
  responses: {
    200: { description: "Removed", content: json(Attachment) },
    403: { description: "Neither its uploader nor a manager", content: json(ErrorBody) },
    404: notFound,
  },
});

export function attachmentRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  const db = deps.database.db;
  for (const [path, type] of Object.entries(OWNER_PATHS)) {
    const { upload, list } = ownerRoutes(path, type);
    app.openapi(upload, async (c) => {
      const { id } = c.req.valid("param");
      const { maxBytes } = await getSetting(db, "attachments");
      const declared = Number(c.req.header("content-length") ?? "0");
      if (declared > maxBytes + MULTIPART_OVERHEAD) {
        return c.json(tooLarge(`file: the upload is larger than the ${formatBytes(maxBytes)} allowed`), 413);
      }
      const form = c.req.valid("form");
      const file = form.file as unknown;
      if (!(file instanceof File)) {
        return c.json(tooLarge('file: send the file as multipart/form-data in the field "file"'), 400);
      }
      const problem = fileProblem(file.size, maxBytes);
      if (problem?.status === 413) return c.json(tooLarge(problem.message), 413);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const a = await addAttachment(deps, c.get("user"), {
        owner: { type, id },
        fileName: file.name,
        bytes,
        purpose: form.purpose,
      });
      return c.json(a, 201);
    });
    app.openapi(list, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(await listAttachments(db, c.get("user"), { type, id }), 200);
    });
  }
  app.openapi(downloadRoute, async (c) => {
    const a = await getAttachmentContent(db, c.get("user"), c.req.valid("param").id);
    // nosniff: the browser keeps to the type we sniffed; attachment: never rendered in our origin.
    return c.body(new Uint8Array(a.content), 200, {
      "Content-Type": a.mediaType,
      "Content-Length": String(a.content.length),
      "Content-Disposition": contentDisposition(a.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      ETag: `"${a.sha256}"`,
    }) as never;
  });
  app.openapi(removeRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await removeAttachment(deps, c.get("user"), id, c.req.valid("query").reason), 200);
  });
  return app;
}
