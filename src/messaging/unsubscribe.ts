// One-click unsubscribe (RFC 8058): the signed link names the contact and channel; following it records the
// opt-out at once and cancels queued messages to that contact's addresses on that channel, in one transaction.
import type { Database } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { type OptOutResult, recordOptOut } from "./record-opt-out.ts";
import { getServerSecret, readUnsubscribeToken } from "./unsubscribe-token.ts";

export const LINK_NOT_VALID = "This link is no longer valid.";

/** Checks a token without changing anything (the GET page). */
export async function readUnsubscribeLink(
  deps: { database: Database; now: () => Date; env?: NodeJS.ProcessEnv },
  token: string,
) {
  const secret = await getServerSecret(deps.database.db, deps.now(), deps.env);
  const link = readUnsubscribeToken(secret, token);
  if (!link || (link.channel !== "email" && link.channel !== "sms")) throw new AppError("not_found", LINK_NOT_VALID);
  return link as { contactId: number; channel: "email" | "sms" };
}

export async function unsubscribe(
  deps: { database: Database; now: () => Date; env?: NodeJS.ProcessEnv },
  token: string,
  requestId?: string | null,
): Promise<OptOutResult & { channel: "email" | "sms" }> {
  const link = await readUnsubscribeLink(deps, token);
  const now = deps.now();
  try {
    const result = await deps.database.transaction(({ db }) =>
      recordOptOut(db, {
        channel: link.channel,
        contactId: link.contactId,
        source: "unsubscribe",
        actor: "unsubscribe-link",
        now,
        requestId,
      }),
    );
    return { ...result, channel: link.channel };
  } catch (e) {
    // A contact deleted since: the same plain answer as any other dead link.
    if (e instanceof AppError && e.code === "not_found") throw new AppError("not_found", LINK_NOT_VALID);
    throw e;
  }
}
