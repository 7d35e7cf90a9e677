// What each import kind reads: field names, whether they are required, the SQL type they stage as, and the
// headers (English and Chinese ERP/Excel exports) that map to them automatically.
import { type MessageText, msg } from "../errors/app-error.ts";

export const IMPORT_KINDS = ["customers", "contacts", "invoices", "payments"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type FieldType = "text" | "date" | "amount" | "currency" | "boolean" | "int" | "list" | "zone";
export type FieldSpec = { name: string; type: FieldType; required?: boolean; aliases: readonly string[] };

const customerCode: FieldSpec = {
  name: "customer_code",
  type: "text",
  required: true,
  aliases: [
    "customer code",
    "customer id",
    "customer no",
    "customer number",
    "account",
    "account no",
    "debtor code",
    "客户编码",
    "客户编号",
    "客户代码",
    "客户号",
    "往来单位编码",
    "单位编码",
  ],
};
const customerName: FieldSpec = {
  name: "customer_name",
  type: "text",
  aliases: [
    "customer",
    "customer name",
    "debtor",
    "debtor name",
    "客户名称",
    "客户",
    "客户名",
    "往来单位",
    "往来单位名称",
    "单位名称",
    "公司名称",
  ],
};
const currency: FieldSpec = {
  name: "currency",
  type: "currency",
  aliases: ["currency", "ccy", "cur", "币种", "币别", "货币"],
};

export const FIELDS: Record<ImportKind, readonly FieldSpec[]> = {
  customers: [
    { ...customerCode, name: "code", aliases: ["code", ...customerCode.aliases] },
    { ...customerName, name: "name", required: true, aliases: ["name", ...customerName.aliases] },
    { name: "credit_limit", type: "amount", aliases: ["credit limit", "信用额度", "授信额度"] },
    { name: "credit_currency", type: "currency", aliases: ["credit currency", "额度币种", ...currency.aliases] },
    {
      name: "payment_terms_days",
      type: "int",
      aliases: ["payment terms", "terms", "terms days", "账期", "账期天数", "信用期", "付款期限"],
    },
    { name: "credit_rating", type: "text", aliases: ["credit rating", "rating", "信用等级", "信用评级"] },
    { name: "country", type: "text", aliases: ["country", "国家", "国家地区"] },
    { name: "time_zone", type: "zone", aliases: ["time zone", "timezone", "tz", "时区"] },
    { name: "debtor_type", type: "text", aliases: ["debtor type", "type", "客户类型", "类型"] },
    {
      name: "collector",
      type: "text",
      aliases: ["collector", "collector login", "sales rep", "salesperson", "催款员", "业务员", "负责人"],
    },
    { name: "credit_hold", type: "boolean", aliases: ["credit hold", "on hold", "停止供货", "冻结"] },
    { name: "prepay_only", type: "boolean", aliases: ["prepay only", "prepayment", "先款后货"] },
    { name: "legal", type: "boolean", aliases: ["legal", "legal action", "诉讼", "法律程序"] },
    { name: "do_not_contact", type: "boolean", aliases: ["do not contact", "dnc", "禁止联系"] },
    { name: "middleman", type: "boolean", aliases: ["middleman", "中间商", "经销商"] },
    { name: "foreign_trade", type: "boolean", aliases: ["foreign trade", "export", "外贸"] },
    { name: "notes", type: "text", aliases: ["notes", "note", "remark", "remarks", "备注", "说明"] },
  ],
  contacts: [
    customerCode,
    {
      name: "name",
      type: "text",
      required: true,
      aliases: ["contact", "contact name", "name", "联系人", "联系人姓名", "姓名"],
    },
    { name: "role", type: "text", aliases: ["role", "position", "title", "职务", "角色", "岗位"] },
    {
      name: "phones",
      type: "list",
      aliases: ["phone", "phones", "mobile", "tel", "telephone", "电话", "手机", "手机号", "联系电话"],
    },
    { name: "emails", type: "list", aliases: ["email", "emails", "e-mail", "mail", "邮箱", "电子邮件", "电子邮箱"] },
    { name: "preferred_channel", type: "text", aliases: ["preferred channel", "channel", "首选渠道", "联系方式"] },
    { name: "time_zone", type: "zone", aliases: ["time zone", "timezone", "tz", "时区"] },
    { name: "opt_out_call", type: "boolean", aliases: ["opt out call", "no calls", "拒接电话"] },
    { name: "opt_out_sms", type: "boolean", aliases: ["opt out sms", "no sms", "退订短信"] },
    { name: "opt_out_email", type: "boolean", aliases: ["opt out email", "no email", "退订邮件"] },
    { name: "notes", type: "text", aliases: ["notes", "note", "remark", "备注"] },
  ],
  invoices: [
    customerCode,
    customerName,
    {
      name: "number",
      type: "text",
      required: true,
      aliases: [
        "invoice",
        "invoice no",
        "invoice number",
        "invoice #",
        "document no",
        "doc no",
        "bill no",
        "发票号",
        "发票号码",
        "发票编号",
        "单据编号",
        "单据号",
        "单号",
        "凭证号",
        "销售单号",
      ],
    },
    {
      name: "issue_date",
      type: "date",
      required: true,
      aliases: [
        "issue date",
        "invoice date",
        "date",
        "document date",
        "开票日期",
        "单据日期",
        "发票日期",
        "日期",
        "业务日期",
      ],
    },
    {
      name: "due_date",
      type: "date",
      required: true,
      aliases: ["due date", "due", "payment due", "到期日", "到期日期", "应收日期", "收款日期"],
    },
    {
      name: "amount",
      type: "amount",
      required: true,
      aliases: [
        "amount",
        "invoice amount",
        "total",
        "gross amount",
        "金额",
        "发票金额",
        "应收金额",
        "价税合计",
        "含税金额",
      ],
    },
    currency,
    {
      name: "paid_date",
      type: "date",
      aliases: [
        "paid date",
        "paid on",
        "settled date",
        "settlement date",
        "付款日期",
        "结清日期",
        "核销日期",
        "回款日期",
      ],
    },
    { name: "disputed", type: "boolean", aliases: ["disputed", "dispute", "in dispute", "争议", "有争议", "异议"] },
    {
      name: "reference",
      type: "text",
      aliases: [
        "reference",
        "order",
        "order no",
        "delivery",
        "delivery no",
        "po",
        "订单号",
        "发货单号",
        "出库单号",
        "合同号",
      ],
    },
  ],
  payments: [
    customerCode,
    {
      name: "reference",
      type: "text",
      required: true,
      aliases: [
        "reference",
        "payment reference",
        "payment no",
        "receipt no",
        "transaction id",
        "收款单号",
        "回款单号",
        "流水号",
        "银行流水号",
        "单据编号",
      ],
    },
    {
      name: "date",
      type: "date",
      required: true,
      aliases: [
        "date",
        "payment date",
        "paid date",
        "value date",
        "付款日期",
        "收款日期",
        "回款日期",
        "到账日期",
        "日期",
      ],
    },
    {
      name: "amount",
      type: "amount",
      required: true,
      aliases: ["amount", "payment amount", "paid amount", "金额", "收款金额", "回款金额", "到账金额"],
    },
    currency,
    { name: "method", type: "text", aliases: ["method", "payment method", "收款方式", "付款方式", "结算方式"] },
    {
      name: "invoice_number",
      type: "text",
      aliases: ["invoice", "invoice no", "invoice number", "发票号", "发票号码", "核销发票"],
    },
  ],
};

export function normalizeHeader(h: string): string {
  return h
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.:：()（）/]+/g, " ")
    .trim();
}

export type MappingInput = {
  /** field -> header, from --column field=Header or a --map file. */
  explicit?: Record<string, string>;
};
export type Mapping = { columnOf: Map<string, number>; problems: MessageText[]; notes: string[] };

/**
 * Decides which column feeds which field: explicit mappings first, then headers equal to the field names,
 * then known English and Chinese headers. Every problem is reported at once.
 */
export function resolveMapping(kind: ImportKind, headers: readonly string[], input: MappingInput = {}): Mapping {
  const fields = FIELDS[kind];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const normalized = headers.map(normalizeHeader);
  const columnOf = new Map<string, number>();
  const used = new Set<number>();
  const problems: MessageText[] = [];
  const notes: string[] = [];

  for (const [field, header] of Object.entries(input.explicit ?? {})) {
    if (!byName.has(field)) {
      problems.push(
        msg`unknown field "${field}" in the column mapping (fields for ${kind}: ${fields.map((f) => f.name).join(", ")})`,
      );
      continue;
    }
    let idx = headers.indexOf(header);
    if (idx < 0) idx = normalized.indexOf(normalizeHeader(header));
    if (idx < 0) {
      problems.push(
        msg`the mapping sends field "${field}" to column "${header}", but the file has no such column (columns: ${headers.join(", ")})`,
      );
      continue;
    }
    columnOf.set(field, idx);
    used.add(idx);
  }
  // Exact field names first, so a file using Huikuan's own headers never depends on the alias lists.
  for (const pass of ["name", "alias"] as const) {
    for (const f of fields) {
      if (columnOf.has(f.name)) continue;
      const wanted = pass === "name" ? [normalizeHeader(f.name)] : f.aliases.map(normalizeHeader);
      const idx = normalized.findIndex((h, i) => !used.has(i) && wanted.includes(h));
      if (idx >= 0) {
        columnOf.set(f.name, idx);
        used.add(idx);
        if (pass === "alias") notes.push(`column "${headers[idx]}" → ${f.name}`);
      }
    }
  }
  const missing = fields.filter((f) => f.required && !columnOf.has(f.name)).map((f) => f.name);
  if (missing.length) {
    const names = missing.map((m) => `"${m}"`).join(", ");
    const columns = headers.join(", ") || "none";
    problems.push(
      missing.length > 1
        ? msg`missing required columns ${names} (file columns: ${columns}; map one with --column ${missing[0]}=Header)`
        : msg`missing required column ${names} (file columns: ${columns}; map one with --column ${missing[0]}=Header)`,
    );
  }
  return { columnOf, problems, notes };
}
