// The labelled corpus and the targets (issue 7, section 2).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCorpus, parseCorpus, scoreCorpus } from "./corpus.ts";
import { checkMessage } from "./language-check.rules.ts";

const corpus = loadCorpus();

describe("labelled corpus", () => {
  it("has at least 300 sentences in both languages and all verdicts", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const lang of ["zh", "en"]) {
      for (const v of ["allow", "warn", "block"]) {
        expect(corpus.filter((r) => r.lang === lang && r.expected === v).length).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it.each(corpus.map((r) => [r.line, r.expected, r.text, r] as const))("line %i: %s: %s", (_, expected, text, row) => {
    const r = checkMessage(text, { lang: row.lang, context: row.context });
    expect(r.verdict, JSON.stringify(r.findings)).toBe(expected);
  });

  it("meets the targets", () => {
    const s = scoreCorpus(corpus);
    expect(s.perVerdict.block.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.perVerdict.warn.recall).toBeGreaterThanOrEqual(0.8);
    expect(s.politeBlocked).toBe(0);
    expect(s.politeWarnedShare).toBeLessThanOrEqual(0.15);
  });

  it.each(["holdout.tsv", "holdout2.tsv", "holdout3.tsv", "holdout4.tsv", "holdout5.tsv"])(
    "held-out sentences (%s): no polite message blocked, at most 15%% warned",
    (file) => {
      // Recall on the blind set (holdout3.tsv) is far below the corpus's (see bench/language-check.ts): what must hold
      // on any wording is that polite collection messages go out.
      const s = scoreCorpus(parseCorpus(fs.readFileSync(new URL(`./${file}`, import.meta.url), "utf8")));
      expect(s.politeBlocked).toBe(0);
      expect(s.politeWarnedShare).toBeLessThanOrEqual(0.15);
    },
  );

  it("reports bad corpus lines by line number", () => {
    expect(() => parseCorpus("header\nzh\tmaybe\t-\t你好")).toThrow(/line 2: verdict "maybe"/);
    expect(() => parseCorpus("header\nzh\tallow\tlegal\t你好")).toThrow(/line 2: context flag "legal"/);
  });
});
