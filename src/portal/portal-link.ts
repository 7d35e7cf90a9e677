// Portal links: a random token (32 bytes, hex) handed out once, in the message that carries it, and stored only as
// its SHA-256, so neither the database nor a log can rebuild a link. A link opens one customer's page for one
// contact until it expires (setting portal.linkDays) or a collector revokes it. Whatever is wrong with a link
// (unknown, altered, expired, revoked) the answer is the same not_found with the same words.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { AppError } from "../errors/app-error.ts";
import type { TemplateLanguage } from "../messaging/messaging.schema.ts";
import { hmacHex } from "../messaging/unsubscribe-token.ts";
import { getSetting } from "../settings/settings.ts";
import { isTokenShaped, linkExpiry, linkState } from "./portal.rules.ts";

export const PORTAL_LINK_NOT_VALID = "This link is no longer valid.";
export const PORTAL_PATH = "/api/portal/";

export const newPortalToken = (): string => randomBytes(32).toString("hex");
export const hashPortalToken = (token: string): string => createHash("sha256").update(token).digest("hex");
export const portalUrl = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, "")}${PORTAL_PATH}${token}`;

/** The hidden field every portal form carries: bound to the link, signed with the server secret. */
export const portalFormToken = (secret: string, linkId: number): string =>
  hmacHex(secret, `portal-form:${linkId}`).slice(0, 40);

export type NewPortalLink = {
  customerId: number;
  contactId: number | null;
  language: TemplateLanguage | null;
  outboxMessageId?: number | null;
  /** Default: a new random token. Given when the token was already written into a message. */
  token?: string;
};

/** Writes links in the caller's transaction; answers each link's id and token (the only time the token is seen). */
export async function createPortalLinks(
  db: Db,
  ctx: { now: Date; actor: string },
  links: NewPortalLink[],
): Promise<{ id: number; token: string; expiresAt: Date }[]> {
  if (!links.length) return [];
  const { linkDays } = await getSetting(db, "portal");
  const expiresAt = linkExpiry(ctx.now, linkDays);
  const tokens = links.map((l) => l.token ?? newPortalToken());
  const out: { id: number; token: string; expiresAt: Date }[] = [];
  for (let i = 0; i < links.length; i += 1000) {
    const chunk = links.slice(i, i + 1000);
    const values = chunk.map(
      (l, j) =>
        sql`(${l.customerId}, ${l.contactId}, ${hashPortalToken(tokens[i + j] as string)}, ${l.language},
          ${l.outboxMessageId ?? null}::bigint, ${ctx.actor}, ${ctx.now.toISOString()}::timestamptz,
          ${expiresAt.toISOString()}::timestamptz)`,
    );
    const rows = await queryRows<{ id: string; token_hash: string }>(
      db,
      sql`insert into portal_links (customer_id, contact_id, token_hash, language, outbox_message_id, created_by,
            created_at, expires_at)
          values ${sql.join(values, sql`, `)} returning id, token_hash`,
    );
    const idByHash = new Map(rows.map((r) => [r.token_hash, Number(r.id)]));
    for (let j = 0; j < chunk.length; j++) {
      const token = tokens[i + j] as string;
      out.push({ id: idByHash.get(hashPortalToken(token)) as number, token, expiresAt });
    }
  }
  return out;
}

export type OpenLink = {
  id: number;
  customerId: number;
  contactId: number | null;
  language: TemplateLanguage | null;
  expiresAt: Date;
};

/** The live link a token opens, or not_found (the same for every reason). `lock` takes the row for an action. */
export async function openPortalLinkOrThrow(
  db: Db,
  token: string,
  now: Date,
  options: { lock?: boolean } = {},
): Promise<OpenLink> {
  if (!isTokenShaped(token)) throw new AppError("not_found", PORTAL_LINK_NOT_VALID);
  const [row] = await queryRows<{
    id: string;
    customer_id: string;
    contact_id: string | null;
    language: TemplateLanguage | null;
    expires_at: string | Date;
    revoked_at: string | Date | null;
  }>(
    db,
    sql`select id, customer_id, contact_id, language, expires_at, revoked_at from portal_links
        where token_hash = ${hashPortalToken(token)} ${options.lock ? sql`for update` : sql``}`,
  );
  if (!row) throw new AppError("not_found", PORTAL_LINK_NOT_VALID);
  const link = {
    id: Number(row.id),
    customerId: Number(row.customer_id),
    contactId: row.contact_id === null ? null : Number(row.contact_id),
    language: row.language,
    expiresAt: new Date(row.expires_at),
  };
  const state = linkState(
    { expiresAt: link.expiresAt, revokedAt: row.revoked_at ? new Date(row.revoked_at) : null },
    now,
  );
  if (state !== "valid") throw new AppError("not_found", PORTAL_LINK_NOT_VALID);
  return link;
}
