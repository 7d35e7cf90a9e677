// /api/customers/{id}/documents/{kind}.pdf and /api/plans/{id}/agreement.pdf: printed documents for the customers
// in the user's portfolio (someone else's answers 404, like a missing one), each generation audited. POSTing for the
// statement produces it for sending: a portal link is made for the contact named and printed with its QR code (a
// change, so a POST with the CSRF check, not a GET).
// The paths end in ".pdf", which @hono/zod-openapi's {param} syntax cannot express, so each route is documented in
// the OpenAPI registry and served by a plain handler that validates with the same zod schemas.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { DOCUMENT_LANGS } from "./document-format.ts";
import { CUSTOMER_DOCUMENT_KINDS } from "./document-text.ts";
import { type RenderedDocument, renderDocument } from "./render-document.ts";

const customerParams = z.object({
  id: z.coerce.number().int().positive(),
  kind: z.enum(CUSTOMER_DOCUMENT_KINDS).openapi({
    description:
      "statement (对账单 with a balance-confirmation slip), reminder (催款函), final-demand, lawyer-letter (律师函 draft; only with legal action approved)",
  }),
});
const customerQuery = z.object({
  lang: z.enum(DOCUMENT_LANGS).optional().openapi({ description: "default: the customer's (Chinese in CN/HK/MO/TW)" }),
  asOf: isoDate.optional().openapi({ description: "default: today in the company's time zone" }),
});
const statementForSending = z
  .object({
    portalContactId: z.number().int().positive().openapi({ description: "the contact the link is made for" }),
    lang: z.enum(DOCUMENT_LANGS).optional(),
    asOf: isoDate.optional(),
  })
  .strict();
const planParams = z.object({ id: z.coerce.number().int().positive() });
const planQuery = z.object({ lang: z.enum(DOCUMENT_LANGS).optional() });

const pdf = { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } };
const json = { "application/json": { schema: ErrorBody } };

const customerDocumentRoute = createRoute({
  method: "get",
  path: "/api/customers/{id}/documents/{kind}.pdf",
  summary: "A customer's statement of account or letter as a PDF, in Chinese or English",
  request: { params: customerParams, query: customerQuery },
  responses: {
    200: { description: "The PDF", content: pdf },
    400: { description: "Bad kind, language or date", content: json },
    404: { description: "No such customer in your portfolio", content: json },
    422: {
      description:
        "Nothing to write about (no undisputed overdue invoice), or a lawyer's letter without legal action approved or for time-barred claims",
      content: json,
    },
  },
});
const statementForSendingRoute = createRoute({
  method: "post",
  path: "/api/customers/{id}/documents/statement.pdf",
  summary:
    "The statement for sending: a portal link is made for the contact (audited) and printed with a QR code and in full; X-Portal-Link-Id names it",
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: { content: { "application/json": { schema: statementForSending } }, required: true },
  },
  responses: {
    200: { description: "The PDF", content: pdf },
    400: { description: "Bad body, or the contact is not the customer's", content: json },
    403: { description: "Not open to this role (finance reads only)", content: json },
    404: { description: "No such customer in your portfolio", content: json },
    422: { description: "The contact may not see the debt (conduct rule 9)", content: json },
  },
});
const agreementRoute = createRoute({
  method: "get",
  path: "/api/plans/{id}/agreement.pdf",
  summary: "The repayment agreement (还款协议) of a payment plan, for both parties to sign",
  request: { params: planParams, query: planQuery },
  responses: {
    200: { description: "The PDF", content: pdf },
    404: { description: "No such plan in your portfolio", content: json },
    422: { description: "The plan was cancelled", content: json },
  },
});

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const details = r.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`);
    throw new AppError("invalid_input", details[0] ?? "invalid request", details);
  }
  return r.data;
}

function sendPdf(c: Context<AuthEnv>, doc: RenderedDocument): Response {
  return c.body(new Uint8Array(doc.pdf), 200, {
    "content-type": "application/pdf",
    "content-disposition": `inline; filename="${doc.filename}"`,
    "cache-control": "private, no-store",
  });
}

export function documentRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  app.openAPIRegistry.registerPath(customerDocumentRoute);
  app.openAPIRegistry.registerPath(agreementRoute);
  app.openAPIRegistry.registerPath(statementForSendingRoute);
  app.get("/api/customers/:id/documents/:file{[a-z-]+\\.pdf}", async (c) => {
    const { id, kind } = parsed(customerParams, {
      id: c.req.param("id"),
      kind: c.req.param("file").replace(/\.pdf$/, ""),
    });
    const { lang, asOf } = parsed(customerQuery, c.req.query());
    return sendPdf(c, await renderDocument(deps, c.get("user"), { kind, customer: { id }, lang, asOf }));
  });
  app.post("/api/customers/:id/documents/statement.pdf", async (c) => {
    const { id } = parsed(customerParams.pick({ id: true }), { id: c.req.param("id") });
    const body = parsed(statementForSending, await c.req.json().catch(() => null));
    const doc = await renderDocument(deps, c.get("user"), {
      kind: "statement",
      customer: { id },
      lang: body.lang,
      asOf: body.asOf,
      portalFor: { contactId: body.portalContactId },
    });
    const res = sendPdf(c, doc);
    if (doc.portalLink) res.headers.set("x-portal-link-id", String(doc.portalLink.id));
    return res;
  });
  app.get("/api/plans/:id/agreement.pdf", async (c) => {
    const { id } = parsed(planParams, { id: c.req.param("id") });
    const { lang } = parsed(planQuery, c.req.query());
    return sendPdf(c, await renderDocument(deps, c.get("user"), { kind: "agreement", planId: id, lang }));
  });
  return app;
}
