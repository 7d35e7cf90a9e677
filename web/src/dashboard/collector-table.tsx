// The collectors over the period: attempts, connect rate, promises, kept rate, what they recovered of the overdue
// and what came in. One row per collector (a collector sees their own row only).
import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { GroupKpis } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { groupDecimal } from "../money/format-money.ts";
import { percent } from "./chart-format.ts";

type Props = { groups: GroupKpis[]; currency: string | null };

export function CollectorTable({ groups, currency }: Props) {
  const { t, lang } = useI18n();
  // The dashboard's currency only (a collector with nothing in it shows none): another currency's figures beside
  // this one's in the same column could not be compared or added.
  const money = (g: GroupKpis) => (currency === null ? g.money[0] : g.money.find((m) => m.currency === currency));
  const columns: ColumnsType<GroupKpis> = [
    {
      title: t("col.collector"),
      key: "collector",
      render: (_, g) => (g.group ? g.label || g.group : t("dashboard.unassigned")),
    },
    {
      title: t("dashboard.attempts"),
      dataIndex: "attempts",
      key: "attempts",
      align: "right",
      sorter: (a, b) => a.attempts - b.attempts,
    },
    {
      title: t("dashboard.connectRate"),
      key: "connect",
      align: "right",
      sorter: (a, b) => (a.connectRate ?? -1) - (b.connectRate ?? -1),
      render: (_, g) => percent(g.connectRate, lang),
    },
    {
      title: t("dashboard.promisesMade"),
      dataIndex: "promisesMade",
      key: "promises",
      align: "right",
      sorter: (a, b) => a.promisesMade - b.promisesMade,
    },
    {
      title: t("dashboard.keptRate"),
      key: "kept",
      align: "right",
      sorter: (a, b) => (a.promiseKeptRate ?? -1) - (b.promiseKeptRate ?? -1),
      render: (_, g) => (
        <span title={`${g.promisesKept} / ${g.promisesSettled}`}>{percent(g.promiseKeptRate, lang)}</span>
      ),
    },
    {
      title: t("dashboard.recovered"),
      key: "recovered",
      align: "right",
      render: (_, g) => {
        const m = money(g);
        return m ? (
          <span className="amount">
            {m.currency} {groupDecimal(m.recovered)}
            <span className="muted small"> · {percent(m.recoveryRate, lang)}</span>
          </span>
        ) : (
          t("common.none")
        );
      },
    },
    {
      title: t("dashboard.collected"),
      key: "collected",
      align: "right",
      render: (_, g) => {
        const m = money(g);
        return m ? <span className="amount">{`${m.currency} ${groupDecimal(m.collected)}`}</span> : t("common.none");
      },
    },
  ];
  return (
    <Table<GroupKpis>
      rowKey={(g) => g.group}
      size="middle"
      columns={columns}
      dataSource={groups}
      pagination={false}
      locale={{ emptyText: t("dashboard.empty") }}
      data-testid="collector-table"
    />
  );
}
