// A request's validation problems in the reader's language: zod's own wording (type, option, size, unknown key) comes
// in Chinese from zod's zh-CN locale; messages the schemas wrote themselves stay as written.
import { type core, z } from "zod";
import type { MessageLanguage } from "../errors/localize.ts";

const english = z.locales.en().localeError;
const chinese = z.locales.zhCN().localeError;

/** A value of the type zod named ("received string"), so the Chinese wording can name it too. */
const SAMPLE: Record<string, unknown> = {
  string: "",
  number: 0,
  boolean: false,
  undefined: undefined,
  null: null,
  object: {},
  array: [],
  bigint: 0n,
};

function textOf(out: ReturnType<typeof english>): string | undefined {
  return typeof out === "string" ? out : out?.message;
}

/** "path: problem" for one issue, in `lang`. */
export function issueText(issue: core.$ZodIssue, lang: MessageLanguage): string {
  const where = issue.path.map(String).join(".") || "body";
  if (lang === "en") return `${where}: ${issue.message}`;
  let raw = issue as unknown as core.$ZodRawIssue;
  if (issue.code === "invalid_type") {
    // The issue no longer holds the value; the English says what it was.
    const received = /received (\w+)$/.exec(issue.message)?.[1];
    if (received && received in SAMPLE) raw = { ...raw, input: SAMPLE[received] } as core.$ZodRawIssue;
  }
  const isZodsOwn = textOf(english(raw)) === issue.message;
  const zh = isZodsOwn ? textOf(chinese(raw)) : undefined;
  return `${where}: ${zh ?? issue.message}`;
}
