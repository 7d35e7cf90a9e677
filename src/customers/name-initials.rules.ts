// Pinyin initials of a customer's name, for search: collectors type "hxjm" for 华夏金贸. Pure (the dictionary is
// pinyin-pro's, which picks a reading for polyphonic characters from the words around them: 银行 → yh, 行长 → hz).
import { pinyin } from "pinyin-pro";

const HAN = /\p{Script=Han}/u;

/**
 * Lower-case initials: each Chinese character gives the first letter of its reading, each other word the first
 * letter of the word, a run of digits stays whole ("华夏金贸 2号店" → "hxjm2hd"). Punctuation and spaces drop out.
 */
export function nameInitials(name: string): string {
  const text = name.normalize("NFKC");
  if (!HAN.test(text)) return latinInitials(text);
  const parts = pinyin(text, { pattern: "first", toneType: "none", type: "array", nonZh: "consecutive" });
  return parts.map((p) => (p.length === 1 && /[a-z]/.test(p) ? p : latinInitials(p))).join("");
}

function latinInitials(text: string): string {
  let out = "";
  // Accents go (Ölwerk → o), so the initials are plain letters one can type.
  const plain = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  for (const word of plain.match(/[\p{L}\p{N}]+/gu) ?? []) {
    out += /^\d+$/.test(word) ? word : (word[0] ?? "");
  }
  return out.replace(/[^a-z0-9]/g, "");
}
