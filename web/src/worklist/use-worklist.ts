// Today's tasks, and the portfolio beside them (the tasks do not carry days past due; the customer list does).
import { useQuery } from "@tanstack/react-query";
import { apiGet, withQuery } from "../api/client.ts";
import type { CustomerListItem, Task } from "../api/types.ts";

export const WORKLIST_LIMIT = 50;
export const worklistKey = ["worklist", WORKLIST_LIMIT] as const;
export const fetchWorklist = () => apiGet<Task[]>(withQuery("/api/worklist", { limit: WORKLIST_LIMIT }));

export function useWorklist(enabled: boolean) {
  return useQuery({ queryKey: worklistKey, queryFn: fetchWorklist, enabled });
}

/** Days past due by customer id, from the portfolio (the API's largest page; customers beyond it show none). */
export function useDaysPastDue(enabled: boolean) {
  return useQuery({
    queryKey: ["customers", "portfolio"],
    queryFn: () => apiGet<CustomerListItem[]>(withQuery("/api/customers", { limit: 1000 })),
    select: (rows) => new Map(rows.map((r) => [r.id, r.daysPastDue])),
    enabled,
  });
}
