// The replies nobody could match (managers and admins): the list, assigning one to a customer (which puts it on that
// customer's timeline and pauses its automated reminders, like a matched reply) and dismissing one. Both refresh the
// list; an assignment refreshes the customer too, and a 409 (someone else was first) refreshes the list as well.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPost } from "../api/client.ts";
import { customerKey } from "../customers/use-customer.ts";

/** GET /api/inbound-emails/unmatched: one e-mail as the server answers it. */
export type UnmatchedReply = {
  id: number;
  messageId: string;
  from: string;
  to: string | null;
  subject: string | null;
  text: string;
  customerId: number | null;
  contactId: number | null;
  receivedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
};

export const unmatchedKey = ["inbound-emails", "unmatched"] as const;

export function useUnmatchedReplies(enabled: boolean) {
  return useQuery({
    queryKey: unmatchedKey,
    queryFn: () => apiGet<UnmatchedReply[]>("/api/inbound-emails/unmatched"),
    enabled,
  });
}

export function useAssignReply() {
  const client = useQueryClient();
  return useMutation<UnmatchedReply, ApiError, { id: number; customerId: number; contactId: number | null }>({
    mutationFn: ({ id, customerId, contactId }) =>
      apiPost<UnmatchedReply>(`/api/inbound-emails/${id}/assign`, { customerId, contactId }),
    onSuccess: (_r, { customerId }) => {
      client.invalidateQueries({ queryKey: customerKey(customerId) });
      client.invalidateQueries({ queryKey: ["replies", customerId] });
      client.invalidateQueries({ queryKey: ["worklist"] });
    },
    onSettled: () => client.invalidateQueries({ queryKey: unmatchedKey }),
  });
}

export function useDismissReply() {
  const client = useQueryClient();
  return useMutation<UnmatchedReply, ApiError, { id: number; reason: string | null }>({
    mutationFn: ({ id, reason }) => apiPost<UnmatchedReply>(`/api/inbound-emails/${id}/dismiss`, { reason }),
    onSettled: () => client.invalidateQueries({ queryKey: unmatchedKey }),
  });
}

/** The first words of a reply for the list: white space folded, cut at `max` characters. Shown as text, never HTML. */
export function replyPreview(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** "2025-03-12T02:00:00.000Z" -> "2025-03-12 10:00" in the browser's zone. */
export function receivedText(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
