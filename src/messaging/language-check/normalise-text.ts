// Normalisation for the language check, with a map back to the original text: every UTF-16 code unit of the
// normalised text knows the original range [start, end) it came from, so a finding points at what the writer typed
// ("起 . 訴" in the original, not "起诉" in the normalised text).
//
// Steps, per conduct.md "The language check": NFKC, lower case, zero-width and other invisible characters removed,
// traditional to simplified Chinese, spacing and punctuation between CJK characters removed ("起 诉", "起.诉"),
// plus two evasions seen in English: letter-spaced words ("s u e", "j.a.i.l") and diacritics ("scüm").
import { simplifiedCodePoint } from "./simplify-chinese.ts";

export type NormalisedText = {
  /** The normalised text the lexicons are matched against. */
  readonly text: string;
  /** `starts[i]`, `ends[i]`: the original range of normalised code unit i. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
};

const SEPARATOR = 1; // whitespace, punctuation, symbols
const HARD_BREAK = 2; // line ends and the Chinese full stop: spacing across them is not collapsed
const LATIN = 4; // a Latin letter or a digit (word characters for English word boundaries)
const HAN = 8;
const SPACE = 16;

const CLASSES = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[\p{P}\p{S}\s]/u.test(ch)) k |= SEPARATOR;
  if (/\s/u.test(ch)) k |= SPACE;
  if (c === 0x0a || c === 0x0d || c === 0x3002 || c === 0x2028 || c === 0x2029) k |= HARD_BREAK;
  if (/[\p{Script=Latin}\p{Nd}]/u.test(ch)) k |= LATIN;
  if (c >= 0x3400 && c <= 0x9fff) k |= HAN;
  CLASSES[c] = k;
}

/** Characters with no visible form that evaders put inside words (zero-width spaces and joiners, soft hyphens,
 * bidi controls, variation selectors, Hangul fillers, tag characters). */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

const classOf = (unit: number): number => CLASSES[unit] ?? 0;
export const isWordUnit = (unit: number): boolean => (classOf(unit) & LATIN) !== 0;
export const isHanUnit = (unit: number): boolean => (classOf(unit) & HAN) !== 0;

const QUOTES: Record<string, string> = { "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "`": "'" };
const COMBINING = /\p{M}/u;
const COMBINING_ALL = /\p{M}/gu;

// Non-ASCII, non-Han characters go through NFKC one by one; the answers repeat, so they are kept.
const folded = new Map<string, string>();

function fold(cluster: string): string {
  let r = folded.get(cluster);
  if (r === undefined) {
    r = cluster.normalize("NFKC").toLowerCase().normalize("NFD").replace(COMBINING_ALL, "").normalize("NFC");
    r = Array.from(
      r,
      (ch) => QUOTES[ch] ?? String.fromCodePoint(simplifiedCodePoint(ch.codePointAt(0) as number)),
    ).join("");
    if (folded.size < 50_000) folded.set(cluster, r);
  }
  return r;
}

/** Normalises `original` for matching; see the file comment. */
export function normaliseText(original: string): NormalisedText {
  // Pass 1: character by character (a base character with its combining marks as one cluster).
  const units: number[] = [];
  const s1: number[] = [];
  const e1: number[] = [];
  const n = original.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const cp = original.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      units.push(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp === 0x60 ? 0x27 : cp);
      s1.push(start);
      e1.push(i);
      continue;
    }
    if (cp >= 0x4e00 && cp <= 0x9fff) {
      units.push(simplifiedCodePoint(cp));
      s1.push(start);
      e1.push(i);
      continue;
    }
    if (isInvisible(cp)) continue;
    // Combining marks that follow (invisible characters between them are dropped too).
    let cluster = String.fromCodePoint(cp);
    while (i < n) {
      const next = original.codePointAt(i) as number;
      const ch = String.fromCodePoint(next);
      if (COMBINING.test(ch) && !(next >= 0xfe00 && next <= 0xfe0f)) cluster += ch;
      else if (!isInvisible(next)) break;
      i += next > 0xffff ? 2 : 1;
    }
    const out = fold(cluster);
    for (let k = 0; k < out.length; k++) {
      units.push(out.charCodeAt(k));
      s1.push(start);
      e1.push(i);
    }
  }

  // Pass 2: which units to drop. Separator runs between two Han characters (unless they hold a line end or "。"),
  // and the gaps of letter-spaced words of three or more single letters.
  const m = units.length;
  const drop = new Uint8Array(m);
  for (let a = 0; a < m; ) {
    if ((classOf(units[a] as number) & SEPARATOR) === 0) {
      a++;
      continue;
    }
    let b = a;
    let hard = false;
    while (b < m && (classOf(units[b] as number) & SEPARATOR) !== 0) {
      if ((classOf(units[b] as number) & HARD_BREAK) !== 0) hard = true;
      b++;
    }
    if (!hard && a > 0 && b < m && isHanUnit(units[a - 1] as number) && isHanUnit(units[b] as number))
      drop.fill(1, a, b);
    a = b;
  }
  const isSingleLetter = (k: number) =>
    isWordUnit(units[k] as number) &&
    (k === 0 || !isWordUnit(units[k - 1] as number)) &&
    (k + 1 >= m || !isWordUnit(units[k + 1] as number));
  for (let a = 0; a < m; a++) {
    if (!isSingleLetter(a)) continue;
    // Follow the chain a, b, c ... of single letters with short separator gaps between them.
    // Every gap must be the same ("s u e", "s.u.e"), so that "a s.u.e" still reads "a sue".
    const chain = [a];
    let last = a;
    let gap: string | null = null;
    for (;;) {
      let g = last + 1;
      while (g < m && g - last <= 3 && (classOf(units[g] as number) & (SEPARATOR | HARD_BREAK)) === SEPARATOR) g++;
      if (g === last + 1 || g >= m || g - last > 3 || !isSingleLetter(g)) break;
      const thisGap = String.fromCharCode(...units.slice(last + 1, g));
      if (gap !== null && thisGap !== gap) break;
      gap = thisGap;
      chain.push(g);
      last = g;
    }
    if (chain.length >= 3) {
      for (let k = 1; k < chain.length; k++) drop.fill(1, (chain[k - 1] as number) + 1, chain[k] as number);
      a = last;
    }
  }

  // Pass 3: build the text, one space for each run of whitespace.
  const out: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < m; k++) {
    if (drop[k]) continue;
    const u = units[k] as number;
    if ((classOf(u) & SPACE) !== 0) {
      if (out.length > 0 && out[out.length - 1] === 0x20) {
        ends[ends.length - 1] = e1[k] as number;
        continue;
      }
      out.push(0x20);
    } else {
      out.push(u);
    }
    starts.push(s1[k] as number);
    ends.push(e1[k] as number);
  }
  let text = "";
  for (let k = 0; k < out.length; k += 4096) text += String.fromCharCode(...out.slice(k, k + 4096));
  return { text, starts, ends };
}

/** The original range of the normalised range [from, to). */
export function originalRange(n: NormalisedText, from: number, to: number): { start: number; end: number } {
  return { start: n.starts[from] as number, end: n.ends[to - 1] as number };
}
