// Checked invoice rows turned into what the direct load sends to the server: each row's COPY line (without the
// customer id, which may not exist yet) and a number for its customer, in typed arrays and one byte buffer, which
// cross from a worker thread to the main thread at almost no cost. Pure apart from the state it keeps between batches.
import { copyField } from "../db/copy-text.ts";
import { FIELDS } from "./import-fields.ts";
import type { StagedValue } from "./import-rows.ts";

export type StagedRow = { rowNo: number; values: StagedValue[] };

export type DirectBatch = {
  /** Valid rows in this batch. */
  n: number;
  /** Per row, the customer's ordinal: customers are numbered 0, 1, 2... in the order the file first names them. */
  ordinals: Int32Array;
  /** Customers first named in this batch: ordinals `firstOrdinal`, `firstOrdinal + 1`... with their codes. */
  firstOrdinal: number;
  newCodes: string[];
  /** The first name a row gave each new customer ("" when none so far). */
  newNames: string[];
  /** Names found now for customers first seen without one: ordinal, name. Each ordinal at most once. */
  lateNames: [number, string][];
  /** The rows' COPY lines after the customer id, as UTF-8, each ending in a line break. */
  lines: Uint8Array;
  /** Where each row's line ends in `lines`. */
  ends: Int32Array;
};

const at = Object.fromEntries(FIELDS.invoices.map((f, i) => [f.name, i])) as Record<string, number>;
const [iCode, iName, iNumber, iIssue, iDue, iAmount, iCurrency] = [
  "customer_code",
  "customer_name",
  "number",
  "issue_date",
  "due_date",
  "amount",
  "currency",
].map((f) => at[f] as number) as [number, number, number, number, number, number, number];

/** Optional invoice columns the direct load writes when the file maps them, in this order. */
export const DIRECT_OPTIONAL = ["reference", "disputed"] as const;

/**
 * Customer code -> ordinal. Each row looks its code up, and a fresh string's first lookup in a Map costs a call into
 * the engine to hash it: most of a second per million rows. Codes of the usual ERP shape, one prefix shared by all
 * and a fixed count of digits (C0083810, KH-00123, 100234), are keyed by their number instead, which needs no hash
 * of a string; other codes by their text. The shape is taken from the first code; the two never mix up, since a code
 * either has the shape or not, and within the shape equal numbers mean equal codes.
 */
export function makeCodeIndex(): {
  get(code: string): number | undefined;
  set(code: string, ord: number): void;
  readonly size: number;
} {
  const byText = new Map<string, number>();
  const byNumber = new Map<number, number>();
  let prefix: string | null = null;
  let length = 0;
  const numberOf = (code: string): number => {
    if (prefix === null) {
      let p = 0;
      while (p < code.length && !isDigit(code.charCodeAt(p))) p++;
      const digits = code.length - p;
      if (digits < 1 || digits > 15) return -1;
      prefix = code.slice(0, p);
      length = code.length;
    }
    if (code.length !== length || !code.startsWith(prefix)) return -1;
    let n = 0;
    for (let i = prefix.length; i < length; i++) {
      const c = code.charCodeAt(i);
      if (!isDigit(c)) return -1;
      n = n * 10 + (c - 48);
    }
    return n;
  };
  // Small numbers (the usual case) index an array directly: one memory read, where a Map of a hundred thousand
  // entries costs two or three that miss the cache.
  let dense = new Int32Array(0);
  let denseCount = 0;
  return {
    get(code) {
      const n = numberOf(code);
      if (n < 0) return byText.get(code);
      if (n < dense.length) {
        const ord = dense[n] as number;
        return ord < 0 ? undefined : ord;
      }
      return byNumber.get(n);
    },
    set(code, ord) {
      const n = numberOf(code);
      if (n < 0) byText.set(code, ord);
      else if (n < DENSE_MAX) {
        if (n >= dense.length) {
          const grown = new Int32Array(Math.min(DENSE_MAX, Math.max(1024, dense.length * 2, n + 1))).fill(-1);
          grown.set(dense);
          dense = grown;
        }
        if ((dense[n] as number) < 0) denseCount++;
        dense[n] = ord;
      } else byNumber.set(n, ord);
    },
    get size() {
      return byText.size + byNumber.size + denseCount;
    },
  };
}
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Numbers below this are kept in an array (16 MB at most). */
const DENSE_MAX = 1 << 22;

/** Turns batches of checked rows into DirectBatches; keeps the customer numbering across batches. */
export function makeDirectBatcher(mapped: readonly string[]): (rows: readonly StagedRow[]) => DirectBatch {
  const optional = DIRECT_OPTIONAL.filter((f) => mapped.includes(f)).map((f) => at[f] as number);
  const ordinalOf = makeCodeIndex();
  /** Ordinals whose customer no row has named yet. */
  const nameless = new Set<number>();
  const encoder = new TextEncoder();

  return (rows) => {
    const n = rows.length;
    const ordinals = new Int32Array(n);
    const firstOrdinal = ordinalOf.size;
    const newCodes: string[] = [];
    const newNames: string[] = [];
    const lateNames: [number, string][] = [];
    const charEnds = new Int32Array(n);
    let text = "";
    for (let i = 0; i < n; i++) {
      const v = (rows[i] as StagedRow).values;
      const code = v[iCode] as string;
      const name = v[iName] as string | null;
      let ord = ordinalOf.get(code);
      if (ord === undefined) {
        ord = ordinalOf.size;
        ordinalOf.set(code, ord);
        newCodes.push(code);
        newNames.push(name ?? "");
        if (!name) nameless.add(ord);
      } else if (name && nameless.has(ord)) {
        nameless.delete(ord);
        if (ord >= firstOrdinal) newNames[ord - firstOrdinal] = name;
        else lateNames.push([ord, name]);
      }
      ordinals[i] = ord;
      // Dates, amounts and currency codes never need COPY escaping; the invoice number and reference might.
      text += `\t${copyField(v[iNumber] as string)}\t${v[iIssue]}\t${v[iDue]}\t${v[iAmount]}\t${v[iCurrency]}`;
      for (const k of optional) {
        const x = v[k];
        text += `\t${typeof x === "boolean" ? (x ? "t" : "f") : copyField(x as string | null)}`;
      }
      text += "\n";
      charEnds[i] = text.length;
    }
    const lines = encoder.encode(text);
    let ends = charEnds;
    if (lines.length !== text.length) {
      // Not ASCII only: count each line's bytes.
      ends = new Int32Array(n);
      let start = 0;
      let bytes = 0;
      for (let i = 0; i < n; i++) {
        const end = charEnds[i] as number;
        bytes += Buffer.byteLength(text.slice(start, end));
        ends[i] = bytes;
        start = end;
      }
    }
    return { n, ordinals, firstOrdinal, newCodes, newNames, lateNames, lines, ends };
  };
}
