import { Segmented } from "antd";
import { useI18n } from "../i18n/i18n-provider.tsx";
import type { Language } from "../i18n/messages.ts";

const OPTIONS: { label: string; value: Language }[] = [
  { label: "中文", value: "zh-CN" },
  { label: "English", value: "en" },
];

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Language>
      aria-label={t("nav.language")}
      size="small"
      options={OPTIONS}
      value={lang}
      onChange={setLang}
    />
  );
}
