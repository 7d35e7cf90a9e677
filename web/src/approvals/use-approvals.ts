// The approvals inbox: the open tasks of the worklist that wait for a manager's decision. Its key starts with
// "worklist", so working any task refreshes it too.
import { useQuery } from "@tanstack/react-query";
import { apiGet, withQuery } from "../api/client.ts";
import type { Task } from "../api/types.ts";

export const APPROVALS_LIMIT = 200;

export function useApprovals(enabled: boolean) {
  return useQuery({
    queryKey: ["worklist", APPROVALS_LIMIT],
    queryFn: () => apiGet<Task[]>(withQuery("/api/worklist", { limit: APPROVALS_LIMIT })),
    select: (tasks) => tasks.filter((task) => task.needsApproval),
    enabled,
  });
}
