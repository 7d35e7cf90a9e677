import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWebBuildStale, webAssets } from "./web-assets.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-web-"));
const dist = path.join(tmp, "dist");

function appFor(dir: string) {
  const app = new Hono();
  app.get("/api/health", (c) => c.json({ status: "ok" }));
  app.get(
    "*",
    webAssets(() => "<html>placeholder</html>", dir),
  );
  app.notFound((c) => c.text("not found", 404));
  return app;
}

beforeAll(() => {
  fs.mkdirSync(path.join(dist, "assets"), { recursive: true });
  fs.writeFileSync(path.join(dist, "index.html"), "<!doctype html><div id=root></div>");
  fs.writeFileSync(path.join(dist, "assets", "index-abc123.js"), `console.log(${JSON.stringify("x".repeat(5000))});`);
  fs.writeFileSync(path.join(dist, "favicon.svg"), "<svg/>");
  fs.writeFileSync(path.join(tmp, "secret.txt"), "outside dist");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("serving the web app", () => {
  const app = () => appFor(dist);

  it("serves index.html at / and at the app's own routes, revalidated every time", async () => {
    for (const url of ["/", "/customers/12", "/customers/12?task=3"]) {
      const res = await app().request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(await res.text()).toContain("id=root");
    }
  });

  it("serves hashed assets as immutable, gzipped when the browser accepts it", async () => {
    const res = await app().request("/assets/index-abc123.js", { headers: { "accept-encoding": "gzip, br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    const plain = await app().request("/assets/index-abc123.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect((await plain.text()).length).toBeGreaterThan(5000);
  });

  it("answers 304 to a matching ETag", async () => {
    const first = await app().request("/favicon.svg");
    const etag = first.headers.get("etag") ?? "";
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const again = await app().request("/favicon.svg", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("leaves /api, missing files and paths outside dist alone", async () => {
    expect((await app().request("/api/health")).status).toBe(200);
    expect((await app().request("/api/nothing")).status).toBe(404);
    expect((await app().request("/assets/index-old999.js")).status).toBe(404);
    for (const url of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]) {
      const res = await app().request(url);
      expect(await res.text(), url).not.toContain("outside dist");
    }
  });

  it("shows the fallback page at / when there is no build", async () => {
    const none = appFor(path.join(tmp, "no-such-dist"));
    const res = await none.request("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("placeholder");
    expect((await none.request("/customers/1")).status).toBe(404);
  });

  it("calls a build stale when it is missing or older than a source file", () => {
    const web = path.join(tmp, "web");
    fs.mkdirSync(path.join(web, "src"), { recursive: true });
    fs.writeFileSync(path.join(web, "src", "main.tsx"), "");
    expect(isWebBuildStale(web)).toBe(true);
    fs.mkdirSync(path.join(web, "dist"));
    fs.writeFileSync(path.join(web, "dist", "index.html"), "");
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(web, "src", "main.tsx"), past, past);
    fs.utimesSync(path.join(web, "src"), past, past);
    expect(isWebBuildStale(web)).toBe(false);
    fs.writeFileSync(path.join(web, "src", "new-page.tsx"), "");
    expect(isWebBuildStale(web)).toBe(true);
  });
});
