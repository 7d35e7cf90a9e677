// The collector's side of the portal: a customer's links (list, make one by hand, revoke) and the installment
// proposals customers made through them (list, approve or decline).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { TEMPLATE_LANGUAGES } from "../messaging/messaging.schema.ts";
import { decideInstallmentProposal, listInstallmentProposals } from "./decide-installment-proposal.ts";
import { createPortalLink, listPortalLinks, revokePortalLink } from "./manage-portal-links.ts";
import { PROPOSAL_STATUSES } from "./portal.schema.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const idParam = z.object({ id: z.coerce.number().int().positive() });
const PortalLink = z
  .object({
    id: z.number(),
    customerId: z.number(),
    contactId: z.number().nullable(),
    contactName: z.string().nullable(),
    language: z.enum(TEMPLATE_LANGUAGES).nullable(),
    outboxMessageId: z.number().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    state: z.enum(["valid", "expired", "revoked"]),
    actions: z.number(),
  })
  .openapi("PortalLink");
const Proposal = z
  .object({
    id: z.number(),
    customerId: z.number(),
    customerCode: z.string(),
    customerName: z.string(),
    contactName: z.string().nullable(),
    currency: z.string(),
    total: z.string(),
    installments: z.array(z.object({ dueOn: z.string(), amount: z.string() })),
    note: z.string().nullable(),
    status: z.enum(PROPOSAL_STATUSES),
    createdAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .openapi("InstallmentProposal");
const errors = {
  400: { description: "Refused: what is wrong", content: json(ErrorBody) },
  403: { description: "Not open to this role", content: json(ErrorBody) },
  404: { description: "Not found in your portfolio", content: json(ErrorBody) },
};

const listLinks = createRoute({
  method: "get",
  path: "/api/customers/{id}/portal-links",
  summary: "A customer's portal links, newest first (state: valid, expired, revoked)",
  request: { params: idParam },
  responses: { 200: { description: "Links", content: json(z.array(PortalLink)) }, 404: errors[404] },
});
const createLink = createRoute({
  method: "post",
  path: "/api/customers/{id}/portal-links",
  summary: "Make a portal link for one of the customer's contacts; its URL is answered this once and never stored",
  request: {
    params: idParam,
    body: {
      content: json(
        z.object({ contactId: z.number().int().positive(), language: z.enum(TEMPLATE_LANGUAGES).optional() }).strict(),
      ),
      // Without it a request with no body skips validation and reaches the handler with {} (500, not 400).
      required: true,
    },
  },
  responses: {
    201: { description: "Made", content: json(z.object({ link: PortalLink, url: z.string() })) },
    ...errors,
    422: { description: "This contact may not see the debt", content: json(ErrorBody) },
  },
});
const revokeLink = createRoute({
  method: "post",
  path: "/api/portal-links/{id}/revoke",
  summary: "Revoke a portal link at once: it then shows the plain 'link no longer valid' page",
  request: { params: idParam },
  responses: { 200: { description: "Revoked", content: json(PortalLink) }, ...errors },
});
const listProposals = createRoute({
  method: "get",
  path: "/api/installment-proposals",
  summary: "Installment proposals made on the portal, in your portfolio, newest first",
  request: {
    query: z.object({
      customerId: z.coerce.number().int().positive().optional(),
      status: z.enum(PROPOSAL_STATUSES).optional(),
    }),
  },
  responses: { 200: { description: "Proposals", content: json(z.array(Proposal)) } },
});
const decideProposal = createRoute({
  method: "post",
  path: "/api/installment-proposals/{id}/decision",
  summary: "Approve or decline a proposal (approving is a decision to offer the terms; the plan is made as usual)",
  request: {
    params: idParam,
    body: {
      content: json(
        z
          .object({ decision: z.enum(["approved", "declined"]), note: z.string().max(2000).nullable().optional() })
          .strict(),
      ),
    },
  },
  responses: {
    200: { description: "Decided", content: json(Proposal) },
    ...errors,
    409: { description: "Already decided", content: json(ErrorBody) },
  },
});

export function portalLinkRoutes<T extends OpenAPIHono<AuthEnv>>(
  app: T,
  deps: { database: Database; now: () => Date },
): T {
  app.openapi(listLinks, async (c) =>
    c.json(await listPortalLinks(deps.database.db, c.get("user"), c.req.valid("param").id, deps.now()), 200),
  );
  app.openapi(createLink, async (c) =>
    c.json(await createPortalLink(deps, c.get("user"), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  app.openapi(revokeLink, async (c) =>
    c.json(await revokePortalLink(deps, c.get("user"), c.req.valid("param").id), 200),
  );
  app.openapi(listProposals, async (c) =>
    c.json(await listInstallmentProposals(deps.database.db, c.get("user"), c.req.valid("query")), 200),
  );
  app.openapi(decideProposal, async (c) =>
    c.json(await decideInstallmentProposal(deps, c.get("user"), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  return app;
}
