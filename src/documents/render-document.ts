// One use case for every printed document, serving the HTTP API and the CLI: read what the document needs, as of a
// date, in the customer's language unless one is asked for, render the PDF, and record that it was generated
// (audited as "document.generated", with the file's hash). A user sees only their own portfolio's customers.
// The lawyer's draft exists only for customers whose legal action is approved, and only for claims not time-barred
// (conduct.md rules 11 and 12).
import { createHash } from "node:crypto";
import { appendAudit } from "../audit/append-audit.ts";
import type { AuthUser } from "../auth/sessions.ts";
import { dateInZone, isIsoDate } from "../calendar/calendar-date.ts";
import type { Database, Db } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { invoiceLimitations } from "../ledger/get-limitation.ts";
import { getStatement } from "../ledger/get-statement.ts";
import { renderAgreementPdf } from "./agreement.document.ts";
import {
  type DocumentCustomer,
  getCompany,
  getDocumentCustomerOrThrow,
  getOpenItems,
  getPlanOrThrow,
} from "./document-data.ts";
import { type DocumentLang, localDateTime } from "./document-format.ts";
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
        ? new AppError("not_found", `no payment plan ${plan.id}`)
        : e;
    });
    if (plan.status === "cancelled") {
      throw new AppError("unprocessable", `payment plan ${plan.id} was cancelled: there is no agreement to print`);
    }
    const lang = request.lang ?? documentLanguageFor(customer);
    const pdf = await renderAgreementPdf({ lang, now, generatedAt, company, customer, plan });
    return done("agreement", lang, plan.createdOn, customer, pdf, `agreement-${plan.id}-${customer.code}-${lang}.pdf`);
  }
  const asOf = request.asOf ?? dateInZone(now, company.timeZone);
  if (!isIsoDate(asOf)) throw new AppError("invalid_input", `asOf "${asOf}" is not a date (expected YYYY-MM-DD)`);
  const customer = await getDocumentCustomerOrThrow(db, request.customer, user);
  const lang = request.lang ?? documentLanguageFor(customer);
  const openItems = await getOpenItems(db, customer.id, asOf);
  const filename = `${request.kind}-${customer.code}-${asOf}-${lang}.pdf`;
  if (request.kind === "statement") {
    const statement = await getStatement(db, { customerCode: customer.code, from: activityFrom(asOf), to: asOf });
    const pdf = await renderStatementPdf({ lang, now, generatedAt, company, customer, asOf, openItems, statement });
    return done("statement", lang, asOf, customer, pdf, filename);
  }
  const kind = request.kind;
  if (!isLetter(kind)) throw new AppError("invalid_input", `unknown document "${kind}"`);
  // Conduct rule 6: disputed invoices stay out of demands until the dispute is resolved.
  const overdue = openItems.filter((i) => i.daysPastDue > 0);
  let items = overdue.filter((i) => !i.disputed);
  if (kind === "lawyer-letter") items = await lawyerLetterItems(db, customer, asOf, items);
  if (!items.length) {
    throw new AppError(
      "unprocessable",
      `${customer.code} has no undisputed overdue invoice as of ${asOf}: there is nothing to write a ${kind} about`,
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
      `a lawyer's letter needs legal action approved for ${customer.code} (the customer's "legal" flag): set it first`,
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
      `every overdue claim of ${customer.code} is time-barred as of ${asOf}: no legal-action letter may be drafted`,
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

/** Renders a document and records it in the audit log ("document.generated"). */
export async function renderDocument(
  deps: Deps,
  user: AuthUser | null,
  request: DocumentRequest,
): Promise<RenderedDocument> {
  const doc = await buildDocument(deps, user, request);
  await deps.database.transaction(async (conn) =>
    appendAudit(conn.db, {
      at: deps.now(),
      actor: user?.login ?? "cli",
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
      },
    }),
  );
  return doc;
}
