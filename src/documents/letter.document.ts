// The reminder letter (催款函), the final demand and the lawyer's letter draft (律师函) as PDFs: the wording of
// document-text.ts, the overdue invoices, how to pay with a QR code, and who to call. The lawyer's draft carries no
// company letterhead (it goes out on the law firm's) and a banner on every page saying it is a draft to be signed.
import { addDays } from "../calendar/calendar-date.ts";
import type { Company, DocumentCustomer } from "./document-data.ts";
import { type DocumentLang, groupedAmount, longDate, moneyText } from "./document-format.ts";
import { LABELS, type LetterKind, letterParagraphs, REPLY_DAYS } from "./document-text.ts";
import {
  banner,
  fields,
  footers,
  heading,
  letterhead,
  openPdf,
  paragraph,
  paymentBox,
  signatureBlocks,
  table,
  title,
} from "./pdf-writer.ts";
import { type OpenItem, paymentLines, qrFor, summarise } from "./statement.document.ts";

export type LetterDocumentInput = {
  kind: LetterKind;
  lang: DocumentLang;
  now: Date;
  generatedAt: string;
  company: Company;
  customer: DocumentCustomer;
  asOf: string;
  /** The overdue invoices the letter is about (undisputed; for the lawyer's draft, not time-barred). */
  items: readonly OpenItem[];
  disputedLeftOut: number;
};

/** "CNY 1,000.00 + USD 30.00", one term per currency. */
export function totalsText(items: readonly OpenItem[]): string {
  const sums = new Map<string, bigint>();
  for (const i of items) sums.set(i.currency, (sums.get(i.currency) ?? 0n) + i.open);
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, v]) => moneyText(v, currency))
    .join(" + ");
}

export async function renderLetterPdf(input: LetterDocumentInput): Promise<Buffer> {
  const { kind, lang, company, customer, asOf, items } = input;
  const t = LABELS[lang];
  const draft = kind === "lawyer-letter";
  const pdf = openPdf({
    title: `${t.letterTitles[kind]} ${customer.name}`,
    lang,
    now: input.now,
    author: company.name,
  });
  const { doc } = pdf;
  if (draft) banner(pdf, t.draftBanner);
  else letterhead(pdf, company);
  doc.text(longDate(asOf, lang), { align: "right" });
  fields(pdf, [
    [t.to, `${customer.name} (${t.customerCode} ${customer.code})`],
    ...(customer.contactName ? [[t.contact, customer.contactName] as [string, string]] : []),
  ]);
  title(pdf, t.letterTitles[kind]);
  const oldest = [...items].sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];
  const paragraphs = letterParagraphs(kind, lang, {
    company: company.name,
    customer: customer.name,
    asOf,
    total: totalsText(items),
    invoices: items.length,
    oldestDue: oldest?.dueDate ?? asOf,
    oldestDays: oldest?.daysPastDue ?? 0,
    replyBy: addDays(asOf, REPLY_DAYS[kind]),
    disputedLeftOut: input.disputedLeftOut,
    collector: customer.collectorName ?? company.name,
    phone: company.callbackPhone,
  });
  paragraph(pdf, t.dear(customer.contactName ?? customer.name));
  if (t.hello && !draft) paragraph(pdf, t.hello, { indent: true });
  for (const p of paragraphs) paragraph(pdf, p, { indent: true });

  heading(pdf, t.overdueInvoices);
  table(
    pdf,
    [
      { header: t.invoice, width: 0.22 },
      { header: t.issueDate, width: 0.14 },
      { header: t.dueDate, width: 0.14 },
      { header: t.currency, width: 0.1 },
      { header: t.open, width: 0.24, align: "right" },
      { header: t.daysPastDue, width: 0.16, align: "right" },
    ],
    [
      ...items.map((i) => [
        i.number,
        i.issueDate,
        i.dueDate,
        i.currency,
        groupedAmount(i.open, i.currency),
        String(i.daysPastDue),
      ]),
      [t.total, "", "", "", totalsText(items), ""],
    ],
    1,
  );

  heading(pdf, t.paymentTitle);
  const owed = summarise(items, { customer: customer, from: asOf, to: asOf, sections: [] }).map((s) => ({
    ...s,
    balance: s.open,
  }));
  const lines = paymentLines(pdf, company);
  paymentBox(
    pdf,
    lines,
    lines.length ? t.paymentReference(customer.code) : `${t.paymentAsk} ${t.paymentReference(customer.code)}`,
    qrFor(company, customer.code, owed, asOf, lang),
  );

  if (draft) {
    signatureBlocks(pdf, [
      {
        title: lang === "zh" ? "［律师事务所名称］（盖章）" : "[Name of law firm]",
        lines: [lang === "zh" ? "承办律师（签字）" : "Lawyer (signature)", t.signDate],
      },
    ]);
  } else {
    paragraph(pdf, t.contactLine(customer.collectorName ?? company.name, company.callbackPhone));
    for (const line of t.regards) paragraph(pdf, line);
    doc.moveDown(0.5);
    doc.text(company.name, { align: "right" });
    doc.text(longDate(asOf, lang), { align: "right" });
  }
  footers(pdf, `${t.letterTitles[kind]} · ${customer.code}`, input.generatedAt, draft ? t.draftBanner : undefined);
  return pdf.finish();
}
