// Who is signed in (GET /api/auth/me; null when nobody), sign in and sign out.
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPost, isApiError } from "../api/client.ts";
import type { User } from "../api/types.ts";

export const ME_KEY = ["me"] as const;

async function fetchMe(): Promise<User | null> {
  try {
    return (await apiGet<{ user: User }>("/api/auth/me")).user;
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

/** Whatever was cached belonged to the session that ended. (Not `clear()`: the sign-in check keeps observing "me".) */
function forgetSessionData(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation<User, ApiError, { login: string; password: string }>({
    mutationFn: async (input) => (await apiPost<{ user: User }>("/api/auth/login", input)).user,
    onSuccess: (user) => {
      forgetSessionData(client);
      client.setQueryData(ME_KEY, user);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<void>("/api/auth/logout"),
    onSettled: () => {
      client.setQueryData(ME_KEY, null);
      forgetSessionData(client);
    },
  });
}
