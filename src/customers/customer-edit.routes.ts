// PATCH /api/customers/{id}, PATCH /api/contacts/{id}: edits with the version read (If-Match or "version"); a stale
// one answers 409 with the current record. POST /api/customers/reassign: bulk assignment for managers and admins.

import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { errorJson } from "../errors/localize.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { ifMatchHeader, versionFrom } from "../http/versioned-edit.ts";
import { CHANNELS, CONTACT_ROLES, DEBTOR_TYPES } from "../ledger/ledger.schema.ts";
import { type Deps, reassignCustomers, StaleVersion, updateContact, updateCustomer } from "./update-customer.ts";

const idParam = z.object({ id: z.coerce.number().int().positive() });
const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const Record_ = z.record(z.string(), z.unknown());
const ifMatch = ifMatchHeader;
const refused = { description: "Refused: what is wrong, by field", content: json(ErrorBody) };
const stale = {
  description: "Changed meanwhile: the current record",
  content: json(z.object({ error: ErrorBody.shape.error, current: Record_ })),
};
const text = (max: number) => z.string().max(max);
const version = z.number().int().positive().optional().openapi({ description: "The version read (or If-Match)" });

const customerRoute = createRoute({
  method: "patch",
  path: "/api/customers/{id}",
  summary: "Change a customer's account, flags or notes; terms, credit limit and holds are for managers and admins",
  request: {
    params: idParam,
    headers: ifMatch,
    body: {
      content: json(
        z
          .object({
            version,
            name: text(200).optional(),
            creditLimit: z
              .string()
              .regex(/^\d{1,15}(\.\d{1,3})?$/, "expected a plain decimal such as 50000.00")
              .nullable()
              .optional(),
            creditCurrency: z.string().length(3).nullable().optional(),
            paymentTermsDays: z.number().int().optional(),
            creditRating: text(20).nullable().optional(),
            country: text(60).nullable().optional(),
            timeZone: text(60).nullable().optional(),
            debtorType: z.enum(DEBTOR_TYPES).optional(),
            creditHold: z.boolean().optional(),
            prepayOnly: z.boolean().optional(),
            legal: z.boolean().optional(),
            doNotContact: z.boolean().optional(),
            middleman: z.boolean().optional(),
            foreignTrade: z.boolean().optional(),
            notes: text(4000).nullable().optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "The customer as it is now (version and ETag)", content: json(Record_) },
    400: refused,
    403: refused,
    404: { description: "No such customer in your portfolio", content: json(ErrorBody) },
    409: stale,
    428: { description: "No version given", content: json(ErrorBody) },
  },
});
const contactRoute = createRoute({
  method: "patch",
  path: "/api/contacts/{id}",
  summary: "Change a contact's details or consent (opt-outs); consent changes are audited as such",
  request: {
    params: idParam,
    headers: ifMatch,
    body: {
      content: json(
        z
          .object({
            version,
            name: text(200).optional(),
            role: z.enum(CONTACT_ROLES).optional(),
            phones: z.array(text(30)).max(10).optional(),
            emails: z.array(text(254)).max(10).optional(),
            preferredChannel: z.enum(CHANNELS).nullable().optional(),
            timeZone: text(60).nullable().optional(),
            optOutCall: z.boolean().optional(),
            optOutSms: z.boolean().optional(),
            optOutEmail: z.boolean().optional(),
            consentNote: text(1000).nullable().optional(),
            notes: text(4000).nullable().optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "The contact as it is now", content: json(Record_) },
    400: refused,
    404: { description: "No such contact in your portfolio", content: json(ErrorBody) },
    409: stale,
    428: { description: "No version given", content: json(ErrorBody) },
  },
});
const reassignRoute = createRoute({
  method: "post",
  path: "/api/customers/reassign",
  summary: "Assign customers to a collector (null: to nobody), all or nothing; their open tasks follow",
  request: {
    body: {
      content: json(
        z
          .object({
            customerIds: z.array(z.number().int().positive()).min(1).max(10_000),
            collector: z.string().min(1).max(100).nullable(),
            note: text(1000).optional(),
          })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "How many moved", content: json(z.object({ moved: z.number(), unchanged: z.number() })) },
    400: refused,
    403: refused,
    404: { description: "A customer not in your portfolio", content: json(ErrorBody) },
  },
});

/** An edit's outcome as status and body: the record as it is now (200), or the current one when stale (409). */
async function edited(
  run: () => Promise<Record<string, unknown>>,
  acceptLanguage: string | undefined,
): Promise<
  | { status: 200; body: Record<string, unknown> }
  | { status: 409; body: { error: { code: string; message: string }; current: Record<string, unknown> } }
> {
  try {
    return { status: 200, body: await run() };
  } catch (e) {
    if (!(e instanceof StaleVersion)) throw e;
    return { status: 409, body: { error: errorJson(e, acceptLanguage), current: e.current } };
  }
}

export function customerEditRoutes(app: OpenAPIHono<AuthEnv>, deps: Deps): void {
  app.openapi(customerRoute, async (c) => {
    const { version: v, ...change } = c.req.valid("json");
    const version = versionFrom(c.req.valid("header")["if-match"], v);
    const r = await edited(
      () => updateCustomer(deps, c.get("user"), c.req.valid("param").id, { ...change, version }),
      c.req.header("accept-language"),
    );
    if (r.status === 409) return c.json(r.body, 409);
    c.header("ETag", `"${String(r.body.version)}"`);
    return c.json(r.body, 200);
  });
  app.openapi(contactRoute, async (c) => {
    const { version: v, ...change } = c.req.valid("json");
    const version = versionFrom(c.req.valid("header")["if-match"], v);
    const r = await edited(
      () => updateContact(deps, c.get("user"), c.req.valid("param").id, { ...change, version }),
      c.req.header("accept-language"),
    );
    if (r.status === 409) return c.json(r.body, 409);
    c.header("ETag", `"${String(r.body.version)}"`);
    return c.json(r.body, 200);
  });
  app.openapi(reassignRoute, async (c) => {
    const body = c.req.valid("json");
    return c.json(await reassignCustomers(deps, c.get("user"), body), 200);
  });
}
