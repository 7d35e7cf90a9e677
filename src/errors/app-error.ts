export const APP_ERROR_CODES = [
  "invalid_input",
  "not_found",
  "conflict",
  "forbidden",
  "unauthorized",
  "unprocessable",
  "rate_limited",
  "internal",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
};

/** An error whose message is safe to show to the user; `code` decides the HTTP status. */
export class AppError extends Error {
  override readonly name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/**
 * One readable line for an unexpected error: the database's own message when a query failed (the ORM wraps it in an
 * error that quotes the whole statement and its parameters, which hides it), cut to `max` characters.
 */
export function errorSummary(e: unknown, max = 400): string {
  let err: unknown = e;
  // The innermost cause that still says something (drizzle's DrizzleQueryError has the driver's error as `cause`).
  for (let depth = 0; depth < 5 && err instanceof Error && err.cause instanceof Error && err.cause.message; depth++) {
    err = err.cause;
  }
  const text = String((err as Error | undefined)?.message ?? err)
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max)} ...` : text;
}
