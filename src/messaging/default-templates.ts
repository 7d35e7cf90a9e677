// The templates a new installation starts with: a friendly payment reminder, the cover email of a statement of
// account, a short SMS nudge and the receipt for a payment recorded by hand, each in Chinese and English. Polite, factual, with an option rather than an
// ultimatum, and naming the company, the collector and a callback number (conduct rule 10).
import type { Cause, Tone } from "../collection/collection.enums.ts";
import type { MessageChannel, TemplateLanguage } from "./messaging.schema.ts";

export type DefaultTemplate = {
  key: string;
  channel: MessageChannel;
  language: TemplateLanguage;
  step: string | null;
  cause: Cause | null;
  tone: Tone | null;
  name: string;
  subject: string | null;
  body: string;
};

const lines = (...l: string[]) => l.join("\n");

export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  {
    key: "reminder.friendly",
    channel: "email",
    language: "zh-CN",
    step: "reminder",
    cause: null,
    tone: "friendly",
    name: "付款提醒(友好)",
    subject: "{company}:付款提醒({customer})",
    body: lines(
      "{contact}您好:",
      "",
      "感谢贵司一直以来的合作。经核对,截至{statement_date},以下发票尚未收到付款,合计{amount},最早一张于{due_date}到期:",
      "",
      "{invoice_list}",
      "",
      "可能只是付款流程还没走完。如款项已经安排,请忽略本邮件;如对金额或发票有任何疑问,或者需要分期安排,欢迎直接回复或来电,我们很乐意一起商量。",
      "",
      "祝好!",
      "{collector}",
      "{company}",
      "电话:{callback_phone}",
    ),
  },
  {
    key: "reminder.friendly",
    channel: "email",
    language: "en",
    step: "reminder",
    cause: null,
    tone: "friendly",
    name: "Payment reminder (friendly)",
    subject: "{company}: payment reminder for {customer}",
    body: lines(
      "Dear {contact},",
      "",
      "Thank you for your continued business. According to our records, as of {statement_date} the invoices below are still open, {amount} in total, the oldest due on {due_date}:",
      "",
      "{invoice_list}",
      "",
      "This may simply be on its way. If the payment is already scheduled, please disregard this message. If anything looks wrong, or if spreading the amount over a few instalments would help, just reply or give me a call and we will sort it out together.",
      "",
      "Kind regards,",
      "{collector}",
      "{company}",
      "Phone: {callback_phone}",
    ),
  },
  {
    key: "statement.cover",
    channel: "email",
    language: "zh-CN",
    step: "statement",
    cause: null,
    tone: "formal",
    name: "对账单随附邮件",
    subject: "{company}对账单({customer},截至{statement_date})",
    body: lines(
      "{contact}您好:",
      "",
      "随信附上贵司截至{statement_date}的对账单,请查收核对。目前未结清的发票如下,合计{amount}:",
      "",
      "{invoice_list}",
      "",
      "如核对无误,烦请回复确认;如有差异,请告诉我们具体是哪一笔,我们会尽快核实。",
      "",
      "谢谢!",
      "{collector}",
      "{company}",
      "电话:{callback_phone}",
    ),
  },
  {
    key: "statement.cover",
    channel: "email",
    language: "en",
    step: "statement",
    cause: null,
    tone: "formal",
    name: "Statement of account cover email",
    subject: "{company}: statement of account for {customer} as of {statement_date}",
    body: lines(
      "Dear {contact},",
      "",
      "Please find your statement of account as of {statement_date}. The open invoices come to {amount}:",
      "",
      "{invoice_list}",
      "",
      "We would be grateful if you could check it and confirm the balance by replying to this email. If any line differs from your records, tell us which one and we will look into it.",
      "",
      "Thank you,",
      "{collector}",
      "{company}",
      "Phone: {callback_phone}",
    ),
  },
  {
    key: "sms.nudge",
    channel: "sms",
    language: "zh-CN",
    step: "reminder",
    cause: "forgot",
    tone: "friendly",
    name: "短信提醒",
    subject: null,
    body: "【{company}】{contact}您好,贵司有{amount}的货款已于{due_date}到期,如已安排付款请忽略。有疑问请致电{callback_phone}。",
  },
  {
    key: "sms.nudge",
    channel: "sms",
    language: "en",
    step: "reminder",
    cause: "forgot",
    tone: "friendly",
    name: "SMS nudge",
    subject: null,
    body: "{company}: Hello {contact}, a friendly note that {amount} fell due on {due_date}. If it is already paid or scheduled, thank you. Questions: {callback_phone}.",
  },
  {
    key: "payment.receipt",
    channel: "email",
    language: "zh-CN",
    step: null,
    cause: null,
    tone: "friendly",
    name: "收款确认",
    subject: "{company}:已收到您的付款({payment_reference})",
    body: lines(
      "{contact}您好:",
      "",
      "我们已于{payment_date}收到贵司付款{payment_amount}(参考号:{payment_reference}),非常感谢!",
      "",
      "入账后如有任何差异,或需要最新的对账单,请直接回复本邮件或来电,我们会尽快处理。",
      "",
      "祝好!",
      "{collector}",
      "{company}",
      "电话:{callback_phone}",
    ),
  },
  {
    key: "payment.receipt",
    channel: "email",
    language: "en",
    step: null,
    cause: null,
    tone: "friendly",
    name: "Payment received",
    subject: "{company}: your payment has arrived ({payment_reference})",
    body: lines(
      "Hello {contact},",
      "",
      "We received your payment of {payment_amount} on {payment_date} (reference {payment_reference}). Thank you!",
      "",
      "If anything looks different once it is booked, or you would like an up-to-date statement, just reply to this email or call us.",
      "",
      "Kind regards,",
      "{collector}",
      "{company}",
      "Phone: {callback_phone}",
    ),
  },
];
