// What the portal page shows, and nothing more: the link's customer (name only), the contact it was sent to, the
// invoices open today with days overdue, the balance per currency, what was done through this link, and the
// company's name and callback number. No other customer, contact, collector note or internal field is read.
import { sql } from "drizzle-orm";
import { dateInZone } from "../calendar/calendar-date.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { getCompany, getOpenItems } from "../documents/document-data.ts";
import type { OpenItem } from "../documents/statement.document.ts";
import type { PortalAction } from "./portal.schema.ts";
import { touchPortalLink } from "./portal-actions.ts";
import { type OpenLink, openPortalLinkOrThrow } from "./portal-link.ts";

export type PortalView = {
  link: OpenLink;
  today: string;
  company: { name: string; callbackPhone: string };
  customerName: string;
  contactName: string | null;
  items: OpenItem[];
  balances: { currency: string; open: bigint }[];
  done: { kind: PortalAction; at: string; detail: Record<string, unknown> }[];
};

export async function getPortalView(deps: { database: Database; now: () => Date }, token: string): Promise<PortalView> {
  const now = deps.now();
  const db = deps.database.db;
  const link = await openPortalLinkOrThrow(db, token, now);
  const company = await getCompany(db);
  const today = dateInZone(now, company.timeZone);
  const [names] = await queryRows<{ customer_name: string; contact_name: string | null }>(
    db,
    sql`select c.name as customer_name, k.name as contact_name from customers c
        left join contacts k on k.id = ${link.contactId} and k.customer_id = c.id where c.id = ${link.customerId}`,
  );
  const items = await getOpenItems(db, link.customerId, today);
  const sums = new Map<string, bigint>();
  for (const i of items) sums.set(i.currency, (sums.get(i.currency) ?? 0n) + i.open);
  const done = await queryRows<{ kind: PortalAction; at: string | Date; detail: Record<string, unknown> | string }>(
    db,
    sql`select kind, at, detail from portal_actions where link_id = ${link.id} order by at desc, id desc limit 20`,
  );
  await touchPortalLink(db, link.id, now);
  return {
    link,
    today,
    company: { name: company.name, callbackPhone: company.callbackPhone },
    customerName: names?.customer_name ?? "",
    contactName: names?.contact_name ?? null,
    items,
    balances: [...sums].map(([currency, open]) => ({ currency, open })),
    done: done.map((d) => ({
      kind: d.kind,
      at: new Date(d.at).toISOString(),
      detail: typeof d.detail === "string" ? (JSON.parse(d.detail) as Record<string, unknown>) : d.detail,
    })),
  };
}
