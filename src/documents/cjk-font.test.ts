import { describe, expect, it } from "vitest";
import { CJK_FONT_CANDIDATES, cjkFontOrThrow, findCjkFont } from "./cjk-font.ts";

describe("the CJK font", () => {
  it("is looked for at the known paths, in order, or where HUIKUAN_CJK_FONT says", () => {
    const second = CJK_FONT_CANDIDATES[1]?.path as string;
    expect(findCjkFont({}, (p) => p === second)).toEqual({ path: second, family: CJK_FONT_CANDIDATES[1]?.family });
    expect(findCjkFont({}, () => false)).toBeNull();
    expect(findCjkFont({ HUIKUAN_CJK_FONT: "/x/y.ttc#Name" }, (p) => p === "/x/y.ttc")).toEqual({
      path: "/x/y.ttc",
      family: "Name",
    });
    expect(findCjkFont({ HUIKUAN_CJK_FONT: "/x/y.ttf" }, () => false)).toBeNull();
  });

  it("names the Debian package to install when missing", () => {
    expect(() => cjkFontOrThrow({ HUIKUAN_CJK_FONT: "/nowhere/font.ttf" })).toThrow(
      /install the Debian package fonts-wqy-microhei/,
    );
  });
});
