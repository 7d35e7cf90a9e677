import { describe, expect, it } from "vitest";
import { checkDisputeChange, DISPUTE_TRANSITIONS, isActiveDispute } from "./dispute.rules.ts";
import { DISPUTE_STATUSES, type DisputeResolution, type DisputeStatus } from "./workspace.schema.ts";

const base = { amount: 100_000n, digits: 2 };

describe("dispute transitions", () => {
  const allowed: [DisputeStatus, DisputeStatus][] = [
    ["open", "investigating"],
    ["open", "rejected"],
    ["investigating", "open"],
    ["investigating", "rejected"],
    ["rejected", "open"],
  ];
  const refused: [DisputeStatus, DisputeStatus][] = [
    ["resolved", "open"],
    ["resolved", "investigating"],
    ["resolved", "rejected"],
    ["rejected", "investigating"],
    ["rejected", "resolved"],
  ];
  it.each(allowed)("%s -> %s is allowed", (from, to) => {
    const note = to === "rejected" ? "the delivery note is signed" : null;
    expect(checkDisputeChange({ ...base, from, to, note }).problems).toEqual([]);
  });
  it.each(refused)("%s -> %s is refused, naming the status field", (from, to) => {
    const { problems } = checkDisputeChange({ ...base, from, to, resolution: "explanation", note: "x" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^status: a ${from} dispute cannot become ${to}`));
  });
  it("every status has its transitions listed, and only open and investigating are active", () => {
    for (const s of DISPUTE_STATUSES) expect(DISPUTE_TRANSITIONS[s]).toBeDefined();
    expect(DISPUTE_STATUSES.filter(isActiveDispute)).toEqual(["open", "investigating"]);
  });
});

describe("resolutions", () => {
  const resolve = (
    resolution: DisputeResolution | null,
    creditAmount: bigint | null = null,
    note: string | null = null,
  ) => checkDisputeChange({ ...base, from: "investigating", to: "resolved", resolution, creditAmount, note });

  it.each([
    ["credit_note", null, null, [], 100_000n],
    ["credit_note", 40_000n, null, [], 40_000n],
    ["partial_credit", 40_000n, null, [], 40_000n],
    ["replacement", null, null, [], 0n],
    ["explanation", null, "contract clause 4 and the signed delivery note", [], 0n],
    [null, null, null, ["resolution: say how it was resolved"], 0n],
    ["partial_credit", null, null, ["creditAmount: a partial credit needs the amount credited"], 0n],
    ["partial_credit", 100_000n, null, ["creditAmount: 1000.00 is the whole disputed amount"], 0n],
    ["credit_note", 100_001n, null, ["creditAmount: 1000.01 is more than the 1000.00 disputed"], 0n],
    ["credit_note", 0n, null, ["creditAmount: must be greater than 0"], 0n],
    ["replacement", 5_000n, null, ["creditAmount: a replacement credits nothing"], 0n],
    ["explanation", null, "  ", ["resolutionNote: an explanation needs the note"], 0n],
  ] as [DisputeResolution | null, bigint | null, string | null, string[], bigint][])(
    "%s credit %s note %s",
    (resolution, credit, note, expected, credited) => {
      const out = resolve(resolution, credit, note);
      expect(out.problems.length).toBe(expected.length);
      for (const [i, p] of expected.entries()) expect(out.problems[i]).toContain(p);
      expect(out.credit).toBe(credited);
    },
  );

  it("a resolution or credit is only given when resolving, and a rejection needs its reason", () => {
    expect(
      checkDisputeChange({ ...base, from: "open", to: "investigating", resolution: "credit_note" }).problems,
    ).toEqual(["resolution: only given when the dispute becomes resolved"]);
    expect(checkDisputeChange({ ...base, from: "open", to: "open", creditAmount: 1n }).problems).toEqual([
      "creditAmount: only given with a credit resolution",
    ]);
    expect(checkDisputeChange({ ...base, from: "open", to: "rejected" }).problems).toEqual([
      "resolutionNote: say why the dispute is rejected",
    ]);
  });
});
