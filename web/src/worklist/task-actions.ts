// Working a task from the worklist: done, snoozed until a moment, or (approval tasks, managers and admins) decided.
// Each refreshes every worklist query, so the task leaves My day and the approvals inbox.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiPost } from "../api/client.ts";

export type TaskClosed = { id: number; status: string };
export type TaskDecided = TaskClosed & {
  decision: "approved" | "rejected";
  action: string;
  measure: string | null;
};

export const SNOOZES = ["hour", "tomorrow", "nextWeek"] as const;
export type Snooze = (typeof SNOOZES)[number];

/** When a snooze ends, in the browser's local time: in an hour, tomorrow 09:00, or next week's Monday 09:00. */
export function snoozeUntil(snooze: Snooze, now: Date): Date {
  if (snooze === "hour") return new Date(now.getTime() + 60 * 60 * 1000);
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 9, 0, 0, 0);
  // Monday is 1; from a Monday the next one is 7 days on, from a Sunday 1 day.
  d.setDate(d.getDate() + (snooze === "tomorrow" ? 1 : (8 - now.getDay()) % 7 || 7));
  return d;
}

function useTaskMutation<R, V>(mutationFn: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation<R, ApiError, V>({
    mutationFn,
    // Refreshed on failure too: a 409 means someone else closed the task, and the list should show it.
    onSettled: () => client.invalidateQueries({ queryKey: ["worklist"] }),
  });
}

export const useTaskDone = () =>
  useTaskMutation((v: { id: number; note?: string }) =>
    apiPost<TaskClosed>(`/api/tasks/${v.id}/done`, v.note ? { note: v.note } : {}),
  );

export const useTaskSnooze = () =>
  useTaskMutation((v: { id: number; until: Date }) =>
    apiPost<TaskClosed>(`/api/tasks/${v.id}/snooze`, { until: v.until.toISOString() }),
  );

export const useTaskDecision = () =>
  useTaskMutation((v: { id: number; approve: boolean; note: string }) =>
    apiPost<TaskDecided>(`/api/tasks/${v.id}/decision`, { approve: v.approve, note: v.note }),
  );
