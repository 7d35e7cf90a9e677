// One setting read with its version, and saved with that version in If-Match. A 409 (or 412) means someone saved
// meanwhile: the form says so and offers to reload rather than overwrite their change.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPut, isApiError } from "../api/client.ts";
import type { Setting } from "../api/types.ts";

export const settingKey = (key: string) => ["settings", key] as const;

export const isStale = (e: unknown): boolean => isApiError(e) && (e.status === 409 || e.status === 412);

export function useSetting<T>(key: string) {
  return useQuery({ queryKey: settingKey(key), queryFn: () => apiGet<Setting<T>>(`/api/settings/${key}`) });
}

export function useSaveSetting<T>(key: string) {
  const client = useQueryClient();
  return useMutation<Setting<T>, ApiError, { value: T; version: number }>({
    mutationFn: ({ value, version }) => apiPut<Setting<T>>(`/api/settings/${key}`, { value }, version),
    onSuccess: (saved) => client.setQueryData(settingKey(key), saved),
  });
}
