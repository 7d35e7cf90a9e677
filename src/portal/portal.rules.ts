// Pure rules of the debtor portal: the shape of a token, a link's state at an instant, the per-link action limit,
// the page's language, and the schedule of an installment proposal (amounts that add up exactly). Clock passed in.
import { addDays, type IsoDate, isIsoDate } from "../calendar/calendar-date.ts";
import type { TemplateLanguage } from "../messaging/messaging.schema.ts";
import { splitEvenly } from "../money/money.ts";

/** 32 random bytes in hex: no letters beyond a–f, so no word the language check could read into a link. */
export const TOKEN_PATTERN = /^[0-9a-f]{64}$/;
export const isTokenShaped = (token: string): boolean => TOKEN_PATTERN.test(token);

export type LinkState = "valid" | "expired" | "revoked";

/** Revoked wins over expired; both open nothing (and the page answers the same for each). */
export function linkState(link: { expiresAt: Date; revokedAt: Date | null }, now: Date): LinkState {
  if (link.revokedAt !== null && link.revokedAt <= now) return "revoked";
  return link.expiresAt.getTime() > now.getTime() ? "valid" : "expired";
}

export function linkExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

/** Actions taken through one link in the last hour, against the `portal` setting's actionsPerHour. */
export function isRateLimited(actionsLastHour: number, actionsPerHour: number): boolean {
  return actionsLastHour >= actionsPerHour;
}

/**
 * The page's language: an explicit choice (?lang=), else the language the link was sent in (the contact's), else
 * the browser's first zh/en preference, else Chinese.
 */
export function portalLanguage(
  chosen: string | null | undefined,
  linkLanguage: TemplateLanguage | null,
  acceptLanguage: string | null | undefined,
): TemplateLanguage {
  if (chosen === "en" || chosen === "zh-CN") return chosen;
  if (linkLanguage) return linkLanguage;
  const prefs = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter((p) => p.tag && p.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const p of prefs) {
    if (p.tag.startsWith("zh")) return "zh-CN";
    if (p.tag.startsWith("en")) return "en";
  }
  return "zh-CN";
}

export const INSTALLMENT_COUNTS = { min: 2, max: 12 } as const;
export const INSTALLMENT_INTERVALS = [7, 14, 30] as const;

export type ProposedInstallment = { dueOn: IsoDate; amount: bigint };

/**
 * A proposal's schedule: `count` installments `everyDays` apart from `firstOn`, amounts split evenly with the
 * leftover units on the first rows (they add up to `total` exactly). Problems are returned, not thrown.
 */
export function proposalSchedule(
  input: { total: bigint; count: number; firstOn: string; everyDays: number },
  today: IsoDate,
): { ok: true; installments: ProposedInstallment[] } | { ok: false; problem: string } {
  const { total, count, firstOn, everyDays } = input;
  if (total <= 0n) return { ok: false, problem: "there is nothing open to split" };
  if (!Number.isSafeInteger(count) || count < INSTALLMENT_COUNTS.min || count > INSTALLMENT_COUNTS.max) {
    return { ok: false, problem: `count: between ${INSTALLMENT_COUNTS.min} and ${INSTALLMENT_COUNTS.max}` };
  }
  if (!(INSTALLMENT_INTERVALS as readonly number[]).includes(everyDays)) {
    return { ok: false, problem: `everyDays: one of ${INSTALLMENT_INTERVALS.join(", ")}` };
  }
  if (!isIsoDate(firstOn)) return { ok: false, problem: `firstOn: "${firstOn}" is not a date (YYYY-MM-DD)` };
  if (firstOn < today) return { ok: false, problem: `firstOn: ${firstOn} is before today (${today})` };
  if (firstOn > addDays(today, 366)) return { ok: false, problem: "firstOn: more than a year ahead" };
  if (total < BigInt(count)) return { ok: false, problem: "the amount is too small to split" };
  const amounts = splitEvenly(total, count);
  return {
    ok: true,
    installments: amounts.map((amount, i) => ({ dueOn: addDays(firstOn, i * everyDays), amount })),
  };
}
