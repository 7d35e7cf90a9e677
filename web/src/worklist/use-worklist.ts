// Today's tasks, in priority order.
import { useQuery } from "@tanstack/react-query";
import { apiGet, withQuery } from "../api/client.ts";
import type { Task } from "../api/types.ts";

export const WORKLIST_LIMIT = 50;
export const worklistKey = ["worklist", WORKLIST_LIMIT] as const;
export const fetchWorklist = () => apiGet<Task[]>(withQuery("/api/worklist", { limit: WORKLIST_LIMIT }));

export function useWorklist(enabled: boolean) {
  return useQuery({ queryKey: worklistKey, queryFn: fetchWorklist, enabled });
}
