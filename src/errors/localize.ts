// Error messages in the reader's language: the API answers in Chinese when the request asks for it (Accept-Language;
// the web app sends the language the user chose) and a translation of the message's template exists; otherwise in
// English, the words the code wrote.
import type { AppError, Message } from "./app-error.ts";
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

/** The message in `lang`: its translation with the values put in (translated too, when messages), else the English. */
export function localizedMessage(text: string, template: Message | undefined, lang: MessageLanguage): string {
  if (lang === "en" || !template) return text;
  const translated = ZH_MESSAGES[template.key];
  if (translated === undefined) return text;
  return translated.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const value = template.params[Number(i)];
    if (value === undefined) return whole;
    return typeof value === "string" ? value : localizedMessage(value.text, value, lang);
  });
}

/** A message or plain text in `lang`. */
export function localized(message: string | Message, lang: MessageLanguage): string {
  return typeof message === "string" ? message : localizedMessage(message.text, message, lang);
}

/** An AppError as the API's error object, its message in the language the request asked for. */
export function errorJson(
  e: AppError,
  acceptLanguage: string | undefined | null,
): { code: string; message: string; details?: string[] } {
  const message = localizedMessage(e.message, e.template, messageLanguageOf(acceptLanguage));
  return e.details ? { code: e.code, message, details: e.details } : { code: e.code, message };
}
