// The repayment agreement (还款协议) printed from a payment plan for both parties to sign: the creditor's and the
// debtor's details (blanks to fill where the ledger does not know them), the amount owed in figures and, for a
// two-digit currency, in Chinese capitals, the covered invoices, the schedule exact to the minor unit (it is the
// plan's own rows, which add up to the total: create-plan.ts refuses anything else), the terms and signature blocks.
import type { Company, DocumentCustomer, PlanForAgreement } from "./document-data.ts";
import { chineseCapitalAmount, type DocumentLang, groupedAmount, moneyText } from "./document-format.ts";
import { agreementClauses, LABELS } from "./document-text.ts";
import {
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
import { paymentLines } from "./statement.document.ts";

export type AgreementDocumentInput = {
  lang: DocumentLang;
  now: Date;
  generatedAt: string;
  company: Company;
  customer: DocumentCustomer;
  plan: PlanForAgreement;
};

/** The schedule's rows: the down payment (due the day the plan was made) then each installment. */
export function scheduleRows(
  plan: PlanForAgreement,
  lang: DocumentLang,
): { label: string; dueOn: string; amount: bigint }[] {
  const t = LABELS[lang];
  return [
    ...(plan.downPayment > 0n ? [{ label: t.downPayment, dueOn: plan.createdOn, amount: plan.downPayment }] : []),
    ...plan.installments.map((i) => ({ label: t.installment(i.seq), dueOn: i.dueOn, amount: i.amount })),
  ];
}

export async function renderAgreementPdf(input: AgreementDocumentInput): Promise<Buffer> {
  const { lang, company, customer, plan } = input;
  const t = LABELS[lang];
  const pdf = openPdf({ title: `${t.agreementTitle} ${customer.name}`, lang, now: input.now, author: company.name });
  letterhead(pdf, company);
  title(pdf, t.agreementTitle, t.agreementNo(plan.id));

  heading(pdf, t.creditor);
  fields(pdf, [
    [t.name, company.name],
    [t.address, company.address ?? t.blank],
    [t.phone, company.phone ?? t.blank],
    [t.taxId, company.taxId ?? t.blank],
  ]);
  heading(pdf, t.debtor);
  fields(pdf, [
    [t.name, customer.name],
    [t.customerCode, customer.code],
    [t.address, t.blank],
    [t.taxId, t.blank],
    [t.contact, customer.contactName ?? t.blank],
  ]);

  const inWords = lang === "zh" ? chineseCapitalAmount(plan.total, plan.currency) : null;
  const clauses = agreementClauses(lang, {
    company: company.name,
    customer: customer.name,
    code: customer.code,
    createdOn: plan.createdOn,
    total: moneyText(plan.total, plan.currency),
    totalInWords: inWords ? `${plan.currency === "CNY" ? "人民币" : `${plan.currency} `}${inWords}` : null,
    graceDays: plan.graceDays,
    terms: plan.terms,
    hasInvoices: plan.invoices.length > 0,
  });
  const [owed, schedule, payment, ...rest] = clauses;
  for (const clause of [owed, schedule]) {
    if (!clause) continue;
    heading(pdf, clause.title);
    paragraph(pdf, clause.text, { indent: true });
    if (clause === schedule) {
      const rows = scheduleRows(plan, lang);
      table(
        pdf,
        [
          { header: t.seq, width: 0.3 },
          { header: t.payOn, width: 0.3 },
          { header: `${t.sum} (${plan.currency})`, width: 0.4, align: "right" },
        ],
        [
          ...rows.map((r) => [r.label, r.dueOn, groupedAmount(r.amount, plan.currency)]),
          [
            t.total,
            "",
            groupedAmount(
              rows.reduce((s, r) => s + r.amount, 0n),
              plan.currency,
            ),
          ],
        ],
        1,
      );
    }
  }
  if (payment) {
    heading(pdf, payment.title);
    paragraph(pdf, payment.text, { indent: true });
    const lines = paymentLines(pdf, company);
    if (lines.length) paymentBox(pdf, lines, "", null);
  }
  for (const clause of rest) {
    heading(pdf, clause.title);
    paragraph(pdf, clause.text, { indent: true });
  }
  if (plan.invoices.length) {
    heading(pdf, t.coveredInvoices);
    table(
      pdf,
      [
        { header: t.invoice, width: 0.28 },
        { header: t.issueDate, width: 0.18 },
        { header: t.dueDate, width: 0.18 },
        { header: t.currency, width: 0.12 },
        { header: t.amount, width: 0.24, align: "right" },
      ],
      plan.invoices.map((i) => [i.number, i.issueDate, i.dueDate, i.currency, groupedAmount(i.amount, i.currency)]),
    );
  }
  pdf.doc.moveDown(1);
  signatureBlocks(pdf, [
    { title: `${t.creditor}${t.stamp}`, lines: [company.name, t.signature, t.signDate] },
    { title: `${t.debtor}${t.stamp}`, lines: [customer.name, t.signature, t.signDate] },
  ]);
  footers(pdf, `${t.agreementTitle} · ${t.agreementNo(plan.id)}`, input.generatedAt);
  return pdf.finish();
}
