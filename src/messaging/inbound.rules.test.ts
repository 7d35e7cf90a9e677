import { describe, expect, it } from "vitest";
import { messageIdsIn, repliedIds, replyExcerpt, senderAddress } from "./inbound.rules.ts";

describe("inbound e-mail rules", () => {
  it("reads Message-IDs from In-Reply-To and References, the direct parent first", () => {
    expect(messageIdsIn("<a@x> <b@x>\r\n <c@x>")).toEqual(["<a@x>", "<b@x>", "<c@x>"]);
    expect(messageIdsIn("bare@x")).toEqual(["<bare@x>"]);
    expect(messageIdsIn("")).toEqual([]);
    expect(repliedIds("<c@x>", "<a@x> <b@x> <c@x>")).toEqual(["<c@x>", "<b@x>", "<a@x>"]);
  });

  it.each([
    ["Ms Wang <Wang@Example.COM>", "wang@example.com"],
    ["wang@example.com", "wang@example.com"],
    ['"Wang, Li" <li.wang@example.cn>', "li.wang@example.cn"],
    ["no address", null],
  ])("sender of %s is %s", (from, expected) => {
    expect(senderAddress(from)).toBe(expected);
  });

  it("keeps the reply's own words and drops the quoted original", () => {
    const text = "We paid yesterday.\n\nOn Tue, 11 Mar 2025, AR wrote:\n> Dear Ms Wang\n> ...";
    expect(replyExcerpt(text)).toBe("We paid yesterday.");
    expect(replyExcerpt("已付款。\n在 2025年3月11日,应收账款组 写道:\n原文")).toBe("已付款。");
    expect(replyExcerpt("x".repeat(600))).toHaveLength(500);
  });
});
