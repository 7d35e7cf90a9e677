import { describe, expect, it } from "vitest";
import { difference, meanInterval, ratioInterval, shareInterval, wilson } from "./strategy.rules.ts";

describe("strategy statistics", () => {
  it("gives the Wilson interval of a proportion (checked against the textbook formula)", () => {
    // 8 of 10 at 95%: 0.4902 to 0.9433.
    const w = wilson(8, 10);
    expect(w?.estimate).toBe(0.8);
    expect(w?.low).toBeCloseTo(0.4902, 3);
    expect(w?.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(0, 5)?.low).toBe(0);
  });

  it("gives a mean's interval from the sample spread, and none below two observations", () => {
    // 2, 4, 6: mean 4, sd 2, se 2/sqrt(3) = 1.1547, half 2.2632.
    const m = meanInterval([2, 4, 6]);
    expect(m?.estimate).toBe(4);
    expect(m?.high).toBeCloseTo(6.2632, 3);
    expect(meanInterval([5])).toBeNull();
  });

  it("gives a ratio of sums with customers as the sample (delta method)", () => {
    // y/x: 50/100, 0/100, 100/100 -> r = 0.5; residuals 0, -50, 50 -> s2 = 2500, se = sqrt(2500/3)/100 = 0.2887.
    const r = ratioInterval([
      { y: 50, x: 100 },
      { y: 0, x: 100 },
      { y: 100, x: 100 },
    ]);
    expect(r?.estimate).toBe(0.5);
    expect(r?.high).toBeCloseTo(0.5 + 1.96 * 0.2887, 2);
    expect(r?.low).toBe(0); // 0.5 - 0.566 would be negative: amounts recovered never are
    const tight = ratioInterval([
      { y: 40, x: 100 },
      { y: 60, x: 100 },
    ]);
    // r = 0.5, residuals -10, 10 -> s2 = 200, se = sqrt(100)/100 = 0.1.
    expect(tight?.low).toBeCloseTo(0.5 - 1.96 * 0.1, 3);
    expect(
      ratioInterval([
        { y: 1, x: 0 },
        { y: 0, x: 0 },
      ]),
    ).toBeNull();
  });

  it("keeps a recovery rate's interval within 0 to 1, and never certain from a few customers", () => {
    // Three customers: 50%, 0% and 100% recovered; the delta method alone reaches 1.07.
    const r = shareInterval([
      { y: 50, x: 100 },
      { y: 0, x: 100 },
      { y: 100, x: 100 },
    ]);
    expect(r?.estimate).toBe(0.5);
    expect(r?.high).toBe(1);
    // Thirteen customers who all recovered nothing: the delta method says [0, 0]; a proportion of 0 in 13 says up
    // to about 23%.
    const none = shareInterval(Array.from({ length: 13 }, () => ({ y: 0, x: 1000 })));
    expect(none?.estimate).toBe(0);
    expect(none?.low).toBe(0);
    expect(none?.high).toBeCloseTo(wilson(0, 13)?.high as number, 9);
    expect(none?.high).toBeGreaterThan(0.2);
    // Many customers with spread: the delta interval stands.
    const many = Array.from({ length: 400 }, (_, i) => ({ y: (i % 5) * 25, x: 100 }));
    expect(shareInterval(many)).toEqual(ratioInterval(many));
    expect(shareInterval([{ y: 1, x: 0 }])).toBeNull();
  });

  it("names the better arm only when the difference's interval excludes zero", () => {
    const champion = { estimate: 0.5, low: 0.45, high: 0.55 };
    const clearWin = difference(champion, { estimate: 0.7, low: 0.65, high: 0.75 }, true);
    expect(clearWin?.better).toBe("challenger");
    expect(clearWin?.estimate).toBeCloseTo(0.2, 10);
    expect(difference(champion, { estimate: 0.52, low: 0.4, high: 0.64 }, true)?.better).toBeNull();
    // Fewer days to pay is better: a challenger that pays later loses.
    expect(difference({ estimate: 10, low: 9, high: 11 }, { estimate: 20, low: 19, high: 21 }, false)?.better).toBe(
      "champion",
    );
    expect(difference(null, champion, true)).toBeNull();
  });
});
