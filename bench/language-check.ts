// Figures (messaging issue, section 2): precision and recall per verdict of the language check on the labelled
// corpus (src/messaging/language-check/corpus.tsv), on two development sets and on a blind held-out set (see below),
// the targets, and messages checked per second (median of 5 timed passes over the corpus
// repeated, after a warm-up pass that also builds the lexicon trie and the traditional-to-simplified table).
// Usage: npx tsx bench/language-check.ts [--messages 50000]
import fs from "node:fs";
import { type CorpusRow, loadCorpus, parseCorpus, scoreCorpus } from "../src/messaging/language-check/corpus.ts";
import { checkMessage } from "../src/messaging/language-check/language-check.rules.ts";
import { VERDICTS } from "../src/messaging/language-check/lexicon.ts";
import { arg, type BenchFigure, emitResult, median, peakMb } from "./bench-util.ts";

const messages = arg("messages", 50_000);
const figures: BenchFigure[] = [];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function report(label: string, rows: readonly CorpusRow[]): void {
  const s = scoreCorpus(rows);
  console.log(`${label}: ${rows.length} sentences (${rows.filter((r) => r.lang === "zh").length} zh)`);
  for (const v of VERDICTS) {
    const p = s.perVerdict[v];
    console.log(
      `  ${v.padEnd(5)} precision ${pct(p.precision).padStart(6)}  recall ${pct(p.recall).padStart(6)}  ` +
        `(labelled ${p.expected}, predicted ${p.predicted}, right ${p.correct})`,
    );
  }
  const ok = (b: boolean) => (b ? "ok" : "MISSED");
  console.log(
    `  targets: block recall ≥ 95% ${ok(s.perVerdict.block.recall >= 0.95)}; warn recall ≥ 80% ` +
      `${ok(s.perVerdict.warn.recall >= 0.8)}; polite blocked ${s.politeBlocked} ${ok(s.politeBlocked === 0)}; ` +
      `polite warned ${pct(s.politeWarnedShare)} (≤ 15%) ${ok(s.politeWarnedShare <= 0.15)}`,
  );
  const score = (figure: string, value: number, op: "<=" | ">=", limit: number) =>
    figures.push({
      figure: `language check, ${label}: ${figure}`,
      engine: "node",
      value,
      unit: figure.includes("blocked") ? "sentences" : "share",
      limits: [{ on: "value", op, value: limit, source: "issue 7" }],
    });
  score("block recall", s.perVerdict.block.recall, ">=", 0.95);
  score("warn recall", s.perVerdict.warn.recall, ">=", 0.8);
  score("polite blocked", s.politeBlocked, "<=", 0);
  score("polite warned", s.politeWarnedShare, "<=", 0.15);
  for (const m of s.mistakes) {
    const why = m.result.findings.map((f) => `${f.category} "${f.span}"`).join(", ") || "nothing found";
    console.log(`  line ${m.row.line}: ${m.row.expected} -> ${m.result.verdict} (${why}): ${m.row.text}`);
  }
}

const corpus = loadCorpus();
// How the sets came about, so that each figure is read for what it is:
// - holdout.tsv and holdout2.tsv were written by the lexicon's authors, and the lexicon was widened after each;
// - holdout3.tsv was written blind (by a writer who never saw the word lists, corpus or checker) and scored before
//   anything changed: block recall 56.7%, warn recall 66.7%, no polite message blocked, 6.7% warned (2026-11-24).
//   The lexicon and the combinations were then widened from its misses, so it is a development set too;
// - holdout4.tsv was written blind in the same way after that and scored once: block recall 52.5%, warn 65.0%,
//   3 polite messages blocked, 10% warned (2 blocked once the "tax office" / 税务局 terms came out). On 2026-11-24 the
//   lexicon was widened by concept from its misses (crime claimed for a debt, officials impersonated, half-said
//   threats, telling the debtor's world, borrowing and selling, pressure without a date, legal steps by other
//   names, credit bureaus, streets named after an office), so it is a development set too;
// - holdout5.tsv was written blind after that and scored once: block recall 55.0%, warn 55.0% (57.5% counting the
//   warn lines blocked), 2 polite messages blocked, 7.5% warned. Only its two polite blocks were fixed (places next
//   to an office allowlisted; "your family" no longer blocks alone, only beside a menace); its missed threats and
//   pressure were left as they are, so its recall stays the honest measure on phrasing the check has not seen.
const fileOf = (name: string) =>
  parseCorpus(
    fs.readFileSync(new URL(`./${name}`, new URL("../src/messaging/language-check/", import.meta.url)), "utf8"),
  );
report("corpus", corpus);
report("held-out 1 (development)", fileOf("holdout.tsv"));
report("held-out 2 (development)", fileOf("holdout2.tsv"));
report("held-out 3 (blind when written, development since)", fileOf("holdout3.tsv"));
report("held-out 4 (blind when written, development since)", fileOf("holdout4.tsv"));
if (fs.existsSync(new URL("../src/messaging/language-check/holdout5.tsv", import.meta.url))) {
  report("blind held-out (holdout5.tsv, recall never tuned on)", fileOf("holdout5.tsv"));
}

function throughput(label: string, texts: readonly string[]): void {
  const avgChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  const run = () => {
    let n = 0;
    for (const t of texts) n += checkMessage(t).findings.length;
    return n;
  };
  const t0 = performance.now();
  run(); // warm-up (the first call also builds the trie and the traditional-to-simplified table)
  const firstPassMs = performance.now() - t0;
  const rates: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const t = performance.now();
    run();
    rates.push(texts.length / ((performance.now() - t) / 1000));
  }
  console.log(
    `throughput, ${label}: ${Math.round(median(rates)).toLocaleString("en")} messages/s (median of 5 passes over ` +
      `${texts.length} messages of ${avgChars.toFixed(0)} characters on average; warm-up pass ${firstPassMs.toFixed(0)} ms); ` +
      "target ≥ 5,000/s",
  );
  figures.push({
    figure: `language check throughput, ${label}`,
    engine: "node",
    value: median(rates),
    unit: "messages/s",
    peakMb: peakMb(),
    stat: "median of 5",
    limits: [{ on: "value", op: ">=", value: 5000, source: "issue 7" }],
  });
}

const sentence = (i: number) => (corpus[i % corpus.length] as CorpusRow).text;
throughput(
  "SMS-sized",
  Array.from({ length: messages }, (_, i) => sentence(i)),
);
// Email-sized: 15 corpus sentences in one message.
throughput(
  "email-sized",
  Array.from({ length: Math.ceil(messages / 10) }, (_, i) =>
    Array.from({ length: 15 }, (_, k) => sentence(i * 7 + k * 13)).join(" "),
  ),
);
emitResult("language-check", figures);
