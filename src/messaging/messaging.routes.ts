// /api/templates (read: everyone signed in; write: managers and admins), preview with a customer's data, and
// /api/outbox (queue a message, the statement run, list messages) for the customers in the user's portfolio.

import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { contentDisposition } from "../attachments/attachment.rules.ts";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import { CAUSES, TONES } from "../collection/collection.enums.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { errorJson } from "../errors/localize.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { ifMatchHeader, versionFrom } from "../http/versioned-edit.ts";
import { enqueueMessage } from "./enqueue-message.ts";
import { getOutboxAttachment, getOutboxEml, getOutboxMessage, listOutbox } from "./list-outbox.ts";
import { MESSAGE_CHANNELS, OUTBOX_STATUSES, TEMPLATE_LANGUAGES } from "./messaging.schema.ts";
import { previewTemplate } from "./preview-template.ts";
import { createTemplate, updateTemplate } from "./save-template.ts";
import { sendStatements } from "./send-statements.ts";
import { findTemplateOrThrow, listTemplates, templateJson } from "./template.repository.ts";
import { TEMPLATE_VARIABLE_NAMES, TEMPLATE_VARIABLES, type TemplateVariable } from "./template.rules.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const idParam = z.object({ id: z.coerce.number().int().positive() });
const Template = z.record(z.string(), z.unknown()).openapi("MessageTemplate");
const refused = { description: "Refused: every problem with its field and span", content: json(ErrorBody) };
const notFound = { description: "No such template or customer", content: json(ErrorBody) };
const forbidden = { description: "Not open to your role", content: json(ErrorBody) };
const nullableText = (max: number) => z.string().max(max).nullable().optional();
const vars = z
  .record(z.string(), z.string().max(2000))
  .refine((v) => Object.keys(v).every((k) => (TEMPLATE_VARIABLE_NAMES as string[]).includes(k)), {
    message: `only these variables: ${TEMPLATE_VARIABLE_NAMES.join(", ")}`,
  })
  .optional();
const ifMatch = ifMatchHeader;
const templateFields = {
  step: nullableText(100),
  cause: z.enum(CAUSES).nullable().optional(),
  tone: z.enum(TONES).nullable().optional(),
  subject: nullableText(500),
  checkReason: nullableText(1000),
  active: z.boolean().optional(),
};

const variablesRoute = createRoute({
  method: "get",
  path: "/api/templates/variables",
  summary: "The variables templates may use, with what each becomes",
  responses: {
    200: { description: "Variables", content: json(z.array(z.object({ name: z.string(), description: z.string() }))) },
  },
});
const listRoute = createRoute({
  method: "get",
  path: "/api/templates",
  summary: "Message templates, by key, channel and language",
  request: {
    query: z.object({
      channel: z.enum(MESSAGE_CHANNELS).optional(),
      language: z.enum(TEMPLATE_LANGUAGES).optional(),
      active: z.enum(["true", "false"]).optional(),
      key: z.string().max(100).optional(),
    }),
  },
  responses: { 200: { description: "Templates", content: json(z.array(Template)) } },
});
const oneRoute = createRoute({
  method: "get",
  path: "/api/templates/{id}",
  summary: "One template and its version (also in the ETag header)",
  request: { params: idParam },
  responses: { 200: { description: "The template", content: json(Template) }, 404: notFound },
});
const createTemplateRoute = createRoute({
  method: "post",
  path: "/api/templates",
  summary:
    "Add a template (managers, admins). Refused with the span when a variable is unknown (400) or the language check blocks or warns without checkReason (422)",
  request: {
    body: {
      content: json(
        z
          .object({
            key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, "expected a key such as reminder.friendly"),
            channel: z.enum(MESSAGE_CHANNELS),
            language: z.enum(TEMPLATE_LANGUAGES),
            name: z.string().trim().min(1).max(200),
            body: z.string().max(20_000),
            ...templateFields,
          })
          .strict(),
      ),
      // Without it a request with no body skips validation and reaches the handler with {} (500, not 400).
      required: true,
    },
  },
  responses: {
    201: { description: "Added", content: json(Template) },
    400: refused,
    403: forbidden,
    409: { description: "That key, channel and language exist already", content: json(ErrorBody) },
    422: refused,
  },
});
const patchRoute = createRoute({
  method: "patch",
  path: "/api/templates/{id}",
  summary: "Change a template (managers, admins); If-Match or version: the version you read (409 when stale)",
  request: {
    params: idParam,
    headers: ifMatch,
    body: {
      content: json(
        z
          .object({
            version: z.number().int().positive().optional(),
            name: z.string().trim().min(1).max(200).optional(),
            body: z.string().max(20_000).optional(),
            ...templateFields,
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "Changed", content: json(Template) },
    400: refused,
    403: forbidden,
    404: notFound,
    409: {
      description: "Changed meanwhile: the current state",
      content: json(z.object({ error: ErrorBody.shape.error, current: Template })),
    },
    422: refused,
  },
});
const previewRoute = createRoute({
  method: "post",
  path: "/api/templates/{id}/preview",
  summary: "The template rendered with a customer's data, and the language check of the result",
  request: {
    params: idParam,
    body: {
      content: json(
        z
          .object({
            customerId: z.number().int().positive(),
            contactId: z.number().int().positive().optional(),
            vars,
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "The preview", content: json(z.record(z.string(), z.unknown()).openapi("TemplatePreview")) },
    404: notFound,
  },
});
const enqueueRoute = createRoute({
  method: "post",
  path: "/api/outbox",
  summary:
    "Queue a message from a template to a customer's contact; the gate decides at send time. Refused (422) when opted out, not authorised, or the language check blocks (or warns without overrideReason)",
  request: {
    body: {
      content: json(
        z
          .object({
            customerId: z.number().int().positive(),
            contactId: z.number().int().positive(),
            templateId: z.number().int().positive(),
            address: z.string().max(320).optional(),
            vars,
            overrideReason: z.string().max(1000).optional(),
            notBefore: z.iso.datetime({ offset: true }).optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: {
      description: "Queued (or the message this Idempotency-Key queued before)",
      content: json(z.object({ id: z.number(), duplicate: z.boolean(), verdict: z.enum(["allow", "warn"]) })),
    },
    403: forbidden,
    404: notFound,
    422: refused,
  },
});
const statementsRoute = createRoute({
  method: "post",
  path: "/api/outbox/statements",
  summary:
    "The statement run: each customer's statement of account as of a date (default today), as a PDF attached to the statement.cover e-mail to its finance contact. Without customerIds, every customer of yours with something overdue. Once per customer and date (again: nothing new); customers that cannot be sent to are listed with the reason",
  request: {
    body: {
      content: json(
        z
          .object({
            customerIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
            asOf: isoDate.optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    201: {
      description: "What was queued, what had been queued before, and who was refused and why",
      content: json(
        z.object({
          asOf: z.string(),
          customers: z.number(),
          queued: z.number(),
          alreadyQueued: z.number(),
          messageIds: z.array(z.number()),
          refused: z.array(
            z.object({
              customerId: z.number(),
              customerCode: z.string().nullable(),
              code: z.string(),
              reason: z.string().openapi({
                description:
                  "not_found, no_recipient, do_not_contact, opted_out, recipient_role, no_address, nothing_overdue, language_check, reminders_paused, no_template, template_inactive",
              }),
              message: z.string(),
            }),
          ),
        }),
      ),
    },
    400: { description: "A date that is not one, or in the future", content: json(ErrorBody) },
    403: forbidden,
  },
});
const messageParams = z.object({ id: z.coerce.number().int().positive() });
const binary = (type: string) => ({ [type]: { schema: z.string().openapi({ format: "binary" }) } });
const outboxMessageRoute = createRoute({
  method: "get",
  path: "/api/outbox/{id}",
  summary:
    "One message of your customers: what it says, its status, the files it carries, and whether its .eml (demo mode) is there",
  request: { params: messageParams },
  responses: {
    200: { description: "The message", content: json(z.record(z.string(), z.unknown()).openapi("OutboxMessage")) },
    404: { description: "No such message among your customers'", content: json(ErrorBody) },
  },
});
const outboxFileRoute = createRoute({
  method: "get",
  path: "/api/outbox/{id}/attachments/{attachmentId}",
  summary: "A file a message carries (the statement PDF), as it was sent",
  request: {
    params: z.object({ id: z.coerce.number().int().positive(), attachmentId: z.coerce.number().int().positive() }),
  },
  responses: {
    200: { description: "The file", content: binary("application/octet-stream") },
    404: { description: "No such file on a message of your customers", content: json(ErrorBody) },
  },
});
const outboxEmlRoute = createRoute({
  method: "get",
  path: "/api/outbox/{id}/message.eml",
  summary: "Demo mode (no SMTP set): the e-mail as it went out, headers and attachments included",
  request: { params: messageParams },
  responses: {
    200: { description: "The RFC 822 message", content: binary("message/rfc822") },
    404: { description: "Not sent yet, not sent in demo mode, or not among your customers'", content: json(ErrorBody) },
  },
});
const outboxRoute = createRoute({
  method: "get",
  path: "/api/outbox",
  summary: "Messages in the outbox for your customers, newest first",
  request: {
    query: z.object({
      status: z.enum(OUTBOX_STATUSES).optional(),
      customerId: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  },
  responses: {
    200: {
      description: "Messages",
      content: json(z.array(z.record(z.string(), z.unknown()).openapi("OutboxMessage"))),
    },
  },
});

export function messagingRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  const db = deps.database.db;
  app.openapi(variablesRoute, (c) =>
    c.json(
      TEMPLATE_VARIABLE_NAMES.map((name: TemplateVariable) => ({ name, description: TEMPLATE_VARIABLES[name] })),
      200,
    ),
  );
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const active = q.active === undefined ? undefined : q.active === "true";
    return c.json((await listTemplates(db, { ...q, active })).map(templateJson), 200);
  });
  app.openapi(oneRoute, async (c) => {
    const t = await findTemplateOrThrow(db, c.req.valid("param").id);
    c.header("ETag", `"${t.version}"`);
    return c.json(templateJson(t), 200);
  });
  app.openapi(createTemplateRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["admin", "manager"], "changing templates");
    const t = await createTemplate(deps, c.req.valid("json"), user.login);
    c.header("ETag", `"${t.version}"`);
    return c.json(templateJson(t), 201);
  });
  app.openapi(patchRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    requireRole(user, ["admin", "manager"], "changing templates");
    const { version: bodyVersion, ...change } = c.req.valid("json");
    const version = versionFrom(c.req.valid("header")["if-match"], bodyVersion);
    try {
      const t = await updateTemplate(deps, id, version, change, user.login);
      c.header("ETag", `"${t.version}"`);
      return c.json(templateJson(t), 200);
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict") {
        const current = await templateJson(await findTemplateOrThrow(db, id));
        if (current) return c.json({ error: errorJson(e, c.req.header("accept-language")), current }, 409);
      }
      throw e;
    }
  });
  app.openapi(previewRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    await visibleCustomerOrThrow(db, c.get("user"), body.customerId);
    return c.json(await previewTemplate(db, { templateId: id, ...body, now: deps.now() }), 200);
  });
  app.openapi(enqueueRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "collector"], "sending messages");
    const body = c.req.valid("json");
    await visibleCustomerOrThrow(db, user, body.customerId);
    const result = await deps.database.transaction(({ db: tx }) =>
      enqueueMessage(tx, {
        customerId: body.customerId,
        contactId: body.contactId,
        template: body.templateId,
        address: body.address,
        vars: body.vars,
        overrideReason: body.overrideReason,
        notBefore: body.notBefore ? new Date(body.notBefore) : null,
        automated: false,
        now: deps.now(),
        actor: user.login,
      }),
    );
    return c.json(result, 201);
  });
  app.openapi(statementsRoute, async (c) => {
    const body = c.req.valid("json");
    return c.json(await sendStatements(deps, c.get("user"), body), 201);
  });
  app.openapi(outboxMessageRoute, async (c) => {
    return c.json(await getOutboxMessage(db, c.get("user"), c.req.valid("param").id), 200);
  });
  app.openapi(outboxFileRoute, async (c) => {
    const { id, attachmentId } = c.req.valid("param");
    const file = await getOutboxAttachment(db, c.get("user"), id, attachmentId);
    return c.body(new Uint8Array(file.content), 200, {
      "content-type": file.mediaType,
      "content-disposition": contentDisposition(file.fileName, false),
      "cache-control": "private, no-store",
    });
  });
  app.openapi(outboxEmlRoute, async (c) => {
    const { id } = c.req.valid("param");
    const eml = await getOutboxEml(db, c.get("user"), id);
    return c.body(new Uint8Array(eml), 200, {
      "content-type": "message/rfc822",
      "content-disposition": contentDisposition(`outbox-${id}.eml`, false),
      "cache-control": "private, no-store",
    });
  });
  app.openapi(outboxRoute, async (c) => {
    const q = c.req.valid("query");
    return c.json(await listOutbox(db, { ...q, user: c.get("user") }), 200);
  });
  return app;
}
