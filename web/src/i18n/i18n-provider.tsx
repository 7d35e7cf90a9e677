// The language in force, its words and vocabularies, and antd's and dayjs' locale to match.
import { ConfigProvider } from "antd";
import enUS from "antd/es/locale/en_US";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { setRequestLanguage } from "../api/client.ts";
import { type Labels, labelsFor } from "./labels.ts";
import { initialLanguage, saveLanguage } from "./language.ts";
import { formatMessage, type Language, MESSAGES, type MessageKey } from "./messages.ts";

type I18n = {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  labels: Labels;
};

const I18nContext = createContext<I18n | null>(null);

const THEME = {
  token: {
    colorPrimary: "#0b5cad",
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif',
  },
};

export function I18nProvider({ children }: { children: ReactNode }) {
  // The API answers errors in the language chosen here (set before any request the page makes).
  const [lang, setLangState] = useState<Language>(() => {
    const first = initialLanguage();
    setRequestLanguage(first);
    return first;
  });
  const setLang = useCallback((next: Language) => {
    saveLanguage(next);
    setRequestLanguage(next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    dayjs.locale(lang === "zh-CN" ? "zh-cn" : "en");
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[lang];
    return { lang, setLang, t: (key, values) => formatMessage(messages[key], values), labels: labelsFor(lang) };
  }, [lang, setLang]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={lang === "zh-CN" ? zhCN : enUS} theme={THEME}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside I18nProvider");
  return i18n;
}
