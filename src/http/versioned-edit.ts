// Edits made against the version the editor read (optimistic concurrency): the version comes in If-Match (or the
// body's `version`); each route answers a stale one with 409 and the record as it is now.
import { z } from "@hono/zod-openapi";
import { AppError, msg } from "../errors/app-error.ts";

export const ifMatchHeader = z.object({
  "if-match": z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'expected the version you read, e.g. "3"')
    .optional(),
});

/** The version an edit is based on: If-Match, else the body's `version`; one of them is required. */
export function versionFrom(header: string | undefined, body: number | undefined): number {
  const v = header !== undefined ? Number(header.replace(/^W\//, "").replace(/"/g, "")) : body;
  if (v === undefined) {
    throw new AppError("invalid_input", msg`version: send the version you read (If-Match: "3", or "version": 3)`);
  }
  return v;
}
