// Custom scripts: talk tracks and templates a manager adds beside the starter library, stored as data in the setting
// "scripts.custom". The same checks hold for both ways in (POST/PUT /api/scripts and PUT /api/settings/scripts.custom):
// only known {variables}, no stray braces, the language check passed (conduct rule 11: nothing blocked, and warnings
// only for legal wording in a legal-stage text), and templates name the company, the collector and a callback number
// (rule 10), SMS with an opt-out (rule 8). Every problem names the field, the language and where in the text it is.
import { z } from "zod";
import { CHANNELS } from "../ledger/ledger.schema.ts";
import { checkMessage } from "../messaging/language-check/language-check.rules.ts";
import { CAUSES, EXCUSES, TONES } from "./collection.enums.ts";
import {
  LANGS,
  type Lang,
  placeholderProblems,
  SCRIPT_KINDS,
  SCRIPT_STAGES,
  SCRIPT_VARIABLES,
  type Script,
  scriptById,
  variablesIn,
} from "./scripts.ts";

/** Lower-case letters, digits, ".", "_" and "-"; the library's own ids are taken. */
export const CUSTOM_SCRIPT_ID = /^[a-z0-9][a-z0-9_.-]{2,79}$/;

const langText = (max: number) =>
  z.object({ zh: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });

/** What a manager writes: the script without its id and bookkeeping. */
export const customScriptBody = z.object({
  kind: z.enum(SCRIPT_KINDS),
  /** Templates: the channel they are sent on; talk tracks: null. */
  channel: z.enum(CHANNELS).nullable().default(null),
  causes: z.union([z.literal("*"), z.array(z.enum(CAUSES)).min(1)]),
  stage: z.enum(SCRIPT_STAGES),
  excuse: z.enum(EXCUSES).nullable().default(null),
  tone: z.enum(TONES),
  title: langText(200),
  subject: langText(300).optional(),
  text: langText(20_000),
});
export type CustomScriptBody = z.infer<typeof customScriptBody>;

export type ScriptProblem = { path: (string | number)[]; message: string };

const SENDER_VARIABLES = ["company", "collector", "callback_phone"] as const;
const OPT_OUT: Record<Lang, RegExp> = { zh: /退订/, en: /\bSTOP\b/ };
const KNOWN = SCRIPT_VARIABLES.map((v) => `{${v}}`).join(", ");

/** Every problem of a script's texts, each with its path (text.en, subject.zh, ...) and where in the text. */
export function scriptTextProblems(s: CustomScriptBody): ScriptProblem[] {
  const problems: ScriptProblem[] = [];
  const fields: [string, Record<Lang, string>][] = [
    ["title", s.title],
    ["text", s.text],
  ];
  if (s.subject) fields.push(["subject", s.subject]);
  for (const [field, texts] of fields) {
    for (const lang of LANGS) {
      const text = texts[lang];
      const path = [field, lang];
      for (const p of placeholderProblems(text)) {
        problems.push({
          path,
          message:
            p.kind === "unknown_variable"
              ? `unknown variable {${p.name}} at line ${p.line}, column ${p.column} (known: ${KNOWN})`
              : `"${p.name}" at line ${p.line}, column ${p.column} is not part of a variable (write variables as {amount})`,
        });
      }
      const check = checkMessage(text, { lang });
      for (const f of check.findings) {
        const legalWording = s.stage === "legal" && f.verdict === "warn" && f.category === "legal_action";
        if (legalWording) continue;
        problems.push({
          path,
          message: `the language check ${f.verdict === "block" ? "blocks" : "warns on"} "${f.span}" (${f.category}) at characters ${f.start}-${f.end}: ${f.suggestion}`,
        });
      }
    }
  }
  if (s.kind === "template") {
    for (const lang of LANGS) {
      const used = new Set(variablesIn(s.text[lang]));
      const absent = SENDER_VARIABLES.filter((v) => !used.has(v));
      if (absent.length) {
        problems.push({
          path: ["text", lang],
          message: `a template names the company, the collector and a callback number (conduct rule 10): add ${absent.map((v) => `{${v}}`).join(", ")}`,
        });
      }
      if (s.channel === "sms" && !OPT_OUT[lang].test(s.text[lang])) {
        problems.push({
          path: ["text", lang],
          message: `an SMS carries the opt-out (conduct rule 8): add ${lang === "zh" ? '"退订回T"' : '"Reply STOP to opt out"'}`,
        });
      }
    }
  }
  if (s.kind === "script" && s.channel != null) {
    problems.push({ path: ["channel"], message: "a talk track has no channel (null); templates have one" });
  }
  return problems;
}

/** A custom script as stored, with its version (bumped on every change) and who changed it last. */
export const storedCustomScript = customScriptBody.extend({
  id: z.string().regex(CUSTOM_SCRIPT_ID, "expected lower-case letters, digits, '.', '_' or '-' (3 to 80)"),
  version: z.number().int().positive(),
  updatedBy: z.string().min(1),
  updatedAt: z.string().min(1),
});
export type CustomScript = z.infer<typeof storedCustomScript>;

/** The setting "scripts.custom": the list of custom scripts, each checked as above, ids unique and not the library's. */
export const customScriptList = z.array(storedCustomScript).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (scriptById(s.id)) {
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${s.id}" is a library script's id` });
    }
    if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${s.id}" is used twice` });
    seen.add(s.id);
    for (const p of scriptTextProblems(s)) ctx.addIssue({ code: "custom", path: [i, ...p.path], message: p.message });
  });
});

/** A custom script in the library's shape (legal-stage texts flagged as such). */
export function asScript(c: CustomScript): Script {
  return {
    id: c.id,
    kind: c.kind,
    channel: c.channel,
    causes: c.causes,
    stage: c.stage,
    excuse: c.excuse,
    tone: c.tone,
    ...(c.stage === "legal" ? { legal: true as const } : {}),
    title: c.title,
    ...(c.subject ? { subject: c.subject } : {}),
    text: c.text,
  };
}
