// A page of customers: sortable by every column the server sorts by, a click (or Enter on the row selected with
// j / k) opens the customer, and managers tick rows to reassign them.
import { Table, Tag, Typography } from "antd";
import type { ColumnsType, SorterResult, SortOrder } from "antd/es/table/interface";
import { type HTMLAttributes, type Key, useCallback, useEffect } from "react";
import { useLocation, useNavigate } from "react-router";
import type { CustomerListItem, CustomerSort, ListFlag } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { formatMoney } from "../money/format-money.ts";
import { useRowKeys } from "../worklist/use-row-keys.ts";
import { GradeTag } from "./grade-tag.tsx";

const FLAG_COLORS: Record<ListFlag, string> = {
  creditHold: "red",
  prepayOnly: "orange",
  legal: "magenta",
  doNotContact: "volcano",
};

type Props = {
  rows: CustomerListItem[];
  loading: boolean;
  collectorName: (login: string) => string;
  showCollector: boolean;
  sort: CustomerSort | undefined;
  order: "asc" | "desc";
  onSort: (sort: CustomerSort | undefined, order: "asc" | "desc") => void;
  selectable: boolean;
  selected: number[];
  onSelect: (ids: number[]) => void;
};

export function CustomerListTable(props: Props) {
  const { rows, sort, order, showCollector, collectorName } = props;
  const { t, labels } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const open = useCallback(
    (index: number) => {
      const row = rows[index];
      // The customer page's back link returns to this list with its filters.
      if (row) navigate(`/customers/${row.id}`, { state: { from: `${location.pathname}${location.search}` } });
    },
    [rows, navigate, location],
  );
  const [current, setCurrent] = useRowKeys(rows.length, open);
  const currentId = rows[current]?.id;
  useEffect(() => {
    if (currentId === undefined) return;
    document.querySelector(`tr[data-row-key="${currentId}"]`)?.scrollIntoView({ block: "nearest" });
  }, [currentId]);

  const sortOrder = (key: CustomerSort): SortOrder =>
    sort === key || (sort === undefined && key === "code") ? (order === "desc" ? "descend" : "ascend") : null;
  const sortable = (key: CustomerSort) => ({ key, sorter: true, sortOrder: sortOrder(key), showSorterTooltip: false });
  const money = (amount: string | null, row: CustomerListItem) =>
    amount === null || !row.currency ? (
      <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
    ) : (
      <span className="amount">{formatMoney(amount, row.currency)}</span>
    );

  const columns: ColumnsType<CustomerListItem> = [
    { title: t("customers.col.code"), dataIndex: "code", width: 120, ...sortable("code") },
    {
      title: t("customers.col.name"),
      dataIndex: "name",
      ...sortable("name"),
      render: (name: string, row) => (
        <div>
          <Typography.Text strong>{name}</Typography.Text>
          {(Object.keys(FLAG_COLORS) as ListFlag[])
            .filter((f) => row.flags[f])
            .map((f) => (
              <Tag key={f} color={FLAG_COLORS[f]} bordered={false} className="inline-tag">
                {labels.flag(f)}
              </Tag>
            ))}
        </div>
      ),
    },
    ...(showCollector
      ? [
          {
            title: t("col.collector"),
            dataIndex: "collector",
            width: 140,
            ...sortable("collector"),
            render: (login: string | null) =>
              login ? (
                collectorName(login)
              ) : (
                <Typography.Text type="secondary">{t("customers.filter.unassigned")}</Typography.Text>
              ),
          },
        ]
      : []),
    {
      title: t("customers.col.balance"),
      dataIndex: "balance",
      align: "right",
      width: 170,
      ...sortable("balance"),
      render: (v: string | null, row) => money(v, row),
    },
    {
      title: t("customers.col.overdue"),
      dataIndex: "overdue",
      align: "right",
      width: 170,
      ...sortable("overdue"),
      render: (v: string | null, row) => money(v, row),
    },
    {
      title: t("customers.col.days"),
      dataIndex: "daysPastDue",
      align: "right",
      width: 110,
      ...sortable("days"),
      render: (days: number | null) => (days === null ? t("common.none") : days),
    },
    {
      title: t("customers.col.grade"),
      dataIndex: "grade",
      width: 110,
      ...sortable("grade"),
      render: (_, row) => <GradeTag grade={row.grade} />,
    },
    {
      title: t("col.cause"),
      dataIndex: "cause",
      width: 170,
      ...sortable("cause"),
      render: (_, row) => labels.cause(row.cause) || t("common.none"),
    },
  ];

  return (
    <Table<CustomerListItem>
      className="customer-list"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={props.loading}
      pagination={false}
      scroll={{ x: 960 }}
      locale={{ emptyText: t("customers.empty") }}
      rowSelection={
        props.selectable
          ? {
              selectedRowKeys: props.selected,
              preserveSelectedRowKeys: true,
              onChange: (keys: Key[]) => props.onSelect(keys.map(Number)),
              columnWidth: 44,
            }
          : undefined
      }
      onChange={(_pagination, _filters, sorter) => {
        const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<CustomerListItem> | undefined;
        if (!s?.order) props.onSort(undefined, "asc");
        else props.onSort(s.columnKey as CustomerSort, s.order === "descend" ? "desc" : "asc");
      }}
      rowClassName={(_, index) => (index === current ? "worklist__row worklist__row--selected" : "worklist__row")}
      onRow={(_, index) =>
        ({
          "data-testid": "customer-row",
          onClick: (e: React.MouseEvent) => {
            // The tick box selects; the rest of the row opens the customer.
            if ((e.target as HTMLElement).closest(".ant-table-selection-column")) return;
            if (index === undefined) return;
            setCurrent(index);
            open(index);
          },
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
