// Inbound SMS opt-out keywords (conduct rule 8; MIIT practice for 退订/TD/T, carriers' STOP): recognised whatever
// the case or width (ＳＴＯＰ, ｔｄ), alone or as the first word; 退订 anywhere ("请退订", "退订，谢谢").
const LATIN_KEYWORDS = new Set(["STOP", "TD", "T", "UNSUBSCRIBE", "STOPALL"]);

export function isOptOutKeyword(text: string): boolean {
  const t = text
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .trim()
    .toUpperCase();
  if (t.includes("退订") || t.includes("退訂")) return true;
  const first = t.split(/[\s\p{P}\p{S}]+/u).find((w) => w !== "");
  if (first === undefined) return false;
  const whole = t.replace(/[\s\p{P}\p{S}]+/gu, "");
  return LATIN_KEYWORDS.has(whole) || (LATIN_KEYWORDS.has(first) && first !== "T" && /^[A-Z]+$/.test(first));
}
