import { describe, expect, it } from "vitest";
import {
  advance,
  DEFAULT_PLAYBOOKS,
  describeIssues,
  indexPlaybooks,
  type Playbook,
  type PlaybookSet,
  playbookSetSchema,
  stableHash,
  variantFor,
} from "./playbook.rules.ts";
import { scriptById } from "./scripts.ts";

const schema = playbookSetSchema((id) => scriptById(id) !== undefined);
const problems = (value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : describeIssues(r.error.issues);
};
const clone = (): PlaybookSet => structuredClone(DEFAULT_PLAYBOOKS);

describe("playbook validation", () => {
  it("accepts the shipped defaults, which cover every collected grade and cause exactly once", () => {
    expect(problems(DEFAULT_PLAYBOOKS)).toEqual([]);
    const index = indexPlaybooks(DEFAULT_PLAYBOOKS);
    expect(index.size).toBe(4 * 9);
  });

  it("names the path of an unknown action", () => {
    const set = clone() as unknown as { playbooks: { steps: { action: string }[] }[] };
    (set.playbooks[0]?.steps[1] as { action: string }).action = "send_flowers";
    const found = problems(set);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^playbooks\.0\.steps\.1\.action: /);
  });

  it("refuses loops, unreachable steps, unknown next steps and missing scripts, each with its path", () => {
    const set = clone();
    const steps = (set.playbooks[0] as Playbook).steps;
    (steps[1] as { next?: string }).next = "sms"; // back to the first step: a loop
    expect(problems(set)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^playbooks\.0\.steps\.0\.id: loop: step "sms" is reached again/)]),
    );
    const skip = clone();
    ((skip.playbooks[0] as Playbook).steps[0] as { next?: string }).next = "call"; // "email" is never reached
    expect(problems(skip)).toEqual(['playbooks.0.steps.1.id: step "email" is unreachable from the first step']);
    const nowhere = clone();
    ((nowhere.playbooks[0] as Playbook).steps[0] as { next?: string }).next = "nowhere";
    expect(problems(nowhere)).toEqual(['playbooks.0.steps.0.next: next step "nowhere" does not exist']);
    const noScript = clone();
    ((noScript.playbooks[2] as Playbook).steps[1] as { script: string | null }).script = "email.missing";
    ((noScript.playbooks[2] as Playbook).steps[0] as { script: string | null }).script = null;
    expect(problems(noScript)).toEqual([
      "playbooks.2.steps.0.script: call needs a script or template",
      'playbooks.2.steps.1.script: script "email.missing" does not exist in the script library',
    ]);
  });

  it("refuses a grade and cause covered twice or not at all", () => {
    const twice = clone();
    (twice.playbooks[0] as Playbook).causes.push("hardship");
    expect(problems(twice)).toEqual(['playbooks.1.causes: overdue × hardship is already covered by playbook "forgot"']);
    const gap = clone();
    gap.playbooks = gap.playbooks.filter((p) => p.id !== "fx-wait");
    expect(problems(gap)).toEqual(["playbooks: no playbook for overdue × fx_wait, doubtful × fx_wait"]);
  });
});

describe("advancing a playbook", () => {
  const forgot = DEFAULT_PLAYBOOKS.playbooks[0] as Playbook;
  const none = new Set<never>();

  it("starts a new playbook at its first step, waits the step's days, then moves on", () => {
    const start = advance(
      { playbookId: null, variant: null, stepIndex: null, stepOn: null },
      forgot,
      "champion",
      "2025-03-10",
      none,
      false,
    );
    expect(start).toMatchObject({ kind: "step", stepIndex: 0, restarted: true });
    const at = { playbookId: "forgot", variant: "champion" as const, stepIndex: 0, stepOn: "2025-03-10" };
    expect(advance(at, forgot, "champion", "2025-03-11", none, false)).toEqual({ kind: "wait", until: "2025-03-12" });
    expect(advance(at, forgot, "champion", "2025-03-12", none, false)).toMatchObject({ kind: "step", stepIndex: 1 });
    const last = { ...at, stepIndex: forgot.steps.length - 1 };
    expect(advance(last, forgot, "champion", "2025-06-01", none, false)).toEqual({ kind: "finished" });
  });

  it("pauses on a stop condition, and a broken promise moves on at once", () => {
    const at = { playbookId: "forgot", variant: "champion" as const, stepIndex: 0, stepOn: "2025-03-10" };
    expect(advance(at, forgot, "champion", "2025-03-20", new Set(["promise_made"] as const), false)).toEqual({
      kind: "stopped",
      by: "promise_made",
    });
    expect(advance(at, forgot, "champion", "2025-03-10", none, true)).toMatchObject({ kind: "step", stepIndex: 1 });
  });

  it("puts a stable share of customers on the challenger", () => {
    expect(stableHash("abc")).toBe(stableHash("abc"));
    const variants = Array.from({ length: 2000 }, (_, i) => variantFor(forgot, `C${i}`));
    expect(variants.every((v, i) => v === variantFor(forgot, `C${i}`))).toBe(true);
    const share = variants.filter((v) => v === "challenger").length / variants.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
  });

  it("splits customer codes that differ only in their last digits as evenly as any others", () => {
    // The demo's codes: with FNV-1a alone none of C000001…C000300 went to the challenger of a 20% split.
    const codes = Array.from({ length: 300 }, (_, i) => `C${String(i + 1).padStart(6, "0")}`);
    const share = codes.filter((c) => variantFor(forgot, c) === "challenger").length / codes.length;
    expect(share).toBeGreaterThan(0.14);
    expect(share).toBeLessThan(0.26);
    // Every tenth of the hash's range gets its part (none empty, none more than twice its share).
    const tenths = new Array<number>(10).fill(0);
    for (const c of codes) {
      const k = Math.floor((stableHash(`forgot:${c}`) / 0x1_0000_0000) * 10);
      tenths[k] = (tenths[k] as number) + 1;
    }
    expect(Math.min(...tenths)).toBeGreaterThan(10);
    expect(Math.max(...tenths)).toBeLessThan(60);
  });
});
