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

/**
 * A message in English that remembers what it is made of: its template, with {0}, {1}... where values go (the key
 * its translations are filed under, in messages.zh.ts), and the values. Written as a tagged template:
 * msg`a promise can be at most ${365} days ahead` reads "a promise can be at most 365 days ahead", key
 * "a promise can be at most {0} days ahead". A value may itself be a Message (a row problem inside "row 5: ..."):
 * it is translated in turn.
 */
export class Message {
  constructor(
    readonly text: string,
    readonly key: string,
    readonly params: readonly (string | Message)[],
  ) {}

  toString(): string {
    return this.text;
  }
}

/**
 * A value of a closed set (a role, a status) put into a message: translated with the message, from the "term:" entries
 * of messages.zh.ts, instead of staying in English inside a Chinese sentence.
 */
export function term(value: string): Message {
  return new Message(value, `term:${value}`, []);
}

/** Words for the user: a Message (translatable) or plain text. */
export type MessageText = string | Message;

export function msg(strings: TemplateStringsArray, ...values: unknown[]): Message {
  const params = values.map((v) => (v instanceof Message ? v : String(v)));
  let text = strings[0] ?? "";
  let key = text;
  for (let i = 0; i < params.length; i++) {
    text += String(params[i]) + (strings[i + 1] ?? "");
    key += `{${i}}${strings[i + 1] ?? ""}`;
  }
  return new Message(text, key, params);
}

/** An error whose message is safe to show to the user; `code` decides the HTTP status. */
export class AppError extends Error {
  override readonly name = "AppError";
  /** The message's template and values, when it was written with msg`...` (for its translations). */
  readonly template?: Message;

  constructor(
    readonly code: AppErrorCode,
    message: string | Message,
    readonly details?: string[],
  ) {
    super(String(message));
    if (message instanceof Message) this.template = message;
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
