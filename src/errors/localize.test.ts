import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { USER_ROLES } from "../auth/users.schema.ts";
import { TASK_STATUSES } from "../collection/collection.enums.ts";
import { CONTACT_ROLES } from "../ledger/ledger.schema.ts";
import { PROPOSAL_STATUSES } from "../portal/portal.schema.ts";
import { AppError, Message, msg, term } from "./app-error.ts";
import { errorJson, localized, messageLanguageOf } from "./localize.ts";
import { ZH_MESSAGES } from "./messages.zh.ts";

describe("msg", () => {
  it("reads as the English text and keeps its template and values", () => {
    const m = msg`a promise can be at most ${365} days ahead, by ${"2027-11-24"}`;
    expect(String(m)).toBe("a promise can be at most 365 days ahead, by 2027-11-24");
    expect(m.key).toBe("a promise can be at most {0} days ahead, by {1}");
    expect(m.params).toEqual(["365", "2027-11-24"]);
    const e = new AppError("invalid_input", m);
    expect(e.message).toBe("a promise can be at most 365 days ahead, by 2027-11-24");
    expect(e.template?.key).toBe(m.key);
  });

  it("leaves a plain string without a template", () => {
    expect(new AppError("conflict", "stale").template).toBeUndefined();
  });
});

describe("messageLanguageOf", () => {
  it("takes the preferred of Chinese and English, q-values included", () => {
    expect(messageLanguageOf("zh-CN")).toBe("zh-CN");
    expect(messageLanguageOf("zh-TW,zh;q=0.9")).toBe("zh-CN");
    expect(messageLanguageOf("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(messageLanguageOf("fr-FR,zh;q=0.5,en;q=0.4")).toBe("zh-CN");
    expect(messageLanguageOf("en;q=0.3, zh-Hans;q=0.7")).toBe("zh-CN");
    expect(messageLanguageOf("zh;q=0")).toBe("en");
    expect(messageLanguageOf("fr")).toBe("en");
    expect(messageLanguageOf(undefined)).toBe("en");
    expect(messageLanguageOf("")).toBe("en");
  });
});

describe("localized", () => {
  const known = Object.keys(ZH_MESSAGES).find((k) => k.includes("{0}"));

  it("puts the values into the translation", () => {
    if (!known) throw new Error("the catalog has no message with a value");
    const params = ["VAL-A", "VAL-B", "VAL-C", "VAL-D", "VAL-E"];
    const m = new Message("english", known, params);
    const zh = localized(m, "zh-CN");
    expect(zh).not.toBe("english");
    expect(zh).toContain("VAL-A");
    expect(zh).not.toMatch(/\{\d+\}/);
    expect(localized(m, "en")).toBe("english");
  });

  it("answers in English what has no translation", () => {
    const m = msg`no such thing as ${"x"} in the catalog`;
    expect(localized(m, "zh-CN")).toBe("no such thing as x in the catalog");
    expect(localized("plain", "zh-CN")).toBe("plain");
  });

  it("is what the API's error object carries", () => {
    const e = new AppError("invalid_input", msg`a promise can be at most ${365} days ahead`, ["row 2: bad"]);
    expect(errorJson(e, "en")).toEqual({ code: "invalid_input", message: e.message, details: ["row 2: bad"] });
    const zh = errorJson(e, "zh-CN");
    expect(zh.code).toBe("invalid_input");
    expect(zh.message).toBe(localized(e.template ?? e.message, "zh-CN"));
  });
});

describe("term", () => {
  it("translates a role or status inside a translated message", () => {
    const e = new AppError("conflict", msg`task ${7} is already ${term("done")}`);
    expect(e.message).toBe("task 7 is already done");
    const zh = localized(e.template ?? e.message, "zh-CN");
    expect(zh).toContain("已完成");
    expect(zh).not.toContain("done");
  });

  it("has Chinese for every user role, contact role, task and proposal status", () => {
    const values = [...USER_ROLES, ...CONTACT_ROLES, ...TASK_STATUSES, ...PROPOSAL_STATUSES];
    expect(values.filter((v) => !ZH_MESSAGES[`term:${v}`])).toEqual([]);
  });
});

/** The sources (not the tests) below src/, as [path, text]. */
function sources(): [string, string][] {
  const root = path.resolve(import.meta.dirname, "..");
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]);
}

describe("requireRole's refusals", () => {
  it("name in Chinese every action they refuse", () => {
    const actions = new Set<string>();
    for (const [, src] of sources()) {
      // requireRole(user, roles, "what") and the workspace routes' guard(user, id, "what").
      for (const m of src.matchAll(/(?:requireRole|guard)\([^;]*?,\s*"([^"]+)"\s*\)/g)) actions.add(m[1] as string);
    }
    expect(actions.size).toBeGreaterThan(30);
    expect([...actions].filter((a) => !ZH_MESSAGES[`term:${a}`])).toEqual([]);
  });
});

describe("the Chinese catalog", () => {
  it("uses each value of its English template exactly once, and no other", () => {
    const bad: string[] = [];
    for (const [key, zh] of Object.entries(ZH_MESSAGES)) {
      const want = (key.match(/\{\d+\}/g) ?? []).sort();
      const got = (zh.match(/\{\d+\}/g) ?? []).sort();
      if (want.join() !== got.join() || zh.trim() === "") bad.push(key);
    }
    expect(bad).toEqual([]);
  });

  it("translates into Chinese (a template of one field name and values has no words to translate)", () => {
    const words = (key: string) => key.replace(/\{\d+\}/g, "").match(/[a-z]{2,}/gi)?.length ?? 0;
    const english = Object.entries(ZH_MESSAGES).filter(([k, zh]) => words(k) > 1 && !/[\u4e00-\u9fff]/.test(zh));
    expect(english.map(([k]) => k)).toEqual([]);
  });
});

/** The key msg`...` gives a template in the sources: its text with {0}, {1}... for each ${...} (nesting skipped). */
function templateKey(src: string, start: number): string {
  let key = "";
  let n = 0;
  let i = start + 1;
  const skipTemplate = (from: number): number => {
    let j = from + 1;
    while (src[j] !== "`") {
      if (src[j] === "\\") j++;
      else if (src[j] === "$" && src[j + 1] === "{") j = skipExpression(j + 2) - 1;
      j++;
    }
    return j + 1;
  };
  const skipExpression = (from: number): number => {
    let depth = 1;
    let j = from;
    while (depth > 0) {
      const ch = src[j] as string;
      if (ch === "`") {
        j = skipTemplate(j);
        continue;
      }
      if (ch === '"' || ch === "'") {
        j++;
        while (src[j] !== ch) j += src[j] === "\\" ? 2 : 1;
      } else if (ch === "{") depth++;
      else if (ch === "}") depth--;
      j++;
    }
    return j;
  };
  while (src[i] !== "`") {
    if (src[i] === "\\") {
      key += src[i + 1];
      i += 2;
    } else if (src[i] === "$" && src[i + 1] === "{") {
      i = skipExpression(i + 2);
      key += `{${n++}}`;
    } else key += src[i++];
  }
  return key;
}

describe("the messages written with msg`...`", () => {
  it("all have a Chinese translation (command-line flag messages aside)", () => {
    const missing: string[] = [];
    let seen = 0;
    for (const [f, src] of sources()) {
      for (const m of src.matchAll(/\bmsg`/g)) {
        const key = templateKey(src, (m.index ?? 0) + 3);
        if (key === "..." || key.startsWith("--")) continue; // a doc comment's example; CLI flags
        seen++;
        if (!(key in ZH_MESSAGES)) missing.push(`${f}: ${key}`);
      }
    }
    expect(seen).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });
});
