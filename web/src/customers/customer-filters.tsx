// The customers page's search and filters: text (code, name or pinyin initials), collector (or nobody), grade,
// cause and flags. The text waits for a pause in typing; the rest apply at once.
import { SearchOutlined } from "@ant-design/icons";
import { Button, Input, Select } from "antd";
import { useEffect, useState } from "react";
import { RISK_GRADES } from "../../../src/aging/aging.rules.ts";
import { CAUSES } from "../../../src/collection/collection.enums.ts";
import { type Cause, type Collector, LIST_FLAGS, type ListFlag, type RiskGrade } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";

export type Filters = {
  q: string;
  /** A login, "" for anyone, null for nobody. */
  collector: string | null;
  grade: RiskGrade | undefined;
  cause: Cause | undefined;
  flags: ListFlag[];
};

/** The option that stands for "assigned to nobody" (no login has a space). */
const NOBODY = " nobody";

type Props = {
  filters: Filters;
  collectors: Collector[];
  showCollector: boolean;
  onChange: (next: Partial<Filters>) => void;
};

export function CustomerFilters({ filters, collectors, showCollector, onChange }: Props) {
  const { t, labels } = useI18n();
  const [text, setText] = useState(filters.q);
  // The URL may change the text (back, clear): follow it.
  useEffect(() => setText(filters.q), [filters.q]);
  useEffect(() => {
    if (text.trim() === filters.q.trim()) return;
    const id = window.setTimeout(() => onChange({ q: text.trim() }), 250);
    return () => window.clearTimeout(id);
  }, [text, filters.q, onChange]);
  const filtered =
    filters.q !== "" ||
    filters.collector !== "" ||
    filters.grade !== undefined ||
    filters.cause !== undefined ||
    filters.flags.length > 0;
  return (
    <div className="customer-filters">
      <Input
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t("customers.search")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => onChange({ q: text.trim() })}
        className="customer-filters__search"
        data-testid="customers-search"
        aria-label={t("customers.search")}
      />
      {showCollector && (
        <Select<string>
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t("customers.filter.collector")}
          aria-label={t("customers.filter.collector")}
          value={filters.collector === null ? NOBODY : filters.collector || undefined}
          onChange={(v) => onChange({ collector: v === NOBODY ? null : (v ?? "") })}
          options={[
            { value: NOBODY, label: t("customers.filter.unassigned") },
            ...collectors.map((c) => ({ value: c.login, label: `${c.name} (${c.login})` })),
          ]}
          className="customer-filters__select"
        />
      )}
      <Select<RiskGrade>
        allowClear
        placeholder={t("customers.filter.grade")}
        aria-label={t("customers.filter.grade")}
        value={filters.grade}
        onChange={(v) => onChange({ grade: v })}
        options={RISK_GRADES.map((g) => ({ value: g, label: labels.grade(g) }))}
        className="customer-filters__select"
      />
      <Select<Cause>
        allowClear
        placeholder={t("customers.filter.cause")}
        aria-label={t("customers.filter.cause")}
        value={filters.cause}
        onChange={(v) => onChange({ cause: v })}
        options={CAUSES.map((c) => ({ value: c, label: labels.cause(c) }))}
        className="customer-filters__select customer-filters__select--wide"
      />
      <Select<ListFlag[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t("customers.filter.flags")}
        aria-label={t("customers.filter.flags")}
        value={filters.flags}
        onChange={(v) => onChange({ flags: v })}
        options={LIST_FLAGS.map((f) => ({ value: f, label: labels.flag(f) }))}
        className="customer-filters__select customer-filters__select--wide"
      />
      {filtered && (
        <Button
          type="link"
          onClick={() => {
            setText("");
            onChange({ q: "", collector: "", grade: undefined, cause: undefined, flags: [] });
          }}
        >
          {t("customers.filter.clear")}
        </Button>
      )}
    </div>
  );
}
