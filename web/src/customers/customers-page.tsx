// Customers: everyone in the user's portfolio, searched by code, name or pinyin initials, filtered by collector,
// grade, cause and flags, sorted by any column, a page at a time. Managers and admins tick customers and reassign
// them in one go. The search and filters live in the address, so the back link from a customer returns to them.
import { Button, Pagination, Result, Statistic, Typography } from "antd";
import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { RISK_GRADES } from "../../../src/aging/aging.rules.ts";
import { CAUSES } from "../../../src/collection/collection.enums.ts";
import {
  CUSTOMER_SORTS,
  type CustomerListQuery,
  type CustomerSort,
  LIST_FLAGS,
  type ListFlag,
  type User,
} from "../api/types.ts";
import { useI18n } from "../i18n/i18n-provider.tsx";
import { CustomerFilters, type Filters } from "./customer-filters.tsx";
import { CustomerListTable } from "./customer-list-table.tsx";
import { ReassignBar } from "./reassign-bar.tsx";
import { useCollectors, useCustomerList } from "./use-customer-list.ts";

const PAGE_SIZES = [50, 100, 200];

export const mayReassign = (user: User) => user.role === "manager" || user.role === "admin";

function oneOf<T extends string>(list: readonly T[], value: string | null): T | undefined {
  return list.includes(value as T) ? (value as T) : undefined;
}

/** The page's state, read from the address. */
function readParams(params: URLSearchParams) {
  const size = Number(params.get("size"));
  return {
    filters: {
      q: params.get("q") ?? "",
      collector: params.get("unassigned") === "1" ? null : (params.get("collector") ?? ""),
      grade: oneOf(RISK_GRADES, params.get("grade")),
      cause: oneOf(CAUSES, params.get("cause")),
      flags: (params.get("flags") ?? "").split(",").filter((f): f is ListFlag => LIST_FLAGS.includes(f as ListFlag)),
    } satisfies Filters,
    sort: oneOf(CUSTOMER_SORTS, params.get("sort")),
    order: params.get("order") === "desc" ? ("desc" as const) : ("asc" as const),
    page: Math.max(1, Number(params.get("page")) || 1),
    size: PAGE_SIZES.includes(size) ? size : 50,
  };
}

export function CustomersPage({ user }: { user: User }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = readParams(params);
  const { filters, sort, order, page, size } = state;
  const showCollector = user.role !== "collector";
  const selectable = mayReassign(user);
  const [selected, setSelected] = useState<number[]>([]);

  const query: CustomerListQuery = {
    q: filters.q,
    collector: filters.collector === "" ? undefined : filters.collector,
    grade: filters.grade,
    cause: filters.cause,
    flags: filters.flags,
    sort,
    order,
    limit: size,
    offset: (page - 1) * size,
  };
  const list = useCustomerList(query);
  const collectors = useCollectors();
  const names = useMemo(() => new Map((collectors.data ?? []).map((c) => [c.login, c.name])), [collectors.data]);

  /** Writes the changed parts into the address; any change but the page goes back to page 1. */
  const update = useCallback(
    (change: Record<string, string | undefined>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(change)) {
            if (v === undefined || v === "") next.delete(k);
            else next.set(k, v);
          }
          if (!("page" in change)) next.delete("page");
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const onFilters = useCallback(
    (f: Partial<Filters>) => {
      const change: Record<string, string | undefined> = {};
      if ("q" in f) change.q = f.q;
      if ("collector" in f) {
        change.collector = f.collector ?? undefined;
        change.unassigned = f.collector === null ? "1" : undefined;
      }
      if ("grade" in f) change.grade = f.grade;
      if ("cause" in f) change.cause = f.cause;
      if ("flags" in f) change.flags = f.flags?.join(",");
      update(change);
    },
    [update],
  );

  if (list.isError && !list.data) {
    return (
      <Result
        status="error"
        title={t("common.loadFailed", { message: list.error.message })}
        extra={<Button onClick={() => list.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  const total = list.data?.total ?? 0;
  return (
    <div className="page" data-testid="customers-page">
      <div className="page__head">
        <div>
          <Typography.Title level={3} className="page__title">
            {t("customers.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("customers.subtitle")}</Typography.Text>
        </div>
        <div className="stats">
          <Statistic title={t("customers.count")} value={list.data ? total : "…"} data-testid="customers-total" />
        </div>
      </div>
      <CustomerFilters
        filters={filters}
        collectors={collectors.data ?? []}
        showCollector={showCollector}
        onChange={onFilters}
      />
      {selectable && selected.length > 0 && (
        <ReassignBar
          selected={selected}
          collectors={collectors.data ?? []}
          onDone={() => setSelected([])}
          onClear={() => setSelected([])}
        />
      )}
      <CustomerListTable
        rows={list.data?.rows ?? []}
        loading={list.isFetching}
        collectorName={(login) => names.get(login) ?? login}
        showCollector={showCollector}
        sort={sort}
        order={order}
        onSort={(s: CustomerSort | undefined, o) =>
          update({ sort: s, order: s && o === "desc" ? "desc" : undefined, page: undefined })
        }
        selectable={selectable}
        selected={selected}
        onSelect={setSelected}
      />
      <div className="customer-list__foot">
        <Typography.Text type="secondary" className="small">
          {selectable ? t("customers.keys") : t("customers.keysCollector")}
        </Typography.Text>
        <Pagination
          current={page}
          pageSize={size}
          total={total}
          pageSizeOptions={PAGE_SIZES}
          showSizeChanger
          showTotal={(n, [from, to]) => t("customers.range", { from, to, total: n })}
          onChange={(p, s) => update({ page: p > 1 ? String(p) : undefined, size: s !== 50 ? String(s) : undefined })}
        />
      </div>
    </div>
  );
}
