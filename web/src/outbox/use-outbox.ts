// The outbox as the web app reads it: the list (newest first, the user's customers only), one message with what it
// says and its files, and the statement run (each customer's statement of account PDF on the cover e-mail). The
// server's timer does the sending; queuing here only adds messages, so a run refreshes the list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ApiError, apiGet, apiPost, withQuery } from "../api/client.ts";
import type { Channel, Instant, IsoDate, User } from "../api/types.ts";
import type { MessageKey } from "../i18n/messages.ts";

/** Mirrors OUTBOX_STATUSES in src/messaging/messaging.schema.ts (a database module, which the web app does not import). */
export const OUTBOX_STATUSES = ["queued", "waiting_window", "sending", "sent", "failed", "cancelled"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Statements and messages are sent by admins, managers and collectors; finance reads the ledger only. */
export const maySendMessages = (user: User) => user.role !== "finance";

/** GET /api/outbox: one message as the list shows it. */
export type OutboxItem = {
  id: number;
  customerId: number;
  customerCode: string;
  contactId: number | null;
  channel: Extract<Channel, "email" | "sms" | "letter">;
  address: string;
  subject: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Instant;
  providerMessageId: string | null;
  error: string | null;
  createdBy: string;
  createdAt: Instant;
  sentAt: Instant | null;
  /** How many files it carries (a statement of account). */
  attachments: number;
};

export type OutboxFile = { id: number; fileName: string; mediaType: string; size: number };

/** GET /api/outbox/{id}: the message with what it says and its files. */
export type OutboxMessage = OutboxItem & {
  language: string;
  body: string;
  automated: boolean;
  overrideReason: string | null;
  files: OutboxFile[];
  /** Demo mode (no SMTP): the e-mail as it went out can be downloaded. */
  eml: boolean;
};

export type StatementRefusal = {
  customerId: number;
  customerCode: string | null;
  code: string;
  /** Machine-readable (src/messaging/send-statements.ts): said in the user's language when known. */
  reason: string;
  message: string;
};

const REFUSAL_REASONS = [
  "not_found",
  "no_recipient",
  "do_not_contact",
  "opted_out",
  "recipient_role",
  "no_address",
  "nothing_overdue",
  "language_check",
  "reminders_paused",
  "no_template",
  "template_inactive",
] as const;

/** Why a statement was not queued, in the user's language; the server's own words for a reason this app does not know. */
export function refusalText(t: (key: MessageKey) => string, refusal: StatementRefusal): string {
  return (REFUSAL_REASONS as readonly string[]).includes(refusal.reason)
    ? t(`outbox.refusal.${refusal.reason as (typeof REFUSAL_REASONS)[number]}`)
    : refusal.message;
}

/** POST /api/outbox/statements: what the run queued, what an earlier run had queued, who was refused and why. */
export type StatementRun = {
  asOf: IsoDate;
  customers: number;
  queued: number;
  alreadyQueued: number;
  messageIds: number[];
  refused: StatementRefusal[];
};

/** The newest messages the list asks for; more than this is a job for the CLI (`huikuan outbox list`). */
export const OUTBOX_LIMIT = 500;

export const outboxKey = ["outbox"] as const;

export function useOutbox(status: OutboxStatus | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...outboxKey, "list", status ?? "all"],
    queryFn: () => apiGet<OutboxItem[]>(withQuery("/api/outbox", { status, limit: OUTBOX_LIMIT })),
    enabled,
  });
}

/** One message's query, for the drawer and for naming the address a statement was queued to. */
export const outboxMessageQuery = (id: number) => ({
  queryKey: [...outboxKey, "message", id],
  queryFn: () => apiGet<OutboxMessage>(`/api/outbox/${id}`),
});

export function useOutboxMessage(id: number | null) {
  return useQuery({ ...outboxMessageQuery(id ?? 0), enabled: id !== null });
}

/** Without customerIds: every customer of the user's with something overdue. asOf left out: today (the company's). */
export function useSendStatements() {
  const client = useQueryClient();
  return useMutation<StatementRun, ApiError, { customerIds?: number[]; asOf?: IsoDate }>({
    mutationFn: (body) => apiPost<StatementRun>("/api/outbox/statements", body),
    onSuccess: () => client.invalidateQueries({ queryKey: outboxKey }),
  });
}

export const attachmentUrl = (messageId: number, fileId: number) => `/api/outbox/${messageId}/attachments/${fileId}`;
export const emlUrl = (messageId: number) => `/api/outbox/${messageId}/message.eml`;
