// The documents API through the app's own request function: sign-in required, the portfolio rule, refusals, PDFs.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, signIn } from "../../test/http-session.ts";
import { ENGINES, openTestDatabase } from "../../test/test-database.ts";
import type { Database } from "../db/database.ts";
import { queryRows } from "../db/query-rows.ts";
import { createApp } from "../http/app.ts";
import { findCjkFont } from "./cjk-font.ts";
import {
  type DocumentsFixture,
  loadDocumentsFixture,
  NOW,
  PASSWORDS,
  pdfQrCodes,
  pdfText,
} from "./documents.fixture.ts";

const font = findCjkFont();

describe.each(ENGINES)("documents API on %s", (engine) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  let f: DocumentsFixture;
  let c1: Client;
  let c2: Client;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    app = createApp({ database, now: () => NOW, version: "test" });
    f = await loadDocumentsFixture(database);
    c1 = await signIn(app, "c1", PASSWORDS.c1);
    c2 = await signIn(app, "c2", PASSWORDS.c2);
  });
  afterAll(() => database.close());

  it("answers 401 without a session, and documents both paths in OpenAPI", async () => {
    expect((await app.request(`/api/customers/${f.hx.id}/documents/statement.pdf`)).status).toBe(401);
    expect((await app.request(`/api/plans/${f.planId}/agreement.pdf`)).status).toBe(401);
    const doc = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/customers/{id}/documents/{kind}.pdf",
        "/api/customers/{id}/documents/statement.pdf",
        "/api/plans/{id}/agreement.pdf",
      ]),
    );
    expect(Object.keys(doc.paths["/api/customers/{id}/documents/statement.pdf"] as object)).toEqual(["post"]);
  });

  it.skipIf(!font)(
    "produces the statement for sending with a portal link made for the contact (POST, CSRF)",
    async () => {
      const [contact] = await queryRows<{ id: string }>(
        database.db,
        sql`select id from contacts where customer_id = ${f.hx.id} and role = 'finance'`,
      );
      const path = `/api/customers/${f.hx.id}/documents/statement.pdf`;
      const body = { portalContactId: Number(contact?.id), lang: "en", asOf: "2025-03-10" };
      // Without the CSRF header (a cross-site form) nothing is made.
      expect((await c1("POST", path, body, { "x-csrf-token": "" })).status).toBe(403);
      const r = await c1("POST", path, body);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/pdf");
      const linkId = Number(r.headers.get("x-portal-link-id"));
      expect(linkId).toBeGreaterThan(0);
      const [url] = (await pdfQrCodes(new Uint8Array(await r.arrayBuffer()))).slice(-1);
      expect(url).toMatch(/\/api\/portal\/[0-9a-f]{64}$/);
      const links = (await (await c1("GET", `/api/customers/${f.hx.id}/portal-links`)).json()) as { id: number }[];
      expect(links.map((l) => l.id)).toContain(linkId);
      expect((await c2("POST", path, body)).status).toBe(404);
      expect((await c1("POST", path, { portalContactId: "x" })).status).toBe(400);
      expect((await c1("POST", path, {})).status).toBe(400);
      // A retry with the same Idempotency-Key gets the same PDF back, byte for byte, and makes no second link.
      const keyed = { "idempotency-key": "statement-retry-1" };
      const first = await c1("POST", path, body, keyed);
      const bytes = new Uint8Array(await first.arrayBuffer());
      const replay = await c1("POST", path, body, keyed);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.headers.get("content-type")).toBe("application/pdf");
      expect(new Uint8Array(await replay.arrayBuffer())).toEqual(bytes);
      const after = (await (await c1("GET", `/api/customers/${f.hx.id}/portal-links`)).json()) as unknown[];
      expect(after.length).toBe(links.length + 1);
    },
  );

  it("answers 404 for another collector's customer or plan, 400 for a bad kind, language or date", async () => {
    const other = await c2("GET", `/api/customers/${f.hx.id}/documents/statement.pdf`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await c2("GET", `/api/plans/${f.planId}/agreement.pdf`)).status).toBe(404);
    expect((await c1("GET", "/api/customers/999999/documents/statement.pdf")).status).toBe(404);
    expect((await c1("GET", `/api/customers/${f.hx.id}/documents/invoice.pdf`)).status).toBe(400);
    expect((await c1("GET", `/api/customers/${f.hx.id}/documents/statement.pdf?lang=fr`)).status).toBe(400);
    const date = await c1("GET", `/api/customers/${f.hx.id}/documents/statement.pdf?asOf=2025-3-1`);
    expect(date.status).toBe(400);
    expect(((await date.json()) as { error: { message: string } }).error.message).toContain("asOf");
  });

  it("refuses a lawyer's letter without legal action approved (422)", async () => {
    const r = await c1("GET", `/api/customers/${f.hx.id}/documents/lawyer-letter.pdf`);
    expect(r.status).toBe(422);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain('"legal" flag');
  });

  it.skipIf(!font)("serves the statement and the agreement as PDFs", async () => {
    const r = await c1("GET", `/api/customers/${f.hx.id}/documents/statement.pdf?lang=en&asOf=2025-03-10`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/pdf");
    expect(r.headers.get("content-disposition")).toBe(`inline; filename="statement-${f.hx.code}-2025-03-10-en.pdf"`);
    const body = new Uint8Array(await r.arrayBuffer());
    const { text } = await pdfText(body);
    expect(text).toContain("Statement of account");
    expect(text).toContain("14,456.79");
    const a = await c1("GET", `/api/plans/${f.planId}/agreement.pdf`);
    expect(a.status).toBe(200);
    expect((await pdfText(new Uint8Array(await a.arrayBuffer()))).text).toContain("还款协议");
  });
});
