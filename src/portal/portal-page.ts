// The portal's HTML, pure: one small server-rendered page per answer, in Chinese or English, readable on a phone,
// without script. Everything from the database is escaped. The security headers (CSP with a per-response nonce for
// the one style block, no referrer so the link does not leak to other sites, no caching, no framing) are here too,
// so the routes cannot forget them.

import type { TemplateLanguage } from "../messaging/messaging.schema.ts";
import { currencyDigits } from "../money/currencies.ts";
import { formatDecimal } from "../money/money.ts";
import { DISPUTE_CATEGORIES, type DisputeCategory } from "../workspace/workspace.schema.ts";
import type { PortalView } from "./get-portal-view.ts";
import { INSTALLMENT_COUNTS, INSTALLMENT_INTERVALS } from "./portal.rules.ts";
import type { PortalAction } from "./portal.schema.ts";
import { PORTAL_PATH } from "./portal-link.ts";

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

export function portalHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
  };
}

const TEXT = {
  "zh-CN": {
    title: "账户对账",
    hello: (n: string) => `${n}您好,`,
    intro: (c: string, d: string) => `以下是${c}截至${d}的未结发票。`,
    invoice: "发票号",
    issued: "开票日",
    due: "到期日",
    open: "未付金额",
    overdue: "逾期天数",
    disputed: "异议处理中",
    none: "目前没有未结发票,谢谢!",
    total: "合计未付",
    download: "下载对账单(PDF)",
    confirmTitle: "确认余额",
    confirmHelp: "如核对无误,请填写姓名确认该余额。",
    signedBy: "确认人姓名",
    confirm: "确认余额",
    disputeTitle: "对某张发票有异议",
    category: "异议类型",
    reason: "原因",
    amount: "金额(留空为全部未付)",
    file: "附件(PDF 或照片,可选)",
    dispute: "提交异议",
    promiseTitle: "承诺付款日期",
    date: "付款日期",
    promise: "提交付款承诺",
    planTitle: "申请分期付款",
    planHelp: "提交后由我们的同事审核并与您联系,提交本身不构成还款协议。",
    count: "期数",
    firstOn: "第一期日期",
    every: "间隔",
    days: (n: number) => (n === 30 ? "每月" : n === 14 ? "每两周" : "每周"),
    note: "备注(可选)",
    propose: "提交分期申请",
    currency: "币种",
    history: "通过此链接已提交",
    questions: (co: string, phone: string) => `如有疑问,请致电${co}:${phone}。`,
    other: "English",
    notValid: "此链接已失效。",
    done: {
      confirm_balance: "谢谢,余额确认已收到。",
      dispute: "谢谢,您的异议已提交,我们会尽快核实。",
      promise: "谢谢,付款承诺已记录。",
      installment_proposal: "谢谢,分期申请已提交,我们会尽快答复。",
    } satisfies Record<PortalAction, string>,
    kinds: {
      confirm_balance: "确认余额",
      dispute: "异议",
      promise: "付款承诺",
      installment_proposal: "分期申请",
    } satisfies Record<PortalAction, string>,
    categories: {
      quality: "质量问题",
      quantity: "数量不符",
      price: "价格不符",
      delivery: "交付问题",
      service: "服务问题",
      billing_error: "开票错误",
      not_received: "未收到货",
    } satisfies Record<DisputeCategory, string>,
    error: "未能提交:",
  },
  en: {
    title: "Your account",
    hello: (n: string) => `Dear ${n},`,
    intro: (c: string, d: string) => `These are the open invoices of ${c} as of ${d}.`,
    invoice: "Invoice",
    issued: "Issued",
    due: "Due",
    open: "Open",
    overdue: "Days overdue",
    disputed: "in dispute",
    none: "Nothing is open at the moment. Thank you!",
    total: "Total open",
    download: "Download the statement (PDF)",
    confirmTitle: "Confirm the balance",
    confirmHelp: "If the balance matches your records, confirm it with your name.",
    signedBy: "Your name",
    confirm: "Confirm balance",
    disputeTitle: "Query an invoice",
    category: "What is wrong",
    reason: "Reason",
    amount: "Amount (empty: all that is open)",
    file: "File (PDF or photo, optional)",
    dispute: "Send the query",
    promiseTitle: "Tell us when you will pay",
    date: "Payment date",
    promise: "Send the date",
    planTitle: "Ask to pay in installments",
    planHelp: "A colleague will review it and get back to you; sending it is not yet an agreement.",
    count: "Installments",
    firstOn: "First installment on",
    every: "Every",
    days: (n: number) => (n === 30 ? "month" : n === 14 ? "two weeks" : "week"),
    note: "Note (optional)",
    propose: "Send the proposal",
    currency: "Currency",
    history: "Sent through this link",
    questions: (co: string, phone: string) => `Questions? Call ${co} on ${phone}.`,
    other: "中文",
    notValid: "This link is no longer valid.",
    done: {
      confirm_balance: "Thank you: your confirmation has been received.",
      dispute: "Thank you: your query has been sent and we will look into it.",
      promise: "Thank you: your payment date has been noted.",
      installment_proposal: "Thank you: your proposal has been sent and we will get back to you.",
    } satisfies Record<PortalAction, string>,
    kinds: {
      confirm_balance: "Balance confirmed",
      dispute: "Query",
      promise: "Payment date",
      installment_proposal: "Installment proposal",
    } satisfies Record<PortalAction, string>,
    categories: {
      quality: "Quality",
      quantity: "Quantity",
      price: "Price",
      delivery: "Delivery",
      service: "Service",
      billing_error: "Billing error",
      not_received: "Goods not received",
    } satisfies Record<DisputeCategory, string>,
    error: "Not sent:",
  },
} as const;

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:46rem;
padding:1rem;line-height:1.5;color:#222}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.75rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{padding:.35rem .4rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;white-space:nowrap}.wrap{overflow-x:auto}label{display:block;margin:.5rem 0 .2rem}
input,select,textarea,button{font:inherit;padding:.4rem;max-width:100%;box-sizing:border-box}input[type=text],textarea,select{width:100%}
button{padding:.5rem 1.2rem;margin-top:.6rem}.note{background:#eef7ee;padding:.6rem;border-radius:4px}
.err{background:#fbeaea;padding:.6rem;border-radius:4px}.muted{color:#666;font-size:.9rem}nav{text-align:right}`;

function shell(lang: TemplateLanguage, nonce: string, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head><body>${body}</body></html>`;
}

/** The one answer to every link that does not open: unknown, altered, expired or revoked alike. */
export function notValidPage(nonce: string): string {
  return shell("en", nonce, "Link not valid", `<p>${TEXT.en.notValid}</p><p>${TEXT["zh-CN"].notValid}</p>`);
}

const money = (v: bigint, currency: string) => `${currency} ${formatDecimal(v, currencyDigits(currency))}`;

export function portalPage(
  view: PortalView,
  opts: {
    token: string;
    lang: TemplateLanguage;
    nonce: string;
    formToken: string;
    done?: PortalAction | null;
    error?: string | null;
  },
): string {
  const t = TEXT[opts.lang];
  const e = escapeHtml;
  const base = `${PORTAL_PATH}${opts.token}`;
  const other = opts.lang === "en" ? "zh-CN" : "en";
  const hidden = `<input type="hidden" name="form_token" value="${e(opts.formToken)}"><input type="hidden" name="lang" value="${opts.lang}">`;
  const currencies = view.balances.map((b) => b.currency);
  const currencyField =
    currencies.length > 1
      ? `<label>${t.currency}<select name="currency">${currencies.map((c) => `<option>${e(c)}</option>`).join("")}</select></label>`
      : `<input type="hidden" name="currency" value="${e(currencies[0] ?? "")}">`;
  const rows = view.items
    .map(
      (i) =>
        `<tr><td>${e(i.number)}${i.disputed ? ` <span class="muted">(${t.disputed})</span>` : ""}</td><td>${e(i.issueDate)}</td>
<td>${e(i.dueDate)}</td><td class="n">${e(money(i.open, i.currency))}</td><td class="n">${i.daysPastDue > 0 ? i.daysPastDue : "–"}</td></tr>`,
    )
    .join("");
  const parts: string[] = [
    `<nav><a href="${base}?lang=${other}">${t.other}</a></nav>`,
    `<h1>${e(view.company.name)}: ${t.title}</h1>`,
  ];
  if (opts.done) parts.push(`<p class="note" role="status">${t.done[opts.done]}</p>`);
  if (opts.error) parts.push(`<p class="err" role="alert">${t.error} ${e(opts.error)}</p>`);
  parts.push(
    `<p>${e(t.hello(view.contactName ?? view.customerName))}</p><p>${e(t.intro(view.customerName, view.today))}</p>`,
  );
  if (!view.items.length) {
    parts.push(`<p>${t.none}</p>`);
  } else {
    parts.push(
      `<div class="wrap"><table><thead><tr><th>${t.invoice}</th><th>${t.issued}</th><th>${t.due}</th><th class="n">${t.open}</th><th class="n">${t.overdue}</th></tr></thead><tbody>${rows}</tbody></table></div>`,
      `<p><strong>${t.total}:</strong> ${view.balances.map((b) => e(money(b.open, b.currency))).join(" + ")}</p>`,
      `<p><a href="${base}/statement.pdf?lang=${opts.lang}">${t.download}</a></p>`,
      `<h2>${t.confirmTitle}</h2><p class="muted">${t.confirmHelp}</p>${view.balances
        .map(
          (
            b,
          ) => `<form method="post" action="${base}/confirm">${hidden}<input type="hidden" name="currency" value="${e(b.currency)}">
<label>${t.signedBy} (${e(money(b.open, b.currency))})<input type="text" name="signed_by" required maxlength="100" value="${e(view.contactName ?? "")}"></label>
<button type="submit">${t.confirm}</button></form>`,
        )
        .join("")}`,
      `<h2>${t.disputeTitle}</h2><form method="post" action="${base}/dispute" enctype="multipart/form-data">${hidden}
<label>${t.invoice}<select name="invoice_id" required>${view.items
        .filter((i) => !i.disputed)
        .map((i) => `<option value="${i.invoiceId}">${e(i.number)} – ${e(money(i.open, i.currency))}</option>`)
        .join("")}</select></label>
<label>${t.category}<select name="category">${DISPUTE_CATEGORIES.map((c) => `<option value="${c}">${t.categories[c]}</option>`).join("")}</select></label>
<label>${t.reason}<textarea name="reason" required maxlength="2000" rows="3"></textarea></label>
<label>${t.amount}<input type="text" name="amount" inputmode="decimal" maxlength="30"></label>
<label>${t.file}<input type="file" name="file" accept="application/pdf,image/jpeg,image/png"></label>
<button type="submit">${t.dispute}</button></form>`,
      `<h2>${t.promiseTitle}</h2><form method="post" action="${base}/promise">${hidden}${currencyField}
<label>${t.date}<input type="date" name="date" required min="${view.today}"></label>
<label>${t.amount}<input type="text" name="amount" inputmode="decimal" maxlength="30"></label>
<button type="submit">${t.promise}</button></form>`,
      `<h2>${t.planTitle}</h2><p class="muted">${t.planHelp}</p><form method="post" action="${base}/installments">${hidden}${currencyField}
<label>${t.count}<input type="number" name="count" required min="${INSTALLMENT_COUNTS.min}" max="${INSTALLMENT_COUNTS.max}" value="3"></label>
<label>${t.firstOn}<input type="date" name="first_on" required min="${view.today}"></label>
<label>${t.every}<select name="every_days">${INSTALLMENT_INTERVALS.map((d) => `<option value="${d}"${d === 30 ? " selected" : ""}>${t.days(d)}</option>`).join("")}</select></label>
<label>${t.note}<textarea name="note" maxlength="1000" rows="2"></textarea></label>
<button type="submit">${t.propose}</button></form>`,
    );
  }
  if (view.done.length) {
    parts.push(
      `<h2>${t.history}</h2><ul>${view.done.map((d) => `<li>${e(d.at.slice(0, 10))}: ${t.kinds[d.kind]}</li>`).join("")}</ul>`,
    );
  }
  parts.push(`<p class="muted">${e(t.questions(view.company.name, view.company.callbackPhone))}</p>`);
  return shell(opts.lang, opts.nonce, `${view.company.name}: ${t.title}`, parts.join("\n"));
}
