// One customer's data and the contact log, through TanStack Query (cached per customer; a logged contact refreshes
// the timeline and the worklist).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPost, apiPut, withQuery } from "../api/client.ts";
import type {
  CreatedPlan,
  Customer,
  CustomerForecast,
  CustomerListItem,
  InteractionInput,
  Invoice,
  InvoiceFilter,
  LoggedInteraction,
  NewPlan,
  SetCauseInput,
  SetCauseResult,
  TimelineEntry,
} from "../api/types.ts";

export const customerKey = (id: number) => ["customer", id] as const;

export function useCustomer(id: number) {
  return useQuery({ queryKey: customerKey(id), queryFn: () => apiGet<Customer>(`/api/customers/${id}`) });
}

export function useInvoices(id: number, status: InvoiceFilter) {
  return useQuery({
    queryKey: [...customerKey(id), "invoices", status],
    queryFn: () => apiGet<Invoice[]>(withQuery(`/api/customers/${id}/invoices`, { status })),
    placeholderData: keepPreviousData,
  });
}

/** Today's stored payment forecast of the customer's open invoices (never retrained for a page view). */
export function useCustomerForecast(id: number) {
  return useQuery({
    queryKey: [...customerKey(id), "forecast"],
    queryFn: () => apiGet<CustomerForecast>(`/api/customers/${id}/forecast`),
    staleTime: 5 * 60_000,
  });
}

export function useTimeline(id: number) {
  return useQuery({
    queryKey: [...customerKey(id), "timeline"],
    queryFn: () => apiGet<TimelineEntry[]>(`/api/customers/${id}/timeline`),
  });
}

export function useLogInteraction(id: number) {
  const client = useQueryClient();
  return useMutation<LoggedInteraction, ApiError, InteractionInput>({
    mutationFn: (input) => apiPost<LoggedInteraction>(`/api/customers/${id}/interactions`, input),
    onSuccess: (r) => {
      client.invalidateQueries({ queryKey: [...customerKey(id), "timeline"] });
      client.invalidateQueries({ queryKey: ["worklist"] });
      // My day counts the contacts made today, whatever their outcome.
      client.invalidateQueries({ queryKey: ["my-day"] });
      if (r.promise) client.invalidateQueries({ queryKey: ["promises"] });
    },
  });
}

/** Reverse a payment (managers and admins): the balances, invoices and timeline refresh. */
export function useReversePayment(customerId: number) {
  const client = useQueryClient();
  return useMutation<unknown, ApiError, { paymentId: number; reason: string; on: string }>({
    mutationFn: ({ paymentId, reason, on }) => apiPost(`/api/payments/${paymentId}/reverse`, { reason, on }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: customerKey(customerId) });
      client.invalidateQueries({ queryKey: ["worklist"] });
      client.invalidateQueries({ queryKey: ["my-day"] });
    },
  });
}

/**
 * Set the cause of lateness by hand (collectors, managers, admins): the customer page and the worklist refresh, and
 * the customers list, which shows and filters by cause.
 */
export function useSetCause(customerId: number) {
  const client = useQueryClient();
  return useMutation<SetCauseResult, ApiError, SetCauseInput>({
    mutationFn: (input) => apiPut<SetCauseResult>(`/api/customers/${customerId}/cause`, input),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: customerKey(customerId) });
      client.invalidateQueries({ queryKey: ["worklist"] });
      client.invalidateQueries({ queryKey: ["customers"] });
    },
  });
}

/** Agree a payment plan (collectors, managers, admins): the customer page (plans, timeline) refreshes. */
export function useCreatePlan(customerId: number) {
  const client = useQueryClient();
  return useMutation<CreatedPlan, ApiError, NewPlan>({
    mutationFn: (input) => apiPost<CreatedPlan>(`/api/customers/${customerId}/plans`, input),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: customerKey(customerId) });
      client.invalidateQueries({ queryKey: ["worklist"] });
    },
  });
}

export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: ["customers", "search", q],
    queryFn: () => apiGet<CustomerListItem[]>(withQuery("/api/customers", { q, limit: 20 })),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}
