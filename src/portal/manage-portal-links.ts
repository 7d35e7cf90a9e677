// What collectors and managers do with portal links from the customer page: list them, make one by hand (to give
// out by phone or paste into a chat) and revoke one. Revoking is at once: the next request through it gets the
// plain "no longer valid" page. Each change is audited in its transaction.
import { sql } from "drizzle-orm";
import { appendAudit } from "../audit/append-audit.ts";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import type { Database, Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError, msg, term } from "../errors/app-error.ts";
import type { TemplateLanguage } from "../messaging/messaging.schema.ts";
import { getSetting } from "../settings/settings.ts";
import { type LinkState, linkState } from "./portal.rules.ts";
import { createPortalLinks, portalUrl } from "./portal-link.ts";

type Deps = { database: Database; now: () => Date };

export type PortalLinkView = {
  id: number;
  customerId: number;
  contactId: number | null;
  contactName: string | null;
  language: TemplateLanguage | null;
  outboxMessageId: number | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastSeenAt: string | null;
  state: LinkState;
  actions: number;
};

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** A customer's links, newest first (at most 200). */
export async function listPortalLinks(
  db: Db,
  user: AuthUser,
  customerId: number,
  now: Date,
): Promise<PortalLinkView[]> {
  await visibleCustomerOrThrow(db, user, customerId);
  const rows = await queryRows<{
    id: string;
    contact_id: string | null;
    contact_name: string | null;
    language: TemplateLanguage | null;
    outbox_message_id: string | null;
    created_by: string;
    created_at: string | Date;
    expires_at: string | Date;
    revoked_at: string | Date | null;
    revoked_by: string | null;
    last_seen_at: string | Date | null;
    actions: number;
  }>(
    db,
    sql`select l.id, l.contact_id, k.name as contact_name, l.language, l.outbox_message_id, l.created_by, l.created_at,
          l.expires_at, l.revoked_at, l.revoked_by, l.last_seen_at,
          (select count(*)::int from portal_actions a where a.link_id = l.id) as actions
        from portal_links l left join contacts k on k.id = l.contact_id
        where l.customer_id = ${customerId} order by l.created_at desc, l.id desc limit 200`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    customerId,
    contactId: r.contact_id === null ? null : Number(r.contact_id),
    contactName: r.contact_name,
    language: r.language,
    outboxMessageId: r.outbox_message_id === null ? null : Number(r.outbox_message_id),
    createdBy: r.created_by,
    createdAt: iso(r.created_at) as string,
    expiresAt: iso(r.expires_at) as string,
    revokedAt: iso(r.revoked_at),
    revokedBy: r.revoked_by,
    lastSeenAt: iso(r.last_seen_at),
    state: linkState(
      { expiresAt: new Date(r.expires_at), revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at) },
      now,
    ),
    actions: Number(r.actions),
  }));
}

/** Refuses a contact who is not the customer's, or who may not see the debt the portal shows (conduct rule 9). */
export async function portalContactOrThrow(db: Db, customerId: number, contactId: number): Promise<void> {
  const [contact] = await queryRows<{ role: string }>(
    db,
    sql`select role from contacts where id = ${contactId} and customer_id = ${customerId}`,
  );
  if (!contact) throw new AppError("invalid_input", msg`contactId: contact ${contactId} is not this customer's`);
  if (!["owner", "finance", "purchasing", "guarantor", "lawyer"].includes(contact.role)) {
    throw new AppError(
      "unprocessable",
      msg`contactId: the portal shows the debt, which only the owner, finance or purchasing contacts may see (this contact's role is "${term(contact.role)}")`,
    );
  }
}

/** A link made by hand for one of the customer's contacts; the URL is answered once and never stored. */
export async function createPortalLink(
  deps: Deps,
  user: AuthUser,
  customerId: number,
  input: { contactId: number; language?: TemplateLanguage | null },
): Promise<{ link: PortalLinkView; url: string }> {
  requireRole(user, ["admin", "manager", "collector"], "making portal links");
  const now = deps.now();
  const { id, url } = await deps.database.transaction(async ({ db }) => {
    await visibleCustomerOrThrow(db, user, customerId);
    await portalContactOrThrow(db, customerId, input.contactId);
    const [made] = await createPortalLinks(db, { now, actor: user.login }, [
      { customerId, contactId: input.contactId, language: input.language ?? null },
    ]);
    if (!made) throw new AppError("internal", msg`no portal link was made`);
    const { publicUrl } = await getSetting(db, "messaging");
    await appendAudit(db, {
      at: now,
      actor: user.login,
      action: "portal.link_created",
      objectType: "portal_link",
      objectId: String(made.id),
      customerId,
      after: { contactId: input.contactId, expiresAt: made.expiresAt.toISOString() },
    });
    return { id: made.id, url: portalUrl(publicUrl, made.token) };
  });
  const link = (await listPortalLinks(deps.database.db, user, customerId, now)).find((l) => l.id === id);
  return { link: link as PortalLinkView, url };
}

/** Revokes a link of a customer the user sees; revoking one already revoked changes nothing. */
export async function revokePortalLink(deps: Deps, user: AuthUser, linkId: number): Promise<PortalLinkView> {
  requireRole(user, ["admin", "manager", "collector"], "revoking portal links");
  const now = deps.now();
  const customerId = await deps.database.transaction(async ({ db }) => {
    const [row] = await queryRows<{ customer_id: string; revoked_at: string | null }>(
      db,
      sql`select l.customer_id, l.revoked_at from portal_links l where l.id = ${linkId} for update`,
    );
    if (!row) throw new AppError("not_found", msg`no portal link ${linkId}`);
    const customerId = Number(row.customer_id);
    await visibleCustomerOrThrow(db, user, customerId).catch(() => {
      throw new AppError("not_found", msg`no portal link ${linkId}`);
    });
    if (row.revoked_at === null) {
      await db.execute(
        sql`update portal_links set revoked_at = ${now.toISOString()}::timestamptz, revoked_by = ${user.login}
            where id = ${linkId}`,
      );
      await appendAudit(db, {
        at: now,
        actor: user.login,
        action: "portal.link_revoked",
        objectType: "portal_link",
        objectId: String(linkId),
        customerId,
        after: { revokedAt: now.toISOString() },
      });
    }
    return customerId;
  });
  const link = (await listPortalLinks(deps.database.db, user, customerId, now)).find((l) => l.id === linkId);
  return link as PortalLinkView;
}
