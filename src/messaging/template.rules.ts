// Message templates (issue 7 §1), pure: the closed list of {variables}, parsing with exact spans, the checks a
// template passes before it is saved (known variables only, sender identity, the language check), and rendering.
// Collector talk tracks in src/collection/scripts.ts use {{camelCase}}; stored message templates use {snake_case}.
import { type CheckContext, type CheckResult, checkMessage } from "./language-check/language-check.rules.ts";
import type { MessageChannel, TemplateLanguage } from "./messaging.schema.ts";

/** Every variable a template may use, with what it becomes. Anything else in braces is refused at save. */
export const TEMPLATE_VARIABLES = {
  customer: "the customer's name",
  contact: "the contact person's name",
  amount: "the overdue amount with its currency (undisputed invoices), e.g. CNY 12500.00",
  due_date: "the oldest due date among the overdue invoices (YYYY-MM-DD)",
  days_past_due: "days past due of the oldest overdue invoice",
  invoice_list: "one line per overdue invoice: number, due date, open amount",
  collector: "the collector's name (the customer's owner)",
  callback_phone: "the callback number (settings: messaging.callbackPhone)",
  company: "our company's name (settings: company.name)",
  statement_date: "today's date in the company's time zone",
  portal_link: "the customer's portal link (given by the caller)",
  payment_amount: "a payment just recorded: its amount with the currency (given by the caller)",
  payment_date: "a payment just recorded: its date (given by the caller)",
  payment_reference: "a payment just recorded: the bank's or the receipt's reference (given by the caller)",
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
export const TEMPLATE_VARIABLE_NAMES = Object.keys(TEMPLATE_VARIABLES) as TemplateVariable[];
const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_VARIABLE_NAMES);

export type TemplateVars = Partial<Record<TemplateVariable, string>>;
export type TemplateField = "subject" | "body";
export type TemplateProblem = {
  field: TemplateField;
  kind: "variable" | "identity" | "shape" | "language";
  message: string;
  /** The offending text and its UTF-16 range in the field, when there is one. */
  span?: string;
  start?: number;
  end?: number;
  verdict?: "warn" | "block";
  suggestion?: string;
};

export const checkLang = (language: TemplateLanguage) => (language === "zh-CN" ? "zh" : "en");

type Token = { kind: "text"; text: string } | { kind: "var"; name: string; start: number; end: number };
const NAME = /[a-z_]+/y;

/** Splits text into literal runs and {name} placeholders; stray braces and malformed names are problems. */
export function parseTemplateText(
  text: string,
  field: TemplateField,
): { tokens: Token[]; problems: TemplateProblem[] } {
  const tokens: Token[] = [];
  const problems: TemplateProblem[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "{") {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      const close = m ? i + 1 + (m[0]?.length ?? 0) : -1;
      if (m && text[close] === "}") {
        const name = m[0] as string;
        const end = close + 1;
        if (!KNOWN.has(name)) {
          problems.push({
            field,
            kind: "variable",
            message: `unknown variable {${name}} (known: ${TEMPLATE_VARIABLE_NAMES.map((n) => `{${n}}`).join(", ")})`,
            span: text.slice(i, end),
            start: i,
            end,
          });
        }
        if (literal) tokens.push({ kind: "text", text: literal });
        literal = "";
        tokens.push({ kind: "var", name, start: i, end });
        i = end;
        continue;
      }
      const stop = text.indexOf("}", i);
      const reopen = text.indexOf("{", i + 1);
      const closes = stop > i && stop - i <= 40 && (reopen === -1 || stop < reopen);
      const end = closes ? stop + 1 : i + 1;
      problems.push({
        field,
        kind: "variable",
        message: "malformed variable: write variables as {name} with lower-case letters and _ (no literal braces)",
        span: text.slice(i, end),
        start: i,
        end,
      });
      i = end;
      continue;
    }
    if (ch === "}") {
      problems.push({ field, kind: "variable", message: "stray }: no { opens it", span: "}", start: i, end: i + 1 });
      i++;
      continue;
    }
    literal += ch;
    i++;
  }
  if (literal) tokens.push({ kind: "text", text: literal });
  return { tokens, problems };
}

export type TemplateDraft = {
  channel: MessageChannel;
  language: TemplateLanguage;
  subject: string | null;
  body: string;
};

const usesVariable = (tokens: Token[], name: TemplateVariable) =>
  tokens.some((t) => t.kind === "var" && t.name === name);

/**
 * Everything wrong with a template, at once. Variables and shape first; the language check on the text as written
 * (a warning is accepted only with `checkReason`). Conduct rule 10: every template names the company; emails and
 * letters also the collector and the callback number.
 */
export function validateTemplate(draft: TemplateDraft, checkReason?: string | null): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const subject = draft.subject ?? "";
  if (draft.channel === "email" && subject.trim() === "") {
    problems.push({ field: "subject", kind: "shape", message: "an email needs a subject" });
  }
  if (draft.channel === "sms" && subject !== "") {
    problems.push({ field: "subject", kind: "shape", message: "an SMS has no subject: leave it empty" });
  }
  if (draft.body.trim() === "") problems.push({ field: "body", kind: "shape", message: "the body is empty" });
  const s = parseTemplateText(subject, "subject");
  const b = parseTemplateText(draft.body, "body");
  problems.push(...s.problems, ...b.problems);
  const all = [...s.tokens, ...b.tokens];
  const needed: TemplateVariable[] = draft.channel === "sms" ? ["company"] : ["company", "collector", "callback_phone"];
  for (const name of needed) {
    if (!usesVariable(all, name)) {
      problems.push({
        field: "body",
        kind: "identity",
        message: `must contain {${name}}: ${TEMPLATE_VARIABLES[name]} (conduct rule 10: who writes and how to call back)`,
      });
    }
  }
  const reason = checkReason?.trim();
  for (const [field, text] of [
    ["subject", subject],
    ["body", draft.body],
  ] as const) {
    if (!text) continue;
    const result = checkMessage(text, { lang: checkLang(draft.language) });
    problems.push(...languageProblems(field, result, Boolean(reason)));
  }
  return problems;
}

/** Findings of a language check as problems: blocks always, warnings unless a reason was given. */
export function languageProblems(field: TemplateField, result: CheckResult, hasReason: boolean): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  for (const f of result.findings) {
    if (f.verdict === "warn" && hasReason) continue;
    out.push({
      field,
      kind: "language",
      verdict: f.verdict,
      message:
        f.verdict === "block"
          ? `${f.category}: not allowed in a collection message`
          : `${f.category}: needs a reason to go out (give one, or rephrase)`,
      span: f.span,
      start: f.start,
      end: f.end,
      suggestion: f.suggestion,
    });
  }
  return out;
}

/** One line per problem, naming the field, the range and the span: body 12–17 "{foo}": unknown variable ... */
export function describeProblem(p: TemplateProblem): string {
  const where = p.start !== undefined ? `${p.field} ${p.start}–${p.end}` : p.field;
  const span = p.span !== undefined ? ` "${p.span}"` : "";
  const hint = p.suggestion ? ` (instead: ${p.suggestion})` : "";
  return `${where}${span}: ${p.message}${hint}`;
}

export type Rendered = { text: string; missing: TemplateVariable[] };

/**
 * Fills in {variables}. One without a value (or blank) shows as "[name]" and is reported in `missing`: a preview
 * shows it, a message to send is refused. Parses again each time: texts are short and this stays pure.
 */
export function renderTemplate(text: string, vars: TemplateVars): Rendered {
  const { tokens } = parseTemplateText(text, "body");
  let out = "";
  const missing: TemplateVariable[] = [];
  for (const t of tokens) {
    if (t.kind === "text") {
      out += t.text;
      continue;
    }
    const value = KNOWN.has(t.name) ? vars[t.name as TemplateVariable] : undefined;
    if (value === undefined || value.trim() === "") {
      if (!missing.includes(t.name as TemplateVariable)) missing.push(t.name as TemplateVariable);
      out += `[${t.name}]`;
    } else out += value;
  }
  return { text: out, missing };
}

/** A rendered message (subject and body) through the language check, as one verdict. */
export function checkRendered(
  language: TemplateLanguage,
  subject: string | null,
  body: string,
  context: CheckContext,
): { verdict: "allow" | "warn" | "block"; problems: TemplateProblem[]; result: CheckResult[] } {
  const results: CheckResult[] = [];
  const problems: TemplateProblem[] = [];
  let verdict: "allow" | "warn" | "block" = "allow";
  for (const [field, text] of [
    ["subject", subject ?? ""],
    ["body", body],
  ] as const) {
    if (!text) continue;
    const r = checkMessage(text, { lang: checkLang(language), context });
    results.push(r);
    if (r.verdict === "block" || (r.verdict === "warn" && verdict === "allow")) verdict = r.verdict;
    problems.push(...languageProblems(field, r, false));
  }
  return { verdict, problems, result: results };
}
