// The script library (starter scripts and custom ones) and custom scripts saved by managers and admins.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPost, apiPut } from "../api/client.ts";
import type { Script, ScriptInput } from "../api/types.ts";

export const scriptsKey = ["scripts", "all"] as const;

export function useScripts() {
  return useQuery({ queryKey: scriptsKey, queryFn: () => apiGet<Script[]>("/api/scripts"), staleTime: 60_000 });
}

export function useSaveScript() {
  const client = useQueryClient();
  return useMutation<Script, ApiError, { input: ScriptInput; id?: string; version?: number }>({
    mutationFn: ({ input, id, version }) =>
      id === undefined
        ? apiPost<Script>("/api/scripts", input)
        : apiPut<Script>(`/api/scripts/${encodeURIComponent(id)}`, input, version),
    onSettled: () => client.invalidateQueries({ queryKey: ["scripts"] }),
  });
}
