// One use case for every printed document, serving the HTTP API and the CLI: read what the document needs, as of a
// date, in the customer's language unless one is asked for, render the PDF, and record that it was generated
// (audited as "document.generated", with the file's hash). A user sees only their own portfolio's customers.
// The lawyer's draft exists only for customers whose legal action is approved, and only for claims not time-barred
// (conduct.md rules 11 and 12). A statement produced for sending carries a portal link: the one it was opened
// through (the portal's own download), or one made for a contact here (`portalFor`), stored with its audit row in
// the same transaction as the document's.
import { createHash } from "node:crypto";
import { appendAudit } from "../audit/append-audit.ts";
import { requireRole } from "../auth/access.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { AppError, msg } from "../errors/app-error.ts";
import { invoiceLimitations } from "../ledger/get-limitation.ts";
import { getStatement } from "../ledger/get-statement.ts";
import { portalContactOrThrow } from "../portal/manage-portal-links.ts";
import { linkExpiry } from "../portal/portal.rules.ts";
import { createPortalLinks, newPortalToken, portalUrl } from "../portal/portal-link.ts";
import { getSetting } from "../settings/settings.ts";
import { renderAgreementPdf } from "./agreement.document.ts";
import {
  type DocumentCustomer,
  getCompany,
  getDocumentCustomerOrThrow,
  getOpenItems,
  getPlanOrThrow,
} from "./document-data.ts";
import { type DocumentLang, documentFileName, localDateTime } from "./document-format.ts";
import {
  type CustomerDocumentKind,
  type DocumentKind,
  documentLanguageFor,
  LETTER_KINDS,
  type LetterKind,
} from "./document-text.ts";
import { renderLetterPdf } from "./letter.document.ts";
import { activityFrom, renderStatementPdf } from "./statement.document.ts";

export type DocumentRequest =
  | {
      kind: CustomerDocumentKind;
      customer: { id: number } | { code: string };
      lang?: DocumentLang | undefined;
      asOf?: string | undefined;
      /** Statements: the portal link to print (and encode in a QR code), already made. */
      portalLink?: { url: string; expiresAt: Date } | null | undefined;
      /** Statements (renderDocument): make a portal link for this contact and print it, for sending. */
      portalFor?: { contactId: number } | null | undefined;
    }
  | { kind: "agreement"; planId: number; lang?: DocumentLang | undefined };

export type RenderedDocument = {
  kind: DocumentKind;
  lang: DocumentLang;
  asOf: string;
  customerId: number;
  customerCode: string;
  /** statement-C001-2025-03-10-zh.pdf */
  filename: string;
  pdf: Buffer;
  /** The portal link made for it (portalFor): its id and URL, the only time the URL is seen. */
  portalLink?: { id: number; url: string; expiresAt: string };
};

type Deps = { database: Database; now: () => Date };

const isLetter = (kind: string): kind is LetterKind => (LETTER_KINDS as readonly string[]).includes(kind);

/**
 * Renders without recording: for the bulk statement run (which audits the messages it enqueues) and the bench.
 * `user` null is the CLI, which sees every customer.
 */
export async function buildDocument(
  deps: Deps,
  user: AuthUser | null,
  request: DocumentRequest,
): Promise<RenderedDocument> {
  const db = deps.database.db;
  const company = await getCompany(db);
  const now = deps.now();
  const generatedAt = `${localDateTime(now, company.timeZone)} (${company.timeZone})`;
  if (request.kind === "agreement") {
    const plan = await getPlanOrThrow(db, request.planId);
    // A plan of a customer outside the user's portfolio answers like a missing plan.
    const customer = await getDocumentCustomerOrThrow(db, { id: plan.customerId }, user).catch((e: unknown) => {
      throw e instanceof AppError && e.code === "not_found"
        ? new AppError("not_found", msg`no payment plan ${plan.id}`)
        : e;
    });
    if (plan.status === "cancelled") {
      throw new AppError("unprocessable", msg`payment plan ${plan.id} was cancelled: there is no agreement to print`);
    }
    const lang = request.lang ?? documentLanguageFor(customer);
    const pdf = await renderAgreementPdf({ lang, now, generatedAt, company, customer, plan });
    return done("agreement", lang, plan.createdOn, customer, pdf, `agreement-${plan.id}-${customer.code}-${lang}.pdf`);
  }
  const asOf = request.asOf ?? dateInZone(now, company.timeZone);
  if (!isIsoDate(asOf)) throw new AppError("invalid_input", msg`asOf "${asOf}" is not a date (expected YYYY-MM-DD)`);
  const customer = await getDocumentCustomerOrThrow(db, request.customer, user);
  const lang = request.lang ?? documentLanguageFor(customer);
  const openItems = await getOpenItems(db, customer.id, asOf);
  const filename = documentFileName(request.kind, customer.code, asOf, lang);
  if (request.kind === "statement") {
    const statement = await getStatement(db, { customerCode: customer.code, from: activityFrom(asOf), to: asOf });
    const link = request.portalLink;
    const portalLink = link ? { url: link.url, validUntil: dateInZone(link.expiresAt, company.timeZone) } : null;
    const pdf = await renderStatementPdf({
      lang,
      now,
      generatedAt,
      company,
      customer,
      asOf,
      openItems,
      statement,
      portalLink,
    });
    return done("statement", lang, asOf, customer, pdf, filename);
  }
  const kind = request.kind;
  if (!isLetter(kind)) throw new AppError("invalid_input", msg`unknown document "${kind}"`);
  // Conduct rule 6: disputed invoices stay out of demands until the dispute is resolved.
  const overdue = openItems.filter((i) => i.daysPastDue > 0);
  let items = overdue.filter((i) => !i.disputed);
  if (kind === "lawyer-letter") items = await lawyerLetterItems(db, customer, asOf, items);
  if (!items.length) {
    throw new AppError(
      "unprocessable",
      msg`${customer.code} has no undisputed overdue invoice as of ${asOf}: there is nothing to write a ${kind} about`,
    );
  }
  const pdf = await renderLetterPdf({
    kind,
    lang,
    now,
    generatedAt,
    company,
    customer,
    asOf,
    items,
    disputedLeftOut: overdue.length - overdue.filter((i) => !i.disputed).length,
  });
  return done(kind, lang, asOf, customer, pdf, filename);
}

/** The lawyer's draft: refused unless legal action is approved; time-barred claims are left out of it. */
async function lawyerLetterItems(
  db: Db,
  customer: DocumentCustomer,
  asOf: string,
  items: Awaited<ReturnType<typeof getOpenItems>>,
) {
  if (!customer.legal) {
    throw new AppError(
      "unprocessable",
      msg`a lawyer's letter needs legal action approved for ${customer.code} (the customer's "legal" flag): set it first`,
    );
  }
  const barred = new Set(
    (await invoiceLimitations(db, { asOf, scope: { customerIds: [customer.id] } }))
      .filter((c) => c.timeBarred)
      .map((c) => c.invoiceId),
  );
  const alive = items.filter((i) => !barred.has(i.invoiceId));
  if (items.length && !alive.length) {
    throw new AppError(
      "unprocessable",
      msg`every overdue claim of ${customer.code} is time-barred as of ${asOf}: no legal-action letter may be drafted`,
    );
  }
  return alive;
}

function done(
  kind: DocumentKind,
  lang: DocumentLang,
  asOf: string,
  customer: DocumentCustomer,
  pdf: Buffer,
  filename: string,
): RenderedDocument {
  return { kind, lang, asOf, customerId: customer.id, customerCode: customer.code, filename, pdf };
}

/**
 * Renders a document and records it in the audit log ("document.generated"). With `portalFor` (statements), the
 * link is made for that contact: its token is printed first, then stored (hashed) in the audit's transaction, so a
 * failed rendering leaves no link behind.
 */
export async function renderDocument(
  deps: Deps,
  user: AuthUser | null,
  request: DocumentRequest,
): Promise<RenderedDocument> {
  const actor = user?.login ?? "cli";
  const portalFor = request.kind !== "agreement" ? request.portalFor : null;
  let minted: { token: string; contactId: number; issuedAt: Date } | null = null;
  let toBuild = request;
  if (portalFor && request.kind !== "agreement") {
    if (request.kind !== "statement") {
      throw new AppError(
        "invalid_input",
        msg`portalContact: only statements carry a portal link, not a ${request.kind}`,
      );
    }
    if (user) requireRole(user, ["admin", "manager", "collector"], "making portal links");
    const db = deps.database.db;
    const customer = await getDocumentCustomerOrThrow(db, request.customer, user);
    await portalContactOrThrow(db, customer.id, portalFor.contactId);
    const [{ publicUrl }, { linkDays }] = await Promise.all([getSetting(db, "messaging"), getSetting(db, "portal")]);
    const token = newPortalToken();
    // The expiry printed is the one stored: both from this instant.
    const issuedAt = deps.now();
    const expiresAt = linkExpiry(issuedAt, linkDays);
    minted = { token, contactId: portalFor.contactId, issuedAt };
    toBuild = {
      ...request,
      customer: { id: customer.id },
      portalLink: { url: portalUrl(publicUrl, token), expiresAt },
    };
  }
  const doc = await buildDocument(deps, user, toBuild);
  const link = await deps.database.transaction(async (conn) => {
    const at = deps.now();
    let made: { id: number; url: string; expiresAt: string } | null = null;
    if (minted && toBuild.kind !== "agreement" && toBuild.portalLink) {
      const [row] = await createPortalLinks(conn.db, { now: minted.issuedAt, actor }, [
        {
          customerId: doc.customerId,
          contactId: minted.contactId,
          language: doc.lang === "zh" ? "zh-CN" : "en",
          token: minted.token,
        },
      ]);
      if (!row) throw new AppError("internal", msg`no portal link was made`);
      made = { id: row.id, url: toBuild.portalLink.url, expiresAt: row.expiresAt.toISOString() };
      await appendAudit(conn.db, {
        at,
        actor,
        action: "portal.link_created",
        objectType: "portal_link",
        objectId: String(row.id),
        customerId: doc.customerId,
        after: { contactId: minted.contactId, expiresAt: made.expiresAt, document: doc.filename },
      });
    }
    await appendAudit(conn.db, {
      at,
      actor,
      action: "document.generated",
      objectType: "document",
      objectId: request.kind === "agreement" ? `agreement:${request.planId}` : `${doc.kind}:${doc.customerCode}`,
      customerId: doc.customerId,
      after: {
        kind: doc.kind,
        lang: doc.lang,
        asOf: doc.asOf,
        filename: doc.filename,
        bytes: doc.pdf.length,
        sha256: createHash("sha256").update(doc.pdf).digest("hex"),
        ...(made ? { portalLinkId: made.id } : {}),
      },
    });
    return made;
  });
  return link ? { ...doc, portalLink: link } : doc;
}
