import { describe, expect, it } from "vitest";
import { isRateLimited, isTokenShaped, linkState, portalLanguage, proposalSchedule } from "./portal.rules.ts";

const NOW = new Date("2025-03-12T02:00:00Z");

describe("portal rules", () => {
  it("tells valid, expired and revoked links apart", () => {
    const later = new Date(NOW.getTime() + 1000);
    const earlier = new Date(NOW.getTime() - 1000);
    expect(linkState({ expiresAt: later, revokedAt: null }, NOW)).toBe("valid");
    expect(linkState({ expiresAt: NOW, revokedAt: null }, NOW)).toBe("expired");
    expect(linkState({ expiresAt: later, revokedAt: earlier }, NOW)).toBe("revoked");
  });

  it("accepts only 64 hex characters as a token", () => {
    expect(isTokenShaped("a".repeat(64))).toBe(true);
    expect(isTokenShaped("A".repeat(64))).toBe(false);
    expect(isTokenShaped("a".repeat(63))).toBe(false);
  });

  it.each([
    ["en", "zh-CN", "zh-CN,zh;q=0.9", "en"],
    [undefined, "en", "zh-CN", "en"],
    [undefined, null, "fr;q=1, en-GB;q=0.8, zh;q=0.5", "en"],
    [undefined, null, "en;q=0.3, zh-TW;q=0.9", "zh-CN"],
    [undefined, null, undefined, "zh-CN"],
    ["de", null, "en", "en"],
  ] as const)("language: chosen %s, link %s, browser %s -> %s", (chosen, link, accept, expected) => {
    expect(portalLanguage(chosen, link, accept)).toBe(expected);
  });

  it("limits actions per link per hour", () => {
    expect(isRateLimited(19, 20)).toBe(false);
    expect(isRateLimited(20, 20)).toBe(true);
  });

  it("splits a proposal exactly, leftovers first, and refuses what cannot be offered", () => {
    const r = proposalSchedule({ total: 1000n, count: 3, firstOn: "2025-03-31", everyDays: 30 }, "2025-03-12");
    expect(r).toEqual({
      ok: true,
      installments: [
        { dueOn: "2025-03-31", amount: 334n },
        { dueOn: "2025-04-30", amount: 333n },
        { dueOn: "2025-05-30", amount: 333n },
      ],
    });
    const today = "2025-03-12";
    const bad = (over: Partial<Parameters<typeof proposalSchedule>[0]>) =>
      proposalSchedule({ total: 1000n, count: 3, firstOn: "2025-03-31", everyDays: 30, ...over }, today);
    expect(bad({ count: 1 })).toMatchObject({ ok: false });
    expect(bad({ count: 13 })).toMatchObject({ ok: false });
    expect(bad({ everyDays: 10 })).toMatchObject({ ok: false });
    expect(bad({ firstOn: "2025-03-11" })).toMatchObject({
      ok: false,
      problem: expect.stringContaining("before today"),
    });
    expect(bad({ firstOn: "2025-02-30" })).toMatchObject({ ok: false });
    expect(bad({ total: 0n })).toMatchObject({ ok: false });
  });
});
