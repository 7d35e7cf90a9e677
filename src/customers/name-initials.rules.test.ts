import { describe, expect, it } from "vitest";
import { nameInitials } from "./name-initials.rules.ts";

describe("nameInitials", () => {
  it.each([
    ["华夏金贸", "hxjm"],
    ["华夏金贸有限公司", "hxjmyxgs"],
    ["银行（深圳）科技", "yhszkj"],
    ["重庆长安汽车", "cqcaqc"],
    ["华夏金贸 2号店", "hxjm2hd"],
    ["Acme Trading Ltd.", "atl"],
    ["ＡＢＣ贸易", "amy"],
    ["Ölwerk Société", "os"],
    ["", ""],
    ["  ", ""],
  ])("%s → %s", (name, initials) => {
    expect(nameInitials(name)).toBe(initials);
  });

  it("gives only lower-case letters and digits", () => {
    for (const name of ["Société Générale 上海", "北京·朝阳 (No.3)", "Ölwerk GmbH"]) {
      expect(nameInitials(name)).toMatch(/^[a-z0-9]*$/);
    }
  });
});
