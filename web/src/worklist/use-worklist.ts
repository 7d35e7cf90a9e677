// Today's tasks, in priority order.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet, withQuery } from "../api/client.ts";
import type { Task } from "../api/types.ts";

export const WORKLIST_LIMIT = 50;
/** The API's cap (MAX_WORKLIST): "show all" asks for this many, and the table scrolls them virtually. */
export const WORKLIST_ALL = 10_000;
export const worklistKey = ["worklist", WORKLIST_LIMIT] as const;
export const fetchWorklist = (limit = WORKLIST_LIMIT) => apiGet<Task[]>(withQuery("/api/worklist", { limit }));

/** The first page of today's tasks, or all of them (up to the API's cap) on request. */
export function useWorklist(enabled: boolean, all = false) {
  const limit = all ? WORKLIST_ALL : WORKLIST_LIMIT;
  // The first page stays on screen while all of them load.
  return useQuery({
    queryKey: ["worklist", limit],
    queryFn: () => fetchWorklist(limit),
    enabled,
    placeholderData: keepPreviousData,
  });
}
