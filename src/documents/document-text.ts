// Every word the documents print, in Chinese and English, kept together so both languages stay in step and the
// letters' wording is checked by the language check in one test (document-text.test.ts). Letters are polite and
// factual (conduct.md rules 10 and 11): they name the company, the collector and a callback number, offer a payment
// plan, and leave disputed invoices out. Legal wording appears only in the lawyer's draft, which is only produced
// when legal action is approved (customers.legal) and only for claims that are not time-barred.
import type { DocumentLang } from "./document-format.ts";
import { longDate } from "./document-format.ts";

export const LETTER_KINDS = ["reminder", "final-demand", "lawyer-letter"] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export const CUSTOMER_DOCUMENT_KINDS = ["statement", ...LETTER_KINDS] as const;
export type CustomerDocumentKind = (typeof CUSTOMER_DOCUMENT_KINDS)[number];
export const DOCUMENT_KINDS = [...CUSTOMER_DOCUMENT_KINDS, "agreement"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Days a letter gives to pay or reply, from its date. */
export const REPLY_DAYS: Record<LetterKind, number> = { reminder: 10, "final-demand": 10, "lawyer-letter": 15 };

/**
 * The language a customer reads unless one is asked for: Chinese for customers in mainland China, Hong Kong, Macao
 * and Taiwan, English for other countries; with no country, English for foreign-trade customers, else Chinese.
 */
export function documentLanguageFor(customer: { country: string | null; foreignTrade: boolean }): DocumentLang {
  const country = customer.country?.trim().toUpperCase();
  if (country) return ["CN", "HK", "MO", "TW", "CHN", "中国"].includes(country) ? "zh" : "en";
  return customer.foreignTrade ? "en" : "zh";
}

export const LABELS = {
  zh: {
    page: (n: number, of: number) => `第 ${n} 页 / 共 ${of} 页`,
    generated: (at: string) => `生成时间 ${at}`,
    name: "名称",
    address: "地址",
    phone: "电话",
    taxId: "统一社会信用代码",
    bankName: "开户行",
    bankAccount: "账号",
    accountName: "户名",
    customer: "客户",
    customerCode: "客户编号",
    contact: "联系人",
    asOf: "截至日期",
    to: "致",
    statementTitle: "对账单",
    statementIntro: (company: string, asOf: string) =>
      `${company}与贵司截至${longDate(asOf, "zh")}的往来账目如下，请核对。如有不符，请在回执上注明差异后寄回或与我们联系。`,
    summary: "账户余额",
    currency: "币种",
    balance: "余额",
    openTotal: "未结发票合计",
    overdueTotal: "其中已逾期",
    unappliedCredit: "未核销的付款或贷项",
    openItems: "未结发票明细",
    noOpenItems: "截至该日没有未结发票。",
    invoice: "发票号",
    issueDate: "开票日期",
    dueDate: "到期日",
    amount: "发票金额",
    sum: "金额",
    open: "未付金额",
    daysPastDue: "逾期天数",
    disputedMark: "（有异议）",
    aging: "账龄分析",
    total: "合计",
    activity: (from: string, to: string) => `本期往来明细（${from} 至 ${to}）`,
    date: "日期",
    entry: "摘要",
    reference: "单据号",
    debit: "借方（应收）",
    credit: "贷方（已收）",
    opening: "期初余额",
    closing: "期末余额",
    entryKinds: {
      invoice: "销售发票",
      payment: "收款",
      reversal: "收款退回",
      credit_note: "贷项通知",
      write_off: "核销",
    },
    paymentTitle: "付款方式",
    paymentReference: (code: string) => `付款时请在附言中注明客户编号 ${code}。`,
    paymentAsk: "如需我方银行账户信息，请与我们联系。",
    qrCaption: "扫码查看付款信息",
    portalTitle: "在线查看与回复",
    portalText: (until: string) =>
      `扫描左侧二维码或打开下面的链接，可在线查看发票、下载对账单、确认余额，或告诉我们付款安排和有异议的发票。此链接仅供贵司使用，有效期至${until}。`,
    portalCaption: "扫码在线查看",
    slipTitle: "余额确认回执",
    slipCut: "请沿虚线剪下，签字盖章后寄回或拍照发给我们",
    slipTo: (company: string) => `致：${company}`,
    slipText: (asOf: string) => `本公司确认，截至${longDate(asOf, "zh")}，本公司欠贵司的款项余额为：`,
    slipAgree: "□ 上述余额相符",
    slipDisagree: "□ 上述余额不符，差异说明：",
    stamp: "（盖章）",
    signature: "授权代表（签字）",
    signDate: "日期",
    dear: (name: string) => `${name}：`,
    hello: "您好！",
    contactLine: (collector: string, phone: string) => `联系人：${collector}，电话：${phone}`,
    regards: ["此致", "敬礼"],
    letterTitles: { reminder: "催款函", "final-demand": "最终催款函", "lawyer-letter": "律师函" },
    draftBanner: "草稿：须经律师审阅、修改并签署后方可发出",
    overdueInvoices: "逾期发票明细",
    agreementTitle: "还款协议",
    agreementNo: (id: number) => `协议编号：HK-PLAN-${id}`,
    creditor: "甲方（债权人）",
    debtor: "乙方（债务人）",
    blank: "＿＿＿＿＿＿＿＿＿＿",
    schedule: "还款计划",
    seq: "期次",
    downPayment: "首付款",
    installment: (n: number) => `第 ${n} 期`,
    payOn: "付款日期",
    coveredInvoices: "本协议涉及的发票",
    inWords: "大写",
  },
  en: {
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    generated: (at: string) => `Generated ${at}`,
    name: "Name",
    address: "Address",
    phone: "Telephone",
    taxId: "Tax ID",
    bankName: "Bank",
    bankAccount: "Account number",
    accountName: "Account name",
    customer: "Customer",
    customerCode: "Customer code",
    contact: "Attention",
    asOf: "As of",
    to: "To",
    statementTitle: "Statement of account",
    statementIntro: (company: string, asOf: string) =>
      `Please find below your account with ${company} as of ${longDate(asOf, "en")}. If anything does not agree with your records, please note the difference on the confirmation slip and return it, or contact us.`,
    summary: "Balance",
    currency: "Currency",
    balance: "Balance",
    openTotal: "Open invoices",
    overdueTotal: "of which past due",
    unappliedCredit: "Unapplied payments and credits",
    openItems: "Open invoices",
    noOpenItems: "No invoices were open on that date.",
    invoice: "Invoice",
    issueDate: "Issued",
    dueDate: "Due",
    amount: "Amount",
    sum: "Amount",
    open: "Open",
    daysPastDue: "Days past due",
    disputedMark: " (disputed)",
    aging: "Aging",
    total: "Total",
    activity: (from: string, to: string) => `Account activity (${from} to ${to})`,
    date: "Date",
    entry: "Entry",
    reference: "Reference",
    debit: "Debit",
    credit: "Credit",
    opening: "Opening balance",
    closing: "Closing balance",
    entryKinds: {
      invoice: "Invoice",
      payment: "Payment",
      reversal: "Payment reversed",
      credit_note: "Credit note",
      write_off: "Write-off",
    },
    paymentTitle: "How to pay",
    paymentReference: (code: string) => `Please quote your customer code ${code} with your payment.`,
    paymentAsk: "Please contact us for our bank details.",
    qrCaption: "Scan for payment details",
    portalTitle: "See and answer online",
    portalText: (until: string) =>
      `Scan the code on the left or open the link below to see the invoices, download this statement, confirm the balance, or tell us your payment arrangements and any invoice you dispute. The link is for your company only and works until ${until}.`,
    portalCaption: "Scan to open online",
    slipTitle: "Balance confirmation",
    slipCut: "Please cut along the line, sign, stamp and return this slip (a photo is fine)",
    slipTo: (company: string) => `To: ${company}`,
    slipText: (asOf: string) => `We confirm that on ${longDate(asOf, "en")} the balance we owe you was:`,
    slipAgree: "□ The balance above agrees with our records",
    slipDisagree: "□ The balance does not agree; the difference is:",
    stamp: "(company stamp)",
    signature: "Authorised signature",
    signDate: "Date",
    dear: (name: string) => `Dear ${name},`,
    hello: "",
    contactLine: (collector: string, phone: string) => `Your contact: ${collector}, telephone ${phone}.`,
    regards: ["Yours faithfully,"],
    letterTitles: {
      reminder: "Payment reminder",
      "final-demand": "Final request for payment",
      "lawyer-letter": "Letter before action",
    },
    draftBanner: "DRAFT: to be reviewed, completed and signed by a lawyer before it is sent",
    overdueInvoices: "Overdue invoices",
    agreementTitle: "Repayment agreement",
    agreementNo: (id: number) => `Agreement no. HK-PLAN-${id}`,
    creditor: "Creditor",
    debtor: "Debtor",
    blank: "____________________",
    schedule: "Repayment schedule",
    seq: "No.",
    downPayment: "Down payment",
    installment: (n: number) => `Installment ${n}`,
    payOn: "Payment date",
    coveredInvoices: "Invoices covered by this agreement",
    inWords: "In words",
  },
} as const satisfies Record<DocumentLang, unknown>;
export type Labels = (typeof LABELS)[DocumentLang];

export type LetterFacts = {
  company: string;
  customer: string;
  asOf: string;
  /** "CNY 12,000.00" or "CNY 1,000.00 + USD 30.00". */
  total: string;
  invoices: number;
  oldestDue: string;
  oldestDays: number;
  replyBy: string;
  disputedLeftOut: number;
  collector: string;
  phone: string;
};

/** The paragraphs of a letter's body, before the invoice table and the payment instructions. */
export function letterParagraphs(kind: LetterKind, lang: DocumentLang, f: LetterFacts): string[] {
  const asOf = longDate(f.asOf, lang);
  const by = longDate(f.replyBy, lang);
  const oldest = longDate(f.oldestDue, lang);
  const disputed =
    f.disputedLeftOut > 0
      ? [
          lang === "zh"
            ? "贵司已提出异议的发票不在本函所列之内，我们正在另行核实处理。"
            : "Invoices you have disputed are not included in this letter; we are looking into them separately.",
        ]
      : [];
  if (lang === "zh") {
    switch (kind) {
      case "reminder":
        return [
          `感谢贵司一直以来对${f.company}的支持。根据我司账务记录，截至${asOf}，贵司有${f.invoices}张发票已过付款期限，未付金额合计${f.total}，明细见下表。`,
          `请贵司核对后于${by}前安排付款，收款账户见下文。如款项已经支付，请将付款凭证发给我们，并请忽略本函。`,
          "如贵司对账目有疑问，或目前全额付款确有困难，欢迎与我们联系，我们愿意一起商量合适的付款安排，例如分期付款。",
          ...disputed,
        ];
      case "final-demand":
        return [
          `我司此前已就下列款项多次与贵司联系。截至${asOf}，贵司仍有${f.invoices}张发票未付，合计${f.total}，其中最早一张于${oldest}到期，已逾期${f.oldestDays}天。`,
          `请贵司于${by}前付清上述款项，或在该日期前与我们联系，确认付款日期或商定分期付款安排。`,
          "如届时我们既未收到付款也未收到贵司的答复，我司将复核贵司账户的信用条件，包括暂停赊销发货。我们仍希望与贵司协商解决。",
          ...disputed,
        ];
      case "lawyer-letter":
        return [
          `［律师事务所名称］接受${f.company}（以下简称"委托人"）的委托，就贵司拖欠委托人货款一事，致函如下：`,
          `根据委托人提供的交易记录，截至${asOf}，贵司尚欠委托人货款合计${f.total}（明细见附表），均已超过约定的付款期限，其中最早一张发票于${oldest}到期。委托人此前已多次与贵司联系，上述款项至今未付。`,
          `请贵司于${by}前将上述款项支付至委托人下列账户，或与委托人联系协商还款安排。`,
          "如贵司在上述期限内既未付款也未与委托人联系，委托人将考虑依法通过诉讼或仲裁途径主张权利。如贵司对上述款项有异议，请在上述期限内书面提出并附相关依据。",
          ...disputed,
        ];
    }
  }
  switch (kind) {
    case "reminder":
      return [
        `Thank you for your continued business with ${f.company}. According to our records, as of ${asOf} ${f.invoices} invoice(s) totalling ${f.total} have passed their due date; the details are listed below.`,
        `Please check them and arrange payment by ${by} to the account shown below. If you have already paid, please send us the remittance advice and disregard this letter.`,
        "If you have a question about these invoices, or if paying in full is difficult at the moment, please contact us: we are glad to agree a suitable arrangement, such as a payment plan.",
        ...disputed,
      ];
    case "final-demand":
      return [
        `We have written to you before about the amounts below. As of ${asOf}, ${f.invoices} invoice(s) totalling ${f.total} remain unpaid; the oldest was due on ${oldest}, ${f.oldestDays} days ago.`,
        `Please pay this amount by ${by}, or contact us before that date to confirm a payment date or to agree a payment plan.`,
        "If we have received neither payment nor a reply by then, we will review the credit terms of your account, which may include suspending deliveries on credit. We would still prefer to settle this with you by agreement.",
        ...disputed,
      ];
    case "lawyer-letter":
      return [
        `[Name of law firm] acts for ${f.company} ("our client") in respect of the amounts your company owes our client.`,
        `According to our client's records, as of ${asOf} your company owes our client ${f.total} for goods supplied (details in the schedule below). All of it is past the agreed payment terms; the oldest invoice was due on ${oldest}. Our client has contacted you about it several times without result.`,
        `Please pay this amount to our client's account shown below by ${by}, or contact our client to agree a repayment arrangement.`,
        "If by that date your company has neither paid nor contacted our client, our client will consider bringing a lawsuit or arbitration to recover the debt. If you dispute any of these amounts, please tell us in writing by that date with your reasons and supporting documents.",
        ...disputed,
      ];
  }
}

export type AgreementFacts = {
  company: string;
  customer: string;
  code: string;
  createdOn: string;
  total: string;
  totalInWords: string | null;
  graceDays: number;
  terms: string | null;
  hasInvoices: boolean;
};

export function agreementClauses(lang: DocumentLang, f: AgreementFacts): { title: string; text: string }[] {
  const on = longDate(f.createdOn, lang);
  if (lang === "zh") {
    return [
      {
        title: "一、欠款确认",
        text: `乙方确认，截至${on}，乙方尚欠甲方货款${f.total}${f.totalInWords ? `（大写：${f.totalInWords}）` : ""}${f.hasInvoices ? "，涉及的发票见附表" : ""}。`,
      },
      { title: "二、还款计划", text: "双方同意，乙方按下表所列日期和金额向甲方付款，各期金额合计等于上述欠款总额。" },
      {
        title: "三、付款方式",
        text: `乙方应将各期款项支付至甲方下列银行账户，并在付款附言中注明客户编号 ${f.code}。`,
      },
      {
        title: "四、逾期付款",
        text: `乙方任一期款项超过约定付款日期${f.graceDays}日仍未足额支付的，本还款计划终止，甲方有权要求乙方一次性支付全部未付款项。`,
      },
      {
        title: "五、期间安排",
        text: "乙方按本协议按期付款期间，甲方不就已纳入本协议的款项另行催收，但会在每期付款日前提醒乙方。",
      },
      ...(f.terms ? [{ title: "六、其他约定", text: f.terms }] : []),
      {
        title: f.terms ? "七、生效" : "六、生效",
        text: "本协议一式两份，甲乙双方各执一份，自双方授权代表签字并加盖公章之日起生效。",
      },
    ];
  }
  return [
    {
      title: "1. Amount owed",
      text: `The Debtor confirms that on ${on} it owed the Creditor ${f.total}${f.hasInvoices ? " for the invoices listed in the schedule" : ""}.`,
    },
    {
      title: "2. Repayment schedule",
      text: "The parties agree that the Debtor pays the Creditor the amounts on the dates in the table below; together they come to the amount owed exactly.",
    },
    {
      title: "3. Payment",
      text: `The Debtor pays each amount to the Creditor's bank account below, quoting customer code ${f.code}.`,
    },
    {
      title: "4. Late payment",
      text: `If any amount is not paid in full within ${f.graceDays} days after its date, this repayment plan ends and the Creditor may ask for everything still unpaid to be paid in one sum.`,
    },
    {
      title: "5. While the plan runs",
      text: "While the Debtor pays on time, the Creditor does not pursue the amounts covered by this agreement otherwise, and reminds the Debtor before each payment date.",
    },
    ...(f.terms ? [{ title: "6. Other terms", text: f.terms }] : []),
    {
      title: f.terms ? "7. Effect" : "6. Effect",
      text: "This agreement is made in two copies, one for each party, and takes effect when signed and stamped by both parties' authorised representatives.",
    },
  ];
}
