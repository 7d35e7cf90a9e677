// Signs in through the app's own request function and replays the cookies and CSRF header, as a browser would.
import type { createApp } from "../src/http/app.ts";

type App = ReturnType<typeof createApp>;
export type Client = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

export async function signIn(app: App, login: string, password: string): Promise<Client> {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: HTTP ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0] as string);
  const csrf = cookies.find((c) => c.startsWith("huikuan_csrf="))?.split("=")[1] ?? "";
  return async (method, path, body, headers = {}) =>
    await app.request(path, {
      method,
      headers: {
        cookie: cookies.join("; "),
        "x-csrf-token": csrf,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
