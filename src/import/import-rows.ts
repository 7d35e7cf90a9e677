// Turns one spreadsheet row into the typed values to stage, or into messages naming row and column. Pure.

import { isIanaTimeZone } from "../calendar/calendar-date.ts";
import { type Message, type MessageText, msg } from "../errors/app-error.ts";
import { currencyDigits } from "../money/currencies.ts";
import { documentAmountProblem } from "../money/money.ts";
import { FIELDS, type FieldSpec, type ImportKind } from "./import-fields.ts";
import {
  type DateFormat,
  excelErrorMessage,
  excelErrorOf,
  parseAmountCell,
  parseBooleanCell,
  parseCurrencyCell,
  parseDateCell,
} from "./parse-values.ts";
import { type Cell, cellText } from "./read-table.ts";

export type StagedValue = string | number | bigint | boolean | string[] | null;
export type RowProblem = { rowNo: number; field: string; message: MessageText };
export type RowContext = {
  kind: ImportKind;
  /** field -> column index in the file */
  columnOf: Map<string, number>;
  headers: readonly string[];
  dateFormat?: DateFormat;
  /** Used when the file has no currency column or the cell is empty. */
  defaultCurrency: string;
  /** The company's date today (in its time zone): payments dated after it are refused, as when recorded by hand. */
  today?: string;
};

const ROLE_WORDS: Record<string, "owner" | "finance" | "purchasing" | "other"> = {
  owner: "owner",
  boss: "owner",
  ceo: "owner",
  director: "owner",
  "general manager": "owner",
  老板: "owner",
  法人: "owner",
  总经理: "owner",
  董事长: "owner",
  负责人: "owner",
  finance: "finance",
  accounting: "finance",
  accounts: "finance",
  ap: "finance",
  "accounts payable": "finance",
  cfo: "finance",
  财务: "finance",
  会计: "finance",
  出纳: "finance",
  财务经理: "finance",
  purchasing: "purchasing",
  procurement: "purchasing",
  buyer: "purchasing",
  purchase: "purchasing",
  采购: "purchasing",
  采购经理: "purchasing",
  other: "other",
  其他: "other",
};
const CHANNEL_WORDS: Record<string, string> = {
  call: "call",
  phone: "call",
  电话: "call",
  sms: "sms",
  text: "sms",
  短信: "sms",
  email: "email",
  "e-mail": "email",
  mail: "email",
  邮件: "email",
  wechat: "wechat",
  微信: "wechat",
  visit: "visit",
  上门: "visit",
  拜访: "visit",
  letter: "letter",
  信函: "letter",
};
const DEBTOR_WORDS: Record<string, string> = {
  business: "business",
  company: "business",
  企业: "business",
  公司: "business",
  sole_trader: "sole_trader",
  "sole trader": "sole_trader",
  个体: "sole_trader",
  个体工商户: "sole_trader",
  consumer: "consumer",
  individual: "consumer",
  个人: "consumer",
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Plan = { name: string; type: FieldSpec["type"]; required: boolean; index: number; slot: number };

/**
 * Compiles the checks for one file once (which column feeds which field), so the per-row work is only the
 * parsing itself: an import of a million rows runs this a million times.
 */
export function makeRowValidator(
  ctx: RowContext,
): (rowNo: number, cells: readonly Cell[]) => { values: StagedValue[]; problems: RowProblem[] } {
  const fields = FIELDS[ctx.kind];
  const plans: Plan[] = fields.map((f, slot) => ({
    name: f.name,
    type: f.type,
    required: Boolean(f.required),
    index: ctx.columnOf.get(f.name) ?? -1,
    slot,
  }));
  const slotOf = new Map(plans.map((p) => [p.name, p.slot]));
  const currencyPlans = plans.filter((p) => p.type === "currency");
  const otherPlans = plans.filter((p) => p.type !== "currency");
  const currencySlot = ctx.kind === "invoices" || ctx.kind === "payments" ? (slotOf.get("currency") ?? -1) : -1;
  const creditCurrencySlot = slotOf.get("credit_currency") ?? -1;
  const digitsCache = new Map<string, number>();
  const digitsOf = (code: string) => {
    let d = digitsCache.get(code);
    if (d === undefined) {
      d = currencyDigits(code);
      digitsCache.set(code, d);
    }
    return d;
  };
  const noProblems: RowProblem[] = [];
  // Invoices are the million-row files: their one cross-field rule runs inline.
  const isInvoice = ctx.kind === "invoices";
  const issueSlot = slotOf.get("issue_date") ?? -1;
  const dueSlot = slotOf.get("due_date") ?? -1;
  // No closures per row: a million rows would allocate a million of them.
  const withProblem = (list: RowProblem[], rowNo: number, field: string, message: MessageText): RowProblem[] => {
    const out = list === noProblems ? [] : list;
    out.push({ rowNo, field, message });
    return out;
  };

  // Values live in an array in field order (not an object keyed by name): a million rows make that difference.
  return (rowNo, cells) => {
    let problems = noProblems;
    const values: StagedValue[] = new Array(plans.length).fill(null);
    // Currency first: it decides how many decimals the amounts may have.
    let currency = ctx.defaultCurrency;
    for (const p of currencyPlans) {
      const cell = p.index < 0 ? null : (cells[p.index] ?? null);
      const raw = cellText(cell);
      const error = raw.charCodeAt(0) === 35 ? excelErrorOf(typeof cell === "string" ? raw : cell) : null;
      if (error) {
        problems = withProblem(problems, rowNo, p.name, excelErrorMessage(error));
        continue;
      }
      if (raw === "") {
        values[p.slot] = p.index >= 0 ? ctx.defaultCurrency : null;
        continue;
      }
      const r = raw === currency ? { ok: true as const, value: raw } : parseCurrencyCell(raw);
      if (r.ok) {
        values[p.slot] = r.value;
        currency = r.value;
      } else problems = withProblem(problems, rowNo, p.name, r.message);
    }
    if (currencySlot >= 0) values[currencySlot] = currency;
    for (const p of otherPlans) {
      const cell = p.index < 0 ? null : (cells[p.index] ?? null);
      const text = cellText(cell);
      // An error value (#N/A) is never data, whatever the field; in a CSV file, the token Excel wrote for one.
      if (text.charCodeAt(0) === 35) {
        const error = excelErrorOf(typeof cell === "string" ? text : cell);
        if (error) {
          problems = withProblem(problems, rowNo, p.name, excelErrorMessage(error));
          continue;
        }
      }
      if (text === "") {
        if (p.required) problems = withProblem(problems, rowNo, p.name, msg`is empty (required)`);
        values[p.slot] = p.index < 0 ? null : p.type === "boolean" ? false : p.type === "list" ? [] : null;
        continue;
      }
      const creditCurrency = creditCurrencySlot >= 0 ? (values[creditCurrencySlot] as string | null) : null;
      const problem = parseField(p, cell, text, values, currency, creditCurrency, digitsOf, ctx.dateFormat);
      if (problem) problems = withProblem(problems, rowNo, p.name, problem);
    }
    if (isInvoice) {
      const issue = values[issueSlot] as string | null;
      const due = values[dueSlot] as string | null;
      if (issue && due && due < issue) {
        problems = withProblem(problems, rowNo, "due_date", msg`due date ${due} is before the issue date ${issue}`);
      }
      return { values, problems };
    }
    const ruled = kindRules(ctx.kind, values, slotOf, ctx.today);
    if (ruled) for (const [field, message] of ruled) problems = withProblem(problems, rowNo, field, message);
    return { values, problems };
  };
}

/** Parses one non-empty cell into values[p.slot]; returns a problem message or null. */
function parseField(
  p: Plan,
  cell: Cell,
  text: string,
  values: StagedValue[],
  currency: string,
  creditCurrency: string | null,
  digitsOf: (code: string) => number,
  dateFormat: DateFormat | undefined,
): MessageText | null {
  switch (p.type) {
    case "text":
      values[p.slot] = text;
      return null;
    case "date": {
      const r = parseDateCell(typeof cell === "string" ? text : cell, dateFormat);
      if (!r.ok) return r.message;
      values[p.slot] = r.value;
      return null;
    }
    case "amount": {
      const cur = (p.name === "credit_limit" ? creditCurrency : null) ?? currency;
      const r = parseAmountCell(typeof cell === "string" ? text : cell, digitsOf(cur), cur);
      if (!r.ok) return r.message;
      if (r.value < 0n) return msg`"${text}" is negative (record credit notes as adjustments, not negative amounts)`;
      const tooLarge = documentAmountProblem(r.value, digitsOf(cur), cur);
      if (tooLarge) return tooLarge;
      values[p.slot] = r.value;
      return null;
    }
    case "boolean": {
      const r = parseBooleanCell(typeof cell === "string" ? text : cell);
      if (!r.ok) return r.message;
      values[p.slot] = r.value;
      return null;
    }
    case "int": {
      const n = Number(text);
      if (!/^\d+$/.test(text) || n > 3650) return msg`"${text}" is not a number of days (expected 0 to 3650)`;
      values[p.slot] = n;
      return null;
    }
    case "zone":
      if (!isIanaTimeZone(text)) return msg`"${text}" is not an IANA time zone (expected e.g. Asia/Shanghai or UTC)`;
      values[p.slot] = text;
      return null;
    case "list": {
      const items = text
        .split(/[;,，；、|\n]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (p.name === "emails") {
        const bad = items.find((e) => !EMAIL.test(e));
        if (bad) return msg`"${bad}" is not an email address`;
      }
      values[p.slot] = items;
      return null;
    }
    case "currency":
      return null;
  }
}

function kindRules(
  kind: ImportKind,
  values: StagedValue[],
  slotOf: Map<string, number>,
  today: string | undefined,
): [string, MessageText][] | null {
  let found: [string, MessageText][] | null = null;
  const fail = (field: string, message: MessageText) => {
    found ??= [];
    found.push([field, message]);
  };
  const get = (name: string) => values[slotOf.get(name) ?? -1] ?? null;
  const set = (name: string, v: StagedValue) => {
    values[slotOf.get(name) as number] = v;
  };
  if (kind === "payments" && get("amount") === 0n) fail("amount", msg`is 0 (a payment must be greater than 0)`);
  if (kind === "payments" && today) {
    // As when a payment is recorded by hand (record-payment.ts): money not yet received is not a payment.
    const date = get("date");
    if (typeof date === "string" && date > today)
      fail("date", msg`a payment cannot be dated in the future (${date}; today is ${today})`);
  }
  if (kind === "contacts") {
    const roleText = get("role");
    if (roleText !== null) {
      const role = ROLE_WORDS[String(roleText).toLowerCase()];
      if (role) set("role", role);
      else fail("role", msg`"${roleText}" is not a contact role (expected owner, finance, purchasing or other)`);
    }
    const channelText = get("preferred_channel");
    if (channelText !== null) {
      const ch = CHANNEL_WORDS[String(channelText).toLowerCase()];
      if (ch) set("preferred_channel", ch);
      else
        fail(
          "preferred_channel",
          msg`"${channelText}" is not a channel (expected call, sms, email, wechat, visit or letter)`,
        );
    }
  }
  if (kind === "customers") {
    const typeText = get("debtor_type");
    if (typeText !== null) {
      const t = DEBTOR_WORDS[String(typeText).toLowerCase()];
      if (t) set("debtor_type", t);
      else fail("debtor_type", msg`"${typeText}" is not a debtor type (expected business, sole_trader or consumer)`);
    }
  }
  return found;
}

/** `row 17, column "DueDate": ...` with the file's own header for the column. */
export function describeProblem(p: RowProblem, ctx: Pick<RowContext, "columnOf" | "headers">): Message {
  const i = ctx.columnOf.get(p.field);
  const column = i === undefined ? p.field : (ctx.headers[i] ?? p.field);
  return msg`row ${p.rowNo}, column "${column}": ${p.message}`;
}
