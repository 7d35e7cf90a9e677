// The labelled corpus (corpus.tsv, written for Huikuan) and its scoring, shared by the test and bench/language-check.ts.
// Columns: lang (zh|en), expected verdict, context flags ("-" or a comma list of legal_approved, legal_denied,
// time_barred), text. In the text, \uXXXX stands for that character, so evasions with invisible characters stay
// readable.
import fs from "node:fs";
import { type CheckContext, type CheckResult, checkMessage } from "./language-check.rules.ts";
import { type Lang, VERDICTS, type Verdict } from "./lexicon.ts";

export type CorpusRow = {
  readonly line: number;
  readonly lang: Lang;
  readonly expected: Verdict;
  readonly context: CheckContext;
  readonly text: string;
};

export const CORPUS_PATH = new URL("./corpus.tsv", import.meta.url);

const FLAGS: Record<string, CheckContext> = {
  legal_approved: { legalApproved: true },
  legal_denied: { legalApproved: false },
  time_barred: { timeBarred: true },
};

export function parseCorpus(tsv: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const lines = tsv.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === "") continue;
    const [lang, expected, flags, text, ...rest] = raw.split("\t");
    const where = `corpus.tsv line ${i + 1}`;
    if (rest.length > 0 || text === undefined) throw new Error(`${where}: expected 4 tab-separated columns`);
    if (lang !== "zh" && lang !== "en") throw new Error(`${where}: lang "${lang}" (expected zh or en)`);
    if (!(VERDICTS as readonly string[]).includes(expected as string)) {
      throw new Error(`${where}: verdict "${expected}" (expected allow, warn or block)`);
    }
    let context: CheckContext = {};
    for (const flag of flags === "-" ? [] : (flags ?? "").split(",")) {
      const f = FLAGS[flag];
      if (!f) throw new Error(`${where}: context flag "${flag}" (expected ${Object.keys(FLAGS).join(", ")} or -)`);
      context = { ...context, ...f };
    }
    rows.push({
      line: i + 1,
      lang,
      expected: expected as Verdict,
      context,
      text: text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    });
  }
  return rows;
}

export const loadCorpus = (): CorpusRow[] => parseCorpus(fs.readFileSync(CORPUS_PATH, "utf8"));

export type VerdictScore = { expected: number; predicted: number; correct: number; precision: number; recall: number };
export type CorpusScore = {
  perVerdict: Record<Verdict, VerdictScore>;
  /** Messages labelled allow that the check blocked, and the share it warned. */
  politeBlocked: number;
  politeWarnedShare: number;
  mistakes: { row: CorpusRow; result: CheckResult }[];
};

export function scoreCorpus(rows: readonly CorpusRow[]): CorpusScore {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, { expected: 0, predicted: 0, correct: 0 }])) as Record<
    Verdict,
    { expected: number; predicted: number; correct: number }
  >;
  const mistakes: CorpusScore["mistakes"] = [];
  let politeBlocked = 0;
  let politeWarned = 0;
  for (const row of rows) {
    const result = checkMessage(row.text, { lang: row.lang, context: row.context });
    counts[row.expected].expected++;
    counts[result.verdict].predicted++;
    if (result.verdict === row.expected) counts[row.expected].correct++;
    else mistakes.push({ row, result });
    if (row.expected === "allow" && result.verdict === "block") politeBlocked++;
    if (row.expected === "allow" && result.verdict === "warn") politeWarned++;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const perVerdict = Object.fromEntries(
    VERDICTS.map((v) => {
      const c = counts[v];
      return [v, { ...c, precision: ratio(c.correct, c.predicted), recall: ratio(c.correct, c.expected) }];
    }),
  ) as Record<Verdict, VerdictScore>;
  return { perVerdict, politeBlocked, politeWarnedShare: ratio(politeWarned, counts.allow.expected), mistakes };
}
