// Disputes through TanStack Query: the board's columns, one customer's disputes, opening one and moving one on.
// Every change refreshes every dispute list and the customer's invoices (an open dispute flags its invoice); a 409
// (someone changed it meanwhile) refreshes too, so the board shows what the other person did.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPatch, apiPost, withQuery } from "../api/client.ts";
import type { Dispute, DisputeChange, DisputeInput, DisputeStatus } from "../api/types.ts";
import { customerKey } from "../customers/use-customer.ts";

/** Per column; the board says when a column holds more. */
export const BOARD_LIMIT = 200;
export const disputesKey = ["disputes"] as const;

export function useDisputeColumn(status: DisputeStatus) {
  return useQuery({
    queryKey: [...disputesKey, "board", status],
    queryFn: () => apiGet<Dispute[]>(withQuery("/api/disputes", { status, limit: BOARD_LIMIT })),
  });
}

export function useCustomerDisputes(customerId: number) {
  return useQuery({
    queryKey: [...disputesKey, "customer", customerId],
    queryFn: () => apiGet<Dispute[]>(`/api/customers/${customerId}/disputes`),
  });
}

function useRefreshAfterDispute() {
  const client = useQueryClient();
  return (customerId: number) => {
    client.invalidateQueries({ queryKey: disputesKey });
    client.invalidateQueries({ queryKey: customerKey(customerId) });
  };
}

export function useChangeDispute() {
  const refresh = useRefreshAfterDispute();
  return useMutation<Dispute, ApiError, { dispute: Dispute; change: DisputeChange }>({
    mutationFn: ({ dispute, change }) => apiPatch<Dispute>(`/api/disputes/${dispute.id}`, change, dispute.version),
    onSettled: (_d, _e, { dispute }) => refresh(dispute.customerId),
  });
}

export function useOpenDispute(customerId: number) {
  const refresh = useRefreshAfterDispute();
  return useMutation<Dispute, ApiError, DisputeInput>({
    mutationFn: (input) => apiPost<Dispute>(`/api/customers/${customerId}/disputes`, input),
    onSuccess: () => refresh(customerId),
  });
}

/** Whole days from the day it was opened to today (or to the day it was closed). */
export function disputeAgeDays(d: Dispute, today: string): number {
  const end = d.closedAt ? d.closedAt.slice(0, 10) : today;
  const days = Math.round((Date.parse(end) - Date.parse(d.openedOn)) / 86_400_000);
  return Math.max(0, days);
}
