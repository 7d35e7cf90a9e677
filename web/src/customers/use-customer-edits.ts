// Changes to a customer's account and to its contacts, each with the version the form was filled from. A 409
// means someone changed the record meanwhile: the page reloads it and the form says so, rather than overwrite.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiPatch, isApiError } from "../api/client.ts";
import type { ContactChange, CustomerChange } from "../api/types.ts";
import { customerKey } from "./use-customer.ts";

export const isChangedMeanwhile = (e: unknown): boolean => isApiError(e) && e.status === 409;

export function useUpdateCustomer(id: number) {
  const client = useQueryClient();
  return useMutation<unknown, ApiError, { version: number; change: CustomerChange }>({
    mutationFn: ({ version, change }) => apiPatch(`/api/customers/${id}`, change, version),
    onSettled: (_data, error) => {
      if (error && !isChangedMeanwhile(error)) return;
      client.invalidateQueries({ queryKey: customerKey(id) });
      client.invalidateQueries({ queryKey: ["customers", "list"] });
    },
  });
}

export function useUpdateContact(customerId: number) {
  const client = useQueryClient();
  return useMutation<unknown, ApiError, { id: number; version: number; change: ContactChange }>({
    mutationFn: ({ id, version, change }) => apiPatch(`/api/contacts/${id}`, change, version),
    onSettled: (_data, error) => {
      if (error && !isChangedMeanwhile(error)) return;
      client.invalidateQueries({ queryKey: customerKey(customerId) });
    },
  });
}
