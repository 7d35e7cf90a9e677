// Accounts for the users page: the list (managers, admins) and the admin's changes, each refreshing the list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPatch, apiPost } from "../api/client.ts";
import type { Account, AccountChange, AccountInput } from "../api/types.ts";

const usersKey = ["users"] as const;

export function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: () => apiGet<Account[]>("/api/users") });
}

function useRefreshing<V, R>(fn: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation<R, ApiError, V>({
    mutationFn: fn,
    onSettled: () => {
      client.invalidateQueries({ queryKey: usersKey });
      client.invalidateQueries({ queryKey: ["collectors"] });
    },
  });
}

export const useAddUser = () => useRefreshing((input: AccountInput) => apiPost<Account>("/api/users", input));
export const useUpdateUser = () =>
  useRefreshing(({ login, change }: { login: string; change: AccountChange }) =>
    apiPatch<Account>(`/api/users/${encodeURIComponent(login)}`, change),
  );
export const useSetPassword = () =>
  useRefreshing(({ login, password }: { login: string; password: string }) =>
    apiPost<void>(`/api/users/${encodeURIComponent(login)}/password`, { password }),
  );
