// The customers page's data: a page of the list with its total, the collectors to filter by and assign to, and the
// bulk reassignment (which refreshes the list, the customers' pages and the worklist).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiGetPage, apiPost, withQuery } from "../api/client.ts";
import type {
  Collector,
  CustomerListItem,
  CustomerListQuery,
  CustomerPage,
  ReassignInput,
  ReassignResult,
} from "../api/types.ts";

export const customerListKey = ["customers", "list"] as const;

/** The query string of GET /api/customers for a page of the list. */
export function listPath(query: CustomerListQuery): string {
  return withQuery("/api/customers", {
    q: query.q?.trim() || undefined,
    collector: query.collector ?? undefined,
    unassigned: query.collector === null ? "true" : undefined,
    grade: query.grade,
    cause: query.cause,
    flags: query.flags?.length ? query.flags.join(",") : undefined,
    sort: query.sort,
    order: query.sort ? query.order : undefined,
    limit: query.limit,
    offset: query.offset || undefined,
    total: "true",
  });
}

export function useCustomerList(query: CustomerListQuery) {
  const path = listPath(query);
  return useQuery<CustomerPage, ApiError>({
    queryKey: [...customerListKey, path],
    queryFn: async () => {
      const page = await apiGetPage<CustomerListItem>(path);
      return { rows: page.rows, total: page.total ?? page.rows.length };
    },
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useCollectors() {
  return useQuery<Collector[], ApiError>({
    queryKey: ["collectors"],
    queryFn: () => apiGet<Collector[]>("/api/collectors"),
    staleTime: 5 * 60_000,
  });
}

export function useReassign() {
  const client = useQueryClient();
  return useMutation<ReassignResult, ApiError, ReassignInput>({
    mutationFn: (input) => apiPost<ReassignResult>("/api/customers/reassign", input),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["customers"] });
      client.invalidateQueries({ queryKey: ["customer"] });
      client.invalidateQueries({ queryKey: ["worklist"] });
    },
  });
}
