// The statement of account (对账单) as a PDF: the balance per currency, the invoices open on the date with their
// age, aging by bucket (the same BUCKETS as the aging report), the account's movements over the last months (the
// ledger's getStatement), how to pay with a QR code, and a balance-confirmation slip (回执) to sign and return,
// which, signed, is an acknowledgement that restarts the limitation clock. A statement produced for sending carries
// the customer's portal link as a second QR code with the link printed in full under it; one printed without a
// link keeps the payment QR only.
import { BUCKETS, type BucketKey } from "../aging/aging.rules.ts";
import type { Statement } from "../ledger/get-statement.ts";
import type { Company, DocumentCustomer } from "./document-data.ts";
import { type DocumentLang, groupedAmount, longDate, moneyText } from "./document-format.ts";
import { LABELS } from "./document-text.ts";
import { paymentQrPayload } from "./payment-qr.ts";
import {
  cutLine,
  ensureSpace,
  fields,
  footers,
  heading,
  letterhead,
  linkBox,
  openPdf,
  type Pdf,
  paragraph,
  paymentBox,
  signatureBlocks,
  table,
  title,
} from "./pdf-writer.ts";

export type OpenItem = {
  invoiceId: number;
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  amount: bigint;
  open: bigint;
  daysPastDue: number;
  bucket: BucketKey;
  disputed: boolean;
};

export type StatementDocumentInput = {
  lang: DocumentLang;
  now: Date;
  generatedAt: string;
  company: Company;
  customer: DocumentCustomer;
  asOf: string;
  openItems: readonly OpenItem[];
  /** The ledger's movements over the period shown, up to asOf. */
  statement: Statement;
  /** The customer's portal link when the statement is produced for sending; its expiry is a date in the company's zone. */
  portalLink?: PortalLinkText | null | undefined;
};

export type PortalLinkText = { url: string; validUntil: string };

export type CurrencySummary = { currency: string; balance: bigint; open: bigint; overdue: bigint };

/** Balance (the ledger's), open and overdue per currency; the difference of balance and open is unapplied credit. */
export function summarise(openItems: readonly OpenItem[], statement: Statement): CurrencySummary[] {
  const by = new Map<string, CurrencySummary>();
  const get = (currency: string) => {
    const s = by.get(currency) ?? { currency, balance: 0n, open: 0n, overdue: 0n };
    by.set(currency, s);
    return s;
  };
  for (const section of statement.sections) get(section.currency).balance = section.closing;
  for (const item of openItems) {
    const s = get(item.currency);
    s.open += item.open;
    if (item.daysPastDue > 0) s.overdue += item.open;
  }
  return [...by.values()]
    .filter((s) => s.balance !== 0n || s.open !== 0n)
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

export function paymentLines(pdf: Pdf, company: Company): [string, string][] {
  const { t } = pdf;
  const lines: [string, string][] = [];
  if (company.bankAccount) {
    lines.push([t.accountName, company.name]);
    if (company.bankName) lines.push([t.bankName, company.bankName]);
    lines.push([t.bankAccount, company.bankAccount]);
  } else if (company.paymentDetails) lines.push([t.paymentTitle, company.paymentDetails]);
  return lines;
}

/** The payment QR for what is owed in one currency (the company's own first). */
export function qrFor(
  company: Company,
  customerCode: string,
  owed: readonly CurrencySummary[],
  asOf: string,
  lang: DocumentLang,
) {
  const pick = owed.find((s) => s.currency === company.currency && s.balance > 0n) ?? owed.find((s) => s.balance > 0n);
  if (!pick) return null;
  return paymentQrPayload(
    {
      payee: company.name,
      bankName: company.bankName,
      bankAccount: company.bankAccount,
      paymentLink: company.paymentLink,
    },
    { customerCode, amount: pick.balance, currency: pick.currency, reference: `${customerCode} ${asOf}` },
    lang,
  );
}

const bucketLabel = (key: BucketKey, label: string, lang: DocumentLang) =>
  key === "current" ? (lang === "zh" ? "未到期" : "Not due") : lang === "zh" ? `${label}天` : label;

/** The first day of the month two months before `asOf`: about a quarter of movements. */
export function activityFrom(asOf: string): string {
  const [y, m] = asOf.split("-").map(Number) as [number, number];
  const month = y * 12 + (m - 1) - 2;
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}-01`;
}

export async function renderStatementPdf(input: StatementDocumentInput): Promise<Buffer> {
  const { lang, company, customer, asOf, openItems, statement } = input;
  const pdf = openPdf({
    title: `${LABELS[lang].statementTitle} ${customer.name}`,
    lang,
    now: input.now,
    author: company.name,
  });
  const { t } = pdf;
  letterhead(pdf, company);
  title(pdf, t.statementTitle, `${t.asOf}: ${longDate(asOf, lang)}`);
  fields(
    pdf,
    [
      [t.customer, customer.name],
      [t.customerCode, customer.code],
      [t.contact, customer.contactName ?? "—"],
      [t.asOf, asOf],
    ],
    2,
  );
  paragraph(pdf, t.statementIntro(company.name, asOf), { indent: true });

  const summary = summarise(openItems, statement);
  heading(pdf, t.summary);
  table(
    pdf,
    [
      { header: t.currency, width: 0.12 },
      { header: t.balance, width: 0.22, align: "right" },
      { header: t.openTotal, width: 0.22, align: "right" },
      { header: t.overdueTotal, width: 0.2, align: "right" },
      { header: t.unappliedCredit, width: 0.24, align: "right" },
    ],
    summary.map((s) => [
      s.currency,
      groupedAmount(s.balance, s.currency),
      groupedAmount(s.open, s.currency),
      groupedAmount(s.overdue, s.currency),
      groupedAmount(s.balance - s.open, s.currency),
    ]),
  );

  heading(pdf, t.openItems);
  if (!openItems.length) paragraph(pdf, t.noOpenItems, { muted: true });
  else {
    const rows: string[][] = [];
    let bold = 0;
    for (const s of summary) {
      const items = openItems.filter((i) => i.currency === s.currency);
      if (!items.length) continue;
      for (const i of items) {
        rows.push([
          i.disputed ? `${i.number}${t.disputedMark}` : i.number,
          i.issueDate,
          i.dueDate,
          i.currency,
          groupedAmount(i.amount, i.currency),
          groupedAmount(i.open, i.currency),
          i.daysPastDue > 0 ? String(i.daysPastDue) : "—",
        ]);
      }
      rows.push([t.total, "", "", s.currency, "", groupedAmount(s.open, s.currency), ""]);
    }
    // Totals are bold only when one currency closes the table; several currencies' totals stay in line.
    bold = summary.filter((s) => s.open > 0n).length === 1 ? 1 : 0;
    table(
      pdf,
      [
        { header: t.invoice, width: 0.21 },
        { header: t.issueDate, width: 0.13 },
        { header: t.dueDate, width: 0.13 },
        { header: t.currency, width: 0.08 },
        { header: t.amount, width: 0.17, align: "right" },
        { header: t.open, width: 0.17, align: "right" },
        { header: t.daysPastDue, width: 0.11, align: "right" },
      ],
      rows,
      bold,
    );

    heading(pdf, t.aging);
    const share = 0.88 / (BUCKETS.length + 1);
    table(
      pdf,
      [
        { header: t.currency, width: 0.12 },
        ...BUCKETS.map((b) => ({ header: bucketLabel(b.key, b.label, lang), width: share, align: "right" as const })),
        { header: t.total, width: share, align: "right" },
      ],
      summary
        .filter((s) => s.open > 0n)
        .map((s) => [
          s.currency,
          ...BUCKETS.map((b) =>
            groupedAmount(
              openItems
                .filter((i) => i.currency === s.currency && i.bucket === b.key)
                .reduce((sum, i) => sum + i.open, 0n),
              s.currency,
            ),
          ),
          groupedAmount(s.open, s.currency),
        ]),
    );
  }

  heading(pdf, t.activity(statement.from, statement.to));
  const activity: string[][] = [];
  for (const section of statement.sections) {
    const c = section.currency;
    activity.push([statement.from, t.opening, "", c, "", "", groupedAmount(section.opening, c)]);
    for (const l of section.lines) {
      activity.push([
        l.date,
        t.entryKinds[l.kind],
        l.reference,
        c,
        l.debit ? groupedAmount(l.debit, c) : "",
        l.credit ? groupedAmount(l.credit, c) : "",
        groupedAmount(l.balance, c),
      ]);
    }
    activity.push([statement.to, t.closing, "", c, "", "", groupedAmount(section.closing, c)]);
  }
  table(
    pdf,
    [
      { header: t.date, width: 0.13 },
      { header: t.entry, width: 0.13 },
      { header: t.reference, width: 0.2 },
      { header: t.currency, width: 0.08 },
      { header: t.debit, width: 0.15, align: "right" },
      { header: t.credit, width: 0.15, align: "right" },
      { header: t.balance, width: 0.16, align: "right" },
    ],
    activity,
  );

  heading(pdf, t.paymentTitle);
  const lines = paymentLines(pdf, company);
  paymentBox(
    pdf,
    lines,
    lines.length ? t.paymentReference(customer.code) : `${t.paymentAsk} ${t.paymentReference(customer.code)}`,
    qrFor(company, customer.code, summary, asOf, lang),
  );
  if (input.portalLink) {
    linkBox(pdf, {
      title: t.portalTitle,
      url: input.portalLink.url,
      text: t.portalText(longDate(input.portalLink.validUntil, lang)),
      caption: t.portalCaption,
    });
  }

  balanceSlip(pdf, company, customer, asOf, summary);
  footers(pdf, `${t.statementTitle} · ${customer.code}`, input.generatedAt);
  return pdf.finish();
}

function balanceSlip(
  pdf: Pdf,
  company: Company,
  customer: DocumentCustomer,
  asOf: string,
  summary: readonly CurrencySummary[],
): void {
  const { doc, t } = pdf;
  ensureSpace(doc, 250);
  doc.moveDown(0.5);
  cutLine(pdf, t.slipCut);
  heading(pdf, t.slipTitle);
  paragraph(pdf, t.slipTo(company.name));
  fields(pdf, [
    [t.customer, customer.name],
    [t.customerCode, customer.code],
  ]);
  paragraph(pdf, t.slipText(asOf));
  const owed = summary.length ? summary : [{ currency: company.currency, balance: 0n, open: 0n, overdue: 0n }];
  fields(
    pdf,
    owed.map((s) => [t.balance, moneyText(s.balance, s.currency)]),
  );
  paragraph(pdf, t.slipAgree);
  paragraph(pdf, `${t.slipDisagree} ${t.blank}${t.blank}`);
  signatureBlocks(pdf, [{ title: `${customer.name}${t.stamp}`, lines: [t.signature, t.signDate] }]);
}
