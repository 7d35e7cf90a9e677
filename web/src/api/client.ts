// Same-origin JSON over fetch with the session cookie; every state-changing request echoes the huikuan_csrf cookie
// in X-CSRF-Token (the server's double-submit check).

const CSRF_COOKIE = "huikuan_csrf";
const CSRF_HEADER = "X-CSRF-Token";

/** A non-2xx answer: `status` decides what the UI does, `message` is the server's own words. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** The language the user chose: sent as Accept-Language, so the server words its errors in it. */
let requestLanguage: string | null = null;
export function setRequestLanguage(lang: string): void {
  requestLanguage = lang;
}
/** The language to ask the server for (null before the app has chosen one), for requests made without fetch. */
export function chosenRequestLanguage(): string | null {
  return requestLanguage;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

async function request<T>(method: string, path: string, body?: unknown, extra?: Record<string, string>): Promise<T> {
  return (await send<T>(method, path, body, extra)).json;
}

async function send<T>(
  method: string,
  path: string,
  body?: unknown,
  extra?: Record<string, string>,
): Promise<{ json: T; headers: Headers }> {
  const headers: Record<string, string> = { Accept: "application/json", ...extra };
  if (requestLanguage) headers["Accept-Language"] = requestLanguage;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return { json: undefined as T, headers: res.headers };
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a proxy's error page): keep the status
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? "http_error", err?.message ?? `${res.status} ${res.statusText}`);
  }
  return { json: json as T, headers: res.headers };
}

export const apiGet = <T>(path: string): Promise<T> => request<T>("GET", path);
/** A file sent as multipart/form-data in the field "file" (the browser sets the boundary), with other fields. */
export async function apiUpload<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  form.append("file", file, file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (requestLanguage) headers["Accept-Language"] = requestLanguage;
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  const res = await fetch(path, { method: "POST", headers, credentials: "same-origin", body: form });
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    throw new ApiError(res.status, json?.error?.code ?? "http_error", json?.error?.message ?? `${res.status}`);
  }
  return json as T;
}
export const apiDelete = <T>(path: string): Promise<T> => request<T>("DELETE", path);
/** A page of a list and how many there are in all (the X-Total-Count header; null without it). */
export async function apiGetPage<T>(path: string): Promise<{ rows: T[]; total: number | null }> {
  const { json, headers } = await send<T[]>("GET", path);
  const total = headers.get("X-Total-Count");
  return { rows: json, total: total === null ? null : Number(total) };
}
export const apiPost = <T>(path: string, body?: unknown): Promise<T> => request<T>("POST", path, body ?? {});
/** A change to a versioned record: `version` goes in If-Match, and a stale one answers 409. */
export const apiPatch = <T>(path: string, body: unknown, version?: number): Promise<T> =>
  request<T>("PATCH", path, body, version === undefined ? undefined : { "If-Match": `"${version}"` });

/** A whole new value for a versioned record (settings, scripts): `version` goes in If-Match, a stale one answers 409. */
export const apiPut = <T>(path: string, body: unknown, version?: number): Promise<T> =>
  request<T>("PUT", path, body, version === undefined ? undefined : { "If-Match": `"${version}"` });

/** A path with its query string; undefined values are left out. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
