// The language: the one chosen before (localStorage), else the browser's (zh* → Chinese, anything else → English).
import { LANGUAGES, type Language } from "./messages.ts";

const STORAGE_KEY = "huikuan.language";

export function languageFromBrowser(browserLanguage: string | undefined): Language {
  return browserLanguage?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  } catch {
    // storage blocked (privacy mode): fall back to the browser's language
  }
  return languageFromBrowser(navigator.language);
}

export function saveLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the choice still holds for this page
  }
}
