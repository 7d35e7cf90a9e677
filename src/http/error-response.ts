// The API's error body ({ error: { code, message } }) from middleware, which runs outside the routes' error handler:
// the message in the language the request asks for (Accept-Language), like every AppError the routes throw.
import type { Context } from "hono";
import { AppError, type AppErrorCode, HTTP_STATUS, type Message } from "../errors/app-error.ts";
import { errorJson } from "../errors/localize.ts";

export function errorResponse(c: Context, code: AppErrorCode, message: Message, status = HTTP_STATUS[code]): Response {
  return c.json({ error: errorJson(new AppError(code, message), c.req.header("accept-language")) }, status as 400);
}
