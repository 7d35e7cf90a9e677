import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseText, originalRange } from "./normalise-text.ts";

describe("normaliseText", () => {
  it.each([
    ["NFKC and lower case", "ＡＲＲＥＳＴ Now", "arrest now"],
    ["zero-width characters", "dead\u200bbe\u200d\ufeffat", "deadbeat"],
    ["soft hyphen and word joiner", "thi\u00adef\u2060", "thief"],
    ["diacritics", "scüm Ａ", "scum a"],
    ["traditional to simplified", "起訴。騙子。徵信", "起诉。骗子。征信"],
    // characters that are simplified forms in use stay as they are (alone, OpenCC would read 么 as 幺 and 后 as 后)
    ["simplified forms in use", "出了什么事以后再说头发", "出了什么事以后再说头发"],
    ["their traditional forms", "什麼事以後頭髮", "什么事以后头发"],
    ["spacing between CJK characters", "起 诉", "起诉"],
    ["punctuation between CJK characters", "起.诉 老*赖 打　断　腿", "起诉老赖打断腿"],
    ["a line break or 。 stays a boundary", "马。上\n付", "马。上 付"],
    ["letter-spaced words", "we will s u e you", "we will sue you"],
    ["dotted letters", "j.a.i.l", "jail"],
    ["mixed gaps are not one word", "a s.c.u.m", "a scum"],
    ["runs of whitespace", "final \t\n  warning", "final warning"],
    ["curly apostrophe", "you\u2019ll", "you'll"],
  ])("%s", (_, input, expected) => {
    expect(normaliseText(input).text).toBe(expected);
  });

  it("maps every normalised character back to the original", () => {
    const original = "我們 會 起\u200b.訴";
    const n = normaliseText(original);
    expect(n.text).toBe("我们会起诉");
    const at = n.text.indexOf("起诉");
    const { start, end } = originalRange(n, at, at + 2);
    expect(original.slice(start, end)).toBe("起\u200b.訴");
  });

  it("keeps offsets of characters outside the BMP", () => {
    const original = "𝐀𝐑𝐑𝐄𝐒𝐓 you";
    const n = normaliseText(original);
    expect(n.text).toBe("arrest you");
    const { start, end } = originalRange(n, 0, 6);
    expect([start, end]).toEqual([0, 12]);
  });

  it("property: the map is monotone and inside the original", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        const n = normaliseText(s);
        expect(n.starts.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          const st = n.starts[i] as number;
          const en = n.ends[i] as number;
          expect(0 <= st && st < en && en <= s.length).toBe(true);
          if (i > 0) expect(st).toBeGreaterThanOrEqual(n.starts[i - 1] as number);
        }
      }),
    );
  });
});
