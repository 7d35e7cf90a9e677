// What a sender hands a transport, what comes back, and how failures are told apart: a temporary failure (the server
// said "try later" before accepting anything) is retried with exponential backoff; anything else is final, including
// failures where the message may already have gone out (at most once beats at least once for collection mail).
import type { MessageChannel, TemplateLanguage } from "./messaging.schema.ts";

export type OutgoingMessage = {
  outboxId: number;
  channel: Exclude<MessageChannel, "letter">;
  to: string;
  subject: string | null;
  body: string;
  language: TemplateLanguage;
  /** Email: the one-click unsubscribe URL for List-Unsubscribe. */
  unsubscribeUrl?: string;
  /** Stable per message, so a provider's records can be matched to the outbox after a crash. */
  messageId: string;
  /** Email: files it carries (a statement of account). */
  attachments?: { fileName: string; mediaType: string; content: Buffer }[];
};
export type SendResult = { providerMessageId: string };

export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  constructor(
    message: string,
    /** The provider refused for now and nothing went out: worth trying again later. */
    readonly temporary: boolean,
  ) {
    super(message);
  }
}

export type Transport = {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): void | Promise<void>;
};

export const MAX_ATTEMPTS = 8;
const BASE_MS = 60_000;
const CAP_MS = 6 * 3_600_000;

/** 1, 2, 4, 8 ... minutes after the n-th failed attempt, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * SMTP: a 4xx reply is temporary, a 5xx reply permanent (RFC 5321 §4.2.1). Without a reply, only failures to
 * connect are temporary; a broken connection later may have come after the server took the message.
 */
export function classifySmtpError(e: unknown): DeliveryError {
  const err = e as { responseCode?: number; code?: string; command?: string; message?: string };
  const text = String(err?.message ?? e).slice(0, 300);
  if (typeof err?.responseCode === "number") {
    return new DeliveryError(text, err.responseCode >= 400 && err.responseCode < 500);
  }
  const beforeSending = err?.command === "CONN" || err?.code === "EDNS" || err?.code === "ECONNREFUSED";
  if (beforeSending && ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED"].includes(err?.code ?? "")) {
    return new DeliveryError(text, true);
  }
  return new DeliveryError(`unknown: ${text}`, false);
}
