// The debtor portal, reached without a session through a link's token: the page (GET), the statement PDF, and the
// four forms (POST, each with the link's form token against cross-site posting). A link that does not open answers
// the same plain 404 page whatever is wrong with it. Thin: parse the form, call the use case, render.

import { randomBytes } from "node:crypto";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Database } from "../db/database.ts";
import { renderDocument } from "../documents/render-document.ts";
import { AppError, HTTP_STATUS, isAppError, msg } from "../errors/app-error.ts";
import { localized } from "../errors/localize.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { getServerSecret, safeEqual } from "../messaging/unsubscribe-token.ts";
import { getSetting } from "../settings/settings.ts";
import { DISPUTE_CATEGORIES } from "../workspace/workspace.schema.ts";
import { getPortalView } from "./get-portal-view.ts";
import { portalLanguage } from "./portal.rules.ts";
import { PORTAL_ACTIONS, type PortalAction } from "./portal.schema.ts";
import {
  portalActor,
  portalConfirmBalance,
  portalDispute,
  portalPromise,
  portalProposeInstallments,
} from "./portal-actions.ts";
import { openPortalLinkOrThrow, portalFormToken, portalUrl } from "./portal-link.ts";
import { notValidPage, portalHeaders, portalPage } from "./portal-page.ts";

type Deps = { database: Database; now: () => Date; env?: NodeJS.ProcessEnv };

const tokenParam = z.object({ token: z.string().min(1).max(200) });
const html = { "text/html": { schema: z.string() } };
const pageResponses = {
  200: { description: "The page", content: html },
  404: { description: "Link not valid (unknown, altered, expired or revoked: one answer)", content: html },
};
const formResponses = {
  303: { description: "Done: back to the page, which says so" },
  400: { description: "The form was not right: the page again, saying what", content: html },
  403: { description: "The form token does not match the link", content: html },
  404: { description: "Link not valid", content: html },
  429: { description: "Too many actions through this link this hour", content: html },
};

const pageRoute = createRoute({
  method: "get",
  path: "/api/portal/{token}",
  summary: "The debtor portal page of a link: open invoices, statement, and the forms (no login)",
  request: {
    params: tokenParam,
    query: z.object({ lang: z.enum(["zh-CN", "en"]).optional(), done: z.enum(PORTAL_ACTIONS).optional() }),
  },
  responses: pageResponses,
});
const statementRoute = createRoute({
  method: "get",
  path: "/api/portal/{token}/statement.pdf",
  summary: "The statement of account of the link's customer as of today (PDF)",
  request: { params: tokenParam, query: z.object({ lang: z.enum(["zh-CN", "en"]).optional() }) },
  responses: {
    200: { description: "PDF", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    404: { description: "Link not valid", content: html },
  },
});
const formRoute = (action: string, summary: string) =>
  createRoute({
    method: "post",
    path: `/api/portal/{token}/${action}`,
    summary,
    request: { params: tokenParam },
    responses: formResponses,
  });

const text = (max: number) => z.string().trim().max(max);
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || null);
const FORMS = {
  confirm: z.object({ currency: text(3).min(3), signed_by: text(100).min(1) }),
  dispute: z.object({
    invoice_id: z.coerce.number().int().positive(),
    category: z.enum(DISPUTE_CATEGORIES),
    reason: text(2000).min(1),
    amount: optional(30),
  }),
  promise: z.object({ currency: text(3).min(3), date: text(10), amount: optional(30) }),
  installments: z.object({
    currency: text(3).min(3),
    count: z.coerce.number().int(),
    first_on: text(10),
    every_days: z.coerce.number().int(),
    note: optional(1000),
  }),
};

export function portalRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: Deps): T {
  const nonce = () => randomBytes(12).toString("base64");

  const notValid = (c: Context) => {
    const n = nonce();
    return c.html(notValidPage(n), 404, portalHeaders(n));
  };

  const langOf = (c: Context, linkLanguage: "zh-CN" | "en" | null, chosen?: string | null) =>
    portalLanguage(chosen ?? c.req.query("lang"), linkLanguage, c.req.header("accept-language"));

  async function showPage(
    c: Context,
    token: string,
    status: 200 | 400 | 403 | 422 | 429,
    extra: { done?: PortalAction | null; error?: string | AppError | null; lang?: string | null } = {},
  ) {
    const view = await getPortalView(deps, token);
    const secret = await getServerSecret(deps.database.db, deps.now(), deps.env);
    const n = nonce();
    const lang = langOf(c, view.link.language, extra.lang);
    const body = portalPage(view, {
      token,
      lang,
      nonce: n,
      formToken: portalFormToken(secret, view.link.id),
      done: extra.done ?? null,
      // A refusal in the page's language where its words are translated.
      error:
        extra.error instanceof AppError
          ? localized(extra.error.template ?? extra.error.message, lang === "en" ? "en" : "zh-CN")
          : (extra.error ?? null),
    });
    return c.html(body, status, portalHeaders(n));
  }

  app.openapi(pageRoute, async (c) => {
    const { token } = c.req.valid("param");
    const { done } = c.req.valid("query");
    try {
      return await showPage(c, token, 200, { done: done ?? null });
    } catch (e) {
      if (isAppError(e) && e.code === "not_found") return notValid(c);
      throw e;
    }
  });

  app.openapi(statementRoute, async (c) => {
    const { token } = c.req.valid("param");
    try {
      const link = await openPortalLinkOrThrow(deps.database.db, token, deps.now());
      const lang = langOf(c, link.language) === "en" ? "en" : "zh";
      const reader = {
        id: 0,
        login: portalActor(link.id),
        name: portalActor(link.id),
        role: "admin" as const,
        team: null,
      };
      // The statement downloaded from the portal carries the link it came through: forwarded or printed, it leads
      // back to the same page (and stops working with the link).
      const { publicUrl } = await getSetting(deps.database.db, "messaging");
      const doc = await renderDocument(deps, reader, {
        kind: "statement",
        customer: { id: link.customerId },
        lang,
        portalLink: { url: portalUrl(publicUrl, token), expiresAt: link.expiresAt },
      });
      return c.body(new Uint8Array(doc.pdf), 200, {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${doc.filename}"`,
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
      });
    } catch (e) {
      if (isAppError(e) && e.code === "not_found") return notValid(c);
      throw e;
    }
  });

  /** Parses the form, checks its token against the link, runs the action; errors come back on the page. */
  async function handleForm<K extends keyof typeof FORMS>(
    c: Context,
    form: K,
    kind: PortalAction,
    run: (token: string, fields: z.infer<(typeof FORMS)[K]>, raw: Record<string, unknown>) => Promise<unknown>,
  ) {
    const token = c.req.param("token") ?? "";
    let lang: string | null = null;
    try {
      const link = await openPortalLinkOrThrow(deps.database.db, token, deps.now());
      const raw = (await c.req.parseBody()) as Record<string, unknown>;
      lang = typeof raw.lang === "string" ? raw.lang : null;
      const secret = await getServerSecret(deps.database.db, deps.now(), deps.env);
      const given = typeof raw.form_token === "string" ? raw.form_token : "";
      if (!safeEqual(given, portalFormToken(secret, link.id))) {
        return await showPage(c, token, 403, {
          error: new AppError("forbidden", msg`the form has expired: please try again`),
          lang,
        });
      }
      const parsed = FORMS[form].safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError("invalid_input", msg`${issue?.path.join(".") ?? "form"}: ${issue?.message ?? "not valid"}`);
      }
      await run(token, parsed.data as z.infer<(typeof FORMS)[K]>, raw);
      return c.redirect(`/api/portal/${token}?lang=${langOf(c, link.language, lang)}&done=${kind}`, 303);
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (e.code === "not_found") return notValid(c);
      const status = HTTP_STATUS[e.code];
      if (status !== 400 && status !== 422 && status !== 429 && status !== 403) throw e;
      try {
        return await showPage(c, token, status, { error: e, lang });
      } catch (again) {
        if (isAppError(again) && again.code === "not_found") return notValid(c);
        throw again;
      }
    }
  }

  app.openapi(formRoute("confirm", "Confirm the open balance in one currency (a statement confirmation)"), (c) =>
    handleForm(c, "confirm", "confirm_balance", (token, f) =>
      portalConfirmBalance(deps, token, { currency: f.currency, signedBy: f.signed_by }),
    ),
  );
  app.openapi(formRoute("dispute", "Dispute an open invoice with a reason and an optional file (multipart)"), (c) =>
    handleForm(c, "dispute", "dispute", async (token, f, raw) => {
      const file = raw.file;
      const upload =
        file instanceof File && file.size > 0
          ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
          : null;
      return portalDispute(deps, token, {
        invoiceId: f.invoice_id,
        category: f.category,
        reason: f.reason,
        amount: f.amount,
        file: upload,
      });
    }),
  );
  app.openapi(formRoute("promise", "Promise to pay by a date"), (c) =>
    handleForm(c, "promise", "promise", (token, f) =>
      portalPromise(deps, token, { currency: f.currency, date: f.date, amount: f.amount }),
    ),
  );
  app.openapi(formRoute("installments", "Propose installments (for a collector to approve or decline)"), (c) =>
    handleForm(c, "installments", "installment_proposal", (token, f) =>
      portalProposeInstallments(deps, token, {
        currency: f.currency,
        count: f.count,
        firstOn: f.first_on,
        everyDays: f.every_days,
        note: f.note,
      }),
    ),
  );
  return app;
}
