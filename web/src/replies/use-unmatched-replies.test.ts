import { describe, expect, it } from "vitest";
import { replyPreview } from "./use-unmatched-replies.ts";

describe("replyPreview", () => {
  it.each([
    ["Paid.\r\n\r\n  Thanks", 240, "Paid. Thanks"],
    ["<b>not html</b>", 240, "<b>not html</b>"],
    ["a".repeat(10), 5, "aaaa…"],
    ["word ".repeat(4), 7, "word w…"],
    ["", 240, ""],
  ])("%j (max %i) -> %j", (text, max, expected) => {
    expect(replyPreview(text, max)).toBe(expected);
  });
});
