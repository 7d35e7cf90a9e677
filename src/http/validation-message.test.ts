import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueText } from "./validation-message.ts";

const schema = z
  .object({
    amount: z.number(),
    kind: z.enum(["call", "visit"]),
    note: z.string().min(3),
    date: z.string().refine((s) => s.startsWith("20"), { error: "not a date of this century" }),
  })
  .strict();
const issues = schema.safeParse({ amount: "12", kind: "fax", note: "ok", date: "1999-01-01", extra: 1 }).error
  ?.issues as z.core.$ZodIssue[];
const byPath = (lang: "en" | "zh-CN") => issues.map((i) => issueText(i, lang));

describe("issueText", () => {
  it("keeps zod's English with the field's path", () => {
    expect(byPath("en")).toEqual([
      "amount: Invalid input: expected number, received string",
      'kind: Invalid option: expected one of "call"|"visit"',
      "note: Too small: expected string to have >=3 characters",
      "date: not a date of this century",
      'body: Unrecognized key: "extra"',
    ]);
  });

  it("words zod's own problems in Chinese, the type received included; a schema's own message stays", () => {
    const zh = byPath("zh-CN");
    expect(zh[0]).toMatch(/^amount: .*[\u4e00-\u9fff]/);
    expect(zh[0]).not.toContain("undefined");
    expect(zh[1]).toMatch(/^kind: .*[\u4e00-\u9fff].*"call"\|"visit"/);
    expect(zh[2]).toMatch(/^note: .*[\u4e00-\u9fff]/);
    expect(zh[3]).toBe("date: not a date of this century");
    expect(zh[4]).toMatch(/^body: .*"extra"/);
    expect(zh[4]).toMatch(/[\u4e00-\u9fff]/);
  });
});
