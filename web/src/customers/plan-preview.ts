// The installments a new payment plan will have, worked out in the browser before it is sent: what is left after the
// down payment split into equal installments in minor units (bigint), the last one taking the rounding remainder,
// dated every `intervalDays` from the first date. The form sends exactly these installments, so what the collector
// sees is what is agreed; the server checks again that they come to the total (src/workspace/plan.rules.ts).

/** The API's plain decimal (src/workspace/workspace.routes.ts). */
export const PLAIN_DECIMAL = /^\d{1,15}(\.\d{1,3})?$/;
export const MAX_INSTALLMENTS = 120;
export const MAX_INTERVAL_DAYS = 366;

export type PlanPreviewInput = {
  total: string;
  downPayment?: string;
  count: number;
  firstDate: string;
  intervalDays: number;
  /** Digits after the point of the plan's currency (CNY 2, JPY 0). */
  digits: number;
};

export type PreviewInstallment = { date: string; amount: string };

export type PlanPreviewProblem =
  | "totalInvalid"
  | "downInvalid"
  | "tooManyDigits"
  | "totalZero"
  | "downTooLarge"
  | "countInvalid"
  | "intervalInvalid"
  | "dateInvalid"
  | "tooSmall";

export type PlanPreview =
  | { ok: true; installments: PreviewInstallment[]; downPayment: string; total: string }
  | { ok: false; problem: PlanPreviewProblem };

/** Decimal text → minor units, exact; null when it is not a plain decimal with at most `digits` decimals. */
export function parseMinor(text: string, digits: number): bigint | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const [, whole = "0", fraction = ""] = m;
  if (fraction.length > digits) return null;
  return BigInt(whole + fraction.padEnd(digits, "0"));
}

/** Minor units → plain decimal text as the API takes it ("1000.50", "1200" for JPY). */
export function minorToDecimal(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${abs.slice(abs.length - digits)}` : ""}`;
}

/** YYYY-MM-DD plus whole days, on the calendar (no time zones involved). */
export function addIsoDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

const isIsoDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && addIsoDays(s, 0) === s;

export function planPreview(input: PlanPreviewInput): PlanPreview {
  const { digits } = input;
  const totalText = input.total.trim();
  const downText = input.downPayment?.trim() ?? "";
  if (!PLAIN_DECIMAL.test(totalText)) return { ok: false, problem: "totalInvalid" };
  if (downText && !PLAIN_DECIMAL.test(downText)) return { ok: false, problem: "downInvalid" };
  const total = parseMinor(totalText, digits);
  const down = downText ? parseMinor(downText, digits) : 0n;
  if (total === null || down === null) return { ok: false, problem: "tooManyDigits" };
  if (total <= 0n) return { ok: false, problem: "totalZero" };
  if (down >= total) return { ok: false, problem: "downTooLarge" };
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_INSTALLMENTS) {
    return { ok: false, problem: "countInvalid" };
  }
  if (!Number.isInteger(input.intervalDays) || input.intervalDays < 1 || input.intervalDays > MAX_INTERVAL_DAYS) {
    return { ok: false, problem: "intervalInvalid" };
  }
  if (!isIsoDate(input.firstDate)) return { ok: false, problem: "dateInvalid" };
  const rest = total - down;
  const count = BigInt(input.count);
  const each = rest / count;
  if (each <= 0n) return { ok: false, problem: "tooSmall" };
  const last = rest - each * (count - 1n);
  const installments = Array.from({ length: input.count }, (_, i) => ({
    date: addIsoDays(input.firstDate, i * input.intervalDays),
    amount: minorToDecimal(i === input.count - 1 ? last : each, digits),
  }));
  return { ok: true, installments, downPayment: minorToDecimal(down, digits), total: minorToDecimal(total, digits) };
}
