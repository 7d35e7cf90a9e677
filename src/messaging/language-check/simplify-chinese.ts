// Traditional to simplified Chinese, one character at a time, so that offsets into the original text survive.
// The table comes from OpenCC's dictionaries (opencc-js, offline): every CJK character is converted once, each on
// its own line so that OpenCC's phrase rules cannot join neighbours, and only 1:1 changes are kept. OpenCC's
// phrase-level choices (著 -> 着 only in some words) are lost, which is fine for matching a lexicon.
// A character that is itself a simplified form in use is never changed: alone, OpenCC reads 么 as the traditional
// 么 (幺) and 后 as the traditional 后 (queen), but in simplified text they are 什么 and 以后.

import { createRequire } from "node:module";
import type { Converter } from "opencc-js/cn2t";

// The dictionaries are megabytes of script that most commands never need (the daily run imports this module through
// the settings): loaded on the table's first use, not with the module.
const load = createRequire(import.meta.url);
const opencc = (entry: "opencc-js/cn2t" | "opencc-js/t2cn") =>
  (load(entry) as { Converter: typeof Converter }).Converter;

const RANGES: readonly (readonly [number, number])[] = [
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
];

let table: Map<number, number> | null = null;

function buildTable(): Map<number, number> {
  const chars: string[] = [];
  for (const [from, to] of RANGES) for (let cp = from; cp <= to; cp++) chars.push(String.fromCodePoint(cp));
  const map = new Map<number, number>();
  const toSimplified = opencc("opencc-js/t2cn");
  const traditional = opencc("opencc-js/cn2t")({ from: "cn", to: "tw" })(chars.join("\n")).split("\n");
  const simplifiedInUse = (i: number) => traditional.length === chars.length && traditional[i] !== chars[i];
  // Taiwan and Hong Kong variants both go to mainland simplified; Taiwan's table first, Hong Kong's fills gaps.
  for (const from of ["tw", "hk"]) {
    const converted = toSimplified({ from, to: "cn" })(chars.join("\n")).split("\n");
    if (converted.length !== chars.length) continue; // a dictionary change that merged lines: keep what we have
    for (let i = 0; i < chars.length; i++) {
      const source = chars[i] as string;
      const target = converted[i] as string;
      const cp = target.codePointAt(0) as number;
      if (
        target !== source &&
        target.length === source.length &&
        !simplifiedInUse(i) &&
        !map.has(source.codePointAt(0) as number)
      ) {
        map.set(source.codePointAt(0) as number, cp);
      }
    }
  }
  return map;
}

/** The simplified form of one code point (itself when it has none). Builds the table on first use (~70 ms). */
export function simplifiedCodePoint(cp: number): number {
  if (cp < 0x3400 || cp > 0x9fff) return cp;
  table ??= buildTable();
  return table.get(cp) ?? cp;
}

/** Builds the table now, e.g. before a benchmark or at server start. */
export function warmUpSimplifiedTable(): void {
  table ??= buildTable();
}
