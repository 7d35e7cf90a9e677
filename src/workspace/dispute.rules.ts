// Pure rules of a dispute's life: which status may follow which, what a resolution needs, and how much a credit
// resolution credits. A dispute is investigated, then resolved (credit note, replacement, explanation with evidence,
// partial credit) or rejected; a rejected one may be reopened when the customer brings new evidence, a resolved one
// is final (a credit note is in the ledger).
import { formatDecimal } from "../money/money.ts";
import type { DisputeResolution, DisputeStatus } from "./workspace.schema.ts";

export const DISPUTE_TRANSITIONS: Record<DisputeStatus, readonly DisputeStatus[]> = {
  open: ["investigating", "resolved", "rejected"],
  investigating: ["open", "resolved", "rejected"],
  resolved: [],
  rejected: ["open"],
};

/** Open and investigating disputes hold the invoice out of reminders (invoices.disputed). */
export const ACTIVE_DISPUTE_STATUSES: readonly DisputeStatus[] = ["open", "investigating"];
export const isActiveDispute = (status: DisputeStatus): boolean => ACTIVE_DISPUTE_STATUSES.includes(status);

/** Resolutions that write a credit note in the ledger. */
export const CREDIT_RESOLUTIONS: readonly DisputeResolution[] = ["credit_note", "partial_credit"];

export type DisputeChange = {
  from: DisputeStatus;
  to: DisputeStatus;
  resolution?: DisputeResolution | null;
  note?: string | null;
  /** For credit resolutions: minor units credited (credit_note defaults to the whole disputed amount). */
  creditAmount?: bigint | null;
  /** The disputed amount, minor units. */
  amount: bigint;
  digits: number;
};

export type DisputeOutcome = {
  problems: string[];
  /** What the ledger is credited with (0 when nothing is). */
  credit: bigint;
};

/** Problems name the field they concern ("status: ...", "resolution: ..."); an empty list means the change is valid. */
export function checkDisputeChange(c: DisputeChange): DisputeOutcome {
  const problems: string[] = [];
  const fmt = (v: bigint) => formatDecimal(v, c.digits);
  let credit = 0n;
  if (c.from !== c.to && !DISPUTE_TRANSITIONS[c.from].includes(c.to)) {
    const allowed = DISPUTE_TRANSITIONS[c.from];
    problems.push(
      `status: a ${c.from} dispute cannot become ${c.to}${allowed.length ? ` (it may become ${allowed.join(", ")})` : " (it is final)"}`,
    );
    return { problems, credit };
  }
  const resolving = c.to === "resolved" && c.from !== "resolved";
  if (!resolving && c.resolution) problems.push(`resolution: only given when the dispute becomes resolved`);
  if (!resolving && c.creditAmount != null) problems.push(`creditAmount: only given with a credit resolution`);
  if (resolving) {
    if (!c.resolution) {
      problems.push("resolution: say how it was resolved (credit_note, replacement, explanation, partial_credit)");
    } else if (CREDIT_RESOLUTIONS.includes(c.resolution)) {
      credit = c.creditAmount ?? (c.resolution === "credit_note" ? c.amount : 0n);
      if (c.resolution === "partial_credit" && c.creditAmount == null) {
        problems.push("creditAmount: a partial credit needs the amount credited");
      } else if (credit <= 0n) {
        problems.push("creditAmount: must be greater than 0");
      } else if (credit > c.amount) {
        problems.push(`creditAmount: ${fmt(credit)} is more than the ${fmt(c.amount)} disputed`);
      } else if (c.resolution === "partial_credit" && credit === c.amount) {
        problems.push(`creditAmount: ${fmt(credit)} is the whole disputed amount: resolve with credit_note instead`);
      }
    } else if (c.creditAmount != null) {
      problems.push(`creditAmount: a ${c.resolution} credits nothing`);
    }
    if (c.resolution === "explanation" && !c.note?.trim()) {
      problems.push("resolutionNote: an explanation needs the note (what was explained, with which evidence)");
    }
  }
  if (c.to === "rejected" && c.from !== "rejected" && !c.note?.trim()) {
    problems.push("resolutionNote: say why the dispute is rejected");
  }
  return { problems, credit: problems.length ? 0n : credit };
}
