// The language check (conduct.md rule 11, "The language check"): one pure function for the UI, the API, the CLI and
// the scheduler. Normalise, match every lexicon term and allowlisted phrase in one trie walk, drop findings inside
// innocent words, apply context (legal action approved? claim time-barred? fee basis cited?), and report each
// finding with its range in the original text and what to write instead.
import {
  ALLOWLIST,
  CATEGORY_INFO,
  type Category,
  COMBINATIONS,
  expandTerm,
  type Lang,
  LEXICON,
  type LexiconEntry,
  type Verdict,
} from "./lexicon.ts";
import { isHanUnit, isWordUnit, type NormalisedText, normaliseText, originalRange } from "./normalise-text.ts";

export type CheckLang = Lang | "auto";
export const CHECK_LANGS = ["zh", "en", "auto"] as const satisfies readonly CheckLang[];

export type CheckContext = {
  /** Legal action on this claim has been approved (by a manager, per the playbook). Unknown: legal words warn. */
  readonly legalApproved?: boolean;
  /** The claim is past its limitation period: no legal or credit-reporting wording at all (conduct.md rule 12). */
  readonly timeBarred?: boolean;
};

export type CheckOptions = { readonly lang?: CheckLang; readonly context?: CheckContext };

export type Finding = {
  readonly category: Category;
  /** The original text of the finding (what the writer typed, evasions included). */
  readonly span: string;
  /** UTF-16 offsets into the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly suggestion: string;
  readonly verdict: Exclude<Verdict, "allow">;
};

export type CheckResult = { readonly verdict: Verdict; readonly findings: readonly Finding[] };

type Hit = {
  /** null for an allowlisted phrase or a combination's cue. */
  readonly entry: LexiconEntry | null;
  /** A term of group `group` of COMBINATIONS[rule]. */
  readonly cue?: { readonly rule: number; readonly group: number };
  readonly term: string;
  readonly length: number;
  readonly wordStart: boolean;
  readonly wordEnd: boolean;
};
type TrieNode = { readonly next: Map<number, TrieNode>; readonly hits: Hit[] };

const newNode = (): TrieNode => ({ next: new Map(), hits: [] });

function addTerm(
  root: TrieNode,
  term: string,
  entry: LexiconEntry | null,
  cue?: { rule: number; group: number },
): void {
  if (term.length === 0) throw new Error("empty lexicon term");
  if (term !== normaliseText(term).text) throw new Error(`lexicon term "${term}" is not written normalised`);
  let node = root;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    let next = node.next.get(c);
    if (!next) {
      next = newNode();
      node.next.set(c, next);
    }
    node = next;
  }
  node.hits.push({
    entry,
    ...(cue ? { cue } : {}),
    term,
    length: term.length,
    wordStart: isWordUnit(term.charCodeAt(0)),
    wordEnd: isWordUnit(term.charCodeAt(term.length - 1)),
  });
}

let compiled: TrieNode | null = null;

/** The lexicons and the allowlist as one trie, built once (an Aho-Corasick without failure links: the terms are
 * short, so walking from each position costs about as much and keeps every overlapping match). */
function trie(): TrieNode {
  if (compiled) return compiled;
  const root = newNode();
  for (const entry of LEXICON)
    for (const t of entry.terms) for (const term of expandTerm(t)) addTerm(root, term, entry);
  for (const lang of ["zh", "en"] as const) {
    for (const t of ALLOWLIST[lang]) for (const term of expandTerm(t)) addTerm(root, term, null);
  }
  for (const [rule, c] of COMBINATIONS.entries()) {
    for (const [group, terms] of c.groups.entries()) {
      for (const t of terms) for (const term of expandTerm(t)) addTerm(root, term, null, { rule, group });
    }
  }
  compiled = root;
  return root;
}

// "Sue" is also a name: a capitalised "Sue" inside a sentence and not followed by a pronoun is taken as one.
const NAME_LIKE = new Set(["sue"]);
function isNameUse(original: string, start: number, norm: string, to: number): boolean {
  const first = original.charCodeAt(start);
  const second = original.charCodeAt(start + 1);
  if (first < 0x41 || first > 0x5a || second < 0x61 || second > 0x7a) return false;
  let k = start - 1;
  while (k >= 0 && /\s/.test(original[k] as string)) k--;
  if (k < 0 || /[.!?。！？:;"“]/.test(original[k] as string)) return false;
  return !/^ (you|them|us|him|her|your|the|for|over)\b/.test(norm.slice(to, to + 6));
}

// Conduct.md rule 13: fees and interest only with a contract clause or a statute cited.
const CITES_BASIS =
  /clause|section|article|statut|\bact\b|§|terms and conditions|条款|第 ?[0-9.一二三四五六七八九十百]+ ?条|《[^》]+》|合同约定|协议约定/;

function contextVerdict(entry: LexiconEntry, context: CheckContext, text: string): Verdict {
  const base = entry.verdict ?? CATEGORY_INFO[entry.category].verdict;
  switch (CATEGORY_INFO[entry.category].rule) {
    case "legal":
      // Conduct.md rule 11: legal words warn, and block when legal action is not approved or the claim is
      // time-barred (rule 12); approved action on a live claim may say so.
      if (context.timeBarred || context.legalApproved === false) return "block";
      return context.legalApproved ? "allow" : base;
    case "credit":
      return context.timeBarred ? "block" : base;
    case "fee":
      return CITES_BASIS.test(text) ? "allow" : base;
    default:
      return base;
  }
}

/** The language of the suggestions for `auto`: Chinese when the text has at least one Han character per five
 * Latin letters. */
function detectLang(n: NormalisedText): Lang {
  let han = 0;
  let latin = 0;
  const t = n.text;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (isHanUnit(c)) han++;
    else if (c >= 0x61 && c <= 0x7a) latin++;
  }
  return han > 0 && han * 5 >= latin ? "zh" : "en";
}

type Candidate = { entry: LexiconEntry; from: number; to: number; verdict: Exclude<Verdict, "allow"> };
type Cue = { rule: number; group: number; from: number; to: number; sentence: number };

/** The lexicon entry a combination's finding reports under. */
const COMBINATION_ENTRIES: readonly LexiconEntry[] = COMBINATIONS.map((c) => ({
  category: c.category,
  lang: c.lang,
  terms: [],
  ...(c.verdict ? { verdict: c.verdict } : {}),
}));

/** Sentence number of each UTF-16 offset of the original text: a new one after 。！？；!?; and line breaks, and after a
 * full stop followed by a space (not inside "5.50" or "p.m."). */
function sentencesOf(text: string): Uint16Array {
  const out = new Uint16Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    out[i] = n;
    const c = text[i];
    if (c === "。" || c === "！" || c === "？" || c === "；" || c === "!" || c === "?" || c === ";" || c === "\n") n++;
    else if (c === "." && (i + 1 === text.length || text[i + 1] === " ")) n++;
  }
  out[text.length] = n;
  return out;
}

/** Combinations whose every group has a cue in one sentence: one finding from the first cue to the last. */
function combinationCandidates(cues: readonly Cue[], context: CheckContext, text: string): Candidate[] {
  const out: Candidate[] = [];
  const bySentence = new Map<string, Cue[]>();
  for (const c of cues) {
    const key = `${c.rule}:${c.sentence}`;
    const list = bySentence.get(key);
    if (list) list.push(c);
    else bySentence.set(key, [c]);
  }
  for (const list of bySentence.values()) {
    const rule = list[0]?.rule as number;
    const groups = COMBINATIONS[rule]?.groups.length ?? 0;
    if (new Set(list.map((c) => c.group)).size < groups) continue;
    const entry = COMBINATION_ENTRIES[rule] as LexiconEntry;
    const verdict = contextVerdict(entry, context, text);
    if (verdict === "allow") continue;
    out.push({
      entry,
      from: Math.min(...list.map((c) => c.from)),
      to: Math.max(...list.map((c) => c.to)),
      verdict,
    });
  }
  return out;
}

const RANK: Record<Verdict, number> = { allow: 0, warn: 1, block: 2 };

/** Checks an outgoing message. Pure; about 10 µs for an SMS-sized text. */
export function checkMessage(text: string, options: CheckOptions = {}): CheckResult {
  const lang = options.lang ?? "auto";
  const context = options.context ?? {};
  const n = normaliseText(text);
  const t = n.text;
  const len = t.length;
  const root = trie();

  const candidates: Candidate[] = [];
  const allowed: { from: number; to: number }[] = [];
  const cues: Cue[] = [];
  let sentences: Uint16Array | null = null;
  for (let i = 0; i < len; i++) {
    let node = root.next.get(t.charCodeAt(i));
    if (!node) continue;
    const boundaryBefore = i === 0 || !isWordUnit(t.charCodeAt(i - 1));
    let j = i + 1;
    while (node) {
      for (const hit of node.hits) {
        if (hit.wordStart && !boundaryBefore) continue;
        if (hit.wordEnd && j < len && isWordUnit(t.charCodeAt(j))) continue;
        if (hit.cue) {
          sentences ??= sentencesOf(text);
          const sentence = sentences[n.starts[i] as number] as number;
          cues.push({ ...hit.cue, from: i, to: j, sentence });
          continue;
        }
        if (hit.entry === null) {
          allowed.push({ from: i, to: j });
          continue;
        }
        const verdict = contextVerdict(hit.entry, context, t);
        if (verdict === "allow") continue;
        // With a language given, the other language's lexicon still blocks but does not warn.
        if (lang !== "auto" && hit.entry.lang !== lang && verdict !== "block") continue;
        if (NAME_LIKE.has(hit.term) && isNameUse(text, n.starts[i] as number, t, j)) continue;
        candidates.push({ entry: hit.entry, from: i, to: j, verdict });
      }
      if (j >= len) break;
      node = node.next.get(t.charCodeAt(j));
      j++;
    }
  }
  if (cues.length) {
    const inAllowed = (c: Cue) => allowed.some((a) => a.from <= c.from && c.to <= a.to);
    candidates.push(
      ...combinationCandidates(
        cues.filter((c) => !inAllowed(c)),
        context,
        t,
      ),
    );
  }
  if (candidates.length === 0) return { verdict: "allow", findings: [] };

  // Widest first, so that a term inside a longer one of the same category ("court" in "court order") is dropped.
  candidates.sort((a, b) => a.from - b.from || b.to - a.to);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (allowed.some((a) => a.from <= c.from && c.to <= a.to)) continue;
    if (kept.some((k) => k.entry.category === c.entry.category && k.from <= c.from && c.to <= k.to)) continue;
    kept.push(c);
  }

  const suggestionLang = lang === "auto" ? detectLang(n) : lang;
  let verdict: Verdict = "allow";
  const findings = kept.map((c): Finding => {
    if (RANK[c.verdict] > RANK[verdict]) verdict = c.verdict;
    const { start, end } = originalRange(n, c.from, c.to);
    return {
      category: c.entry.category,
      span: text.slice(start, end),
      start,
      end,
      suggestion: CATEGORY_INFO[c.entry.category].suggestion[suggestionLang],
      verdict: c.verdict,
    };
  });
  return { verdict, findings };
}
