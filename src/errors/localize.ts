// Error messages in the reader's language: the API answers in Chinese when the request asks for it (Accept-Language;
// the web app sends the language the user chose) and a translation of the message's template exists; otherwise in
// English, the words the code wrote.
import type { AppError, MessageText } from "./app-error.ts";
import { ZH_MESSAGES } from "./messages.zh.ts";

export type MessageLanguage = "en" | "zh-CN";

/** The preferred of English and Chinese in an Accept-Language header (q-values honoured); English when neither. */
export function messageLanguageOf(acceptLanguage: string | undefined | null): MessageLanguage {
  if (!acceptLanguage) return "en";
  let best: { lang: MessageLanguage; q: number } | null = null;
  for (const part of acceptLanguage.split(",")) {
    const [tag = "", ...options] = part.trim().split(";");
    const primary = tag.trim().toLowerCase().split("-")[0];
    const lang: MessageLanguage | null = primary === "zh" ? "zh-CN" : primary === "en" ? "en" : null;
    if (!lang) continue;
    const qOption = options.map((o) => o.trim()).find((o) => o.startsWith("q="));
    const q = qOption ? Number(qOption.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? "en";
}

/** Words in `lang`: a message's translation with its values put in (translated too, when messages), else the English. */
export function localized(words: MessageText, lang: MessageLanguage): string {
  if (typeof words === "string" || lang === "en") return String(words);
  const translated = ZH_MESSAGES[words.key];
  if (translated === undefined) return words.text;
  return translated.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const value = words.params[Number(i)];
    return value === undefined ? whole : localized(value, lang);
  });
}

/** An AppError as the API's error object, its message in the language the request asked for. */
export function errorJson(
  e: AppError,
  acceptLanguage: string | undefined | null,
): { code: string; message: string; details?: string[] } {
  const message = localized(e.template ?? e.message, messageLanguageOf(acceptLanguage));
  return e.details ? { code: e.code, message, details: e.details } : { code: e.code, message };
}
