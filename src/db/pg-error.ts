/** The SQLSTATE of a database error, whichever driver raised it and however Drizzle wrapped it. */
export function pgErrorCode(e: unknown): string | undefined {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (typeof x.code === "string" && /^[0-9A-Z]{5}$/.test(x.code)) return x.code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";
