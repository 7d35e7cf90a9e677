// The web app (web/, React + Vite): built into web/dist at start when the build is missing or older than its
// sources, and served for every path outside /api, with index.html for the app's own routes (/customers/12).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { MiddlewareHandler } from "hono";
import { getMimeType } from "hono/utils/mime";

const WEB_ROOT = fileURLToPath(new URL("../../web/", import.meta.url));
export const WEB_DIST = path.join(WEB_ROOT, "dist");
/** What the build is made from: a change to any of these makes web/dist stale. */
const WEB_SOURCES = ["src", "public", "index.html", "vite.config.ts"];

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as its folder's change
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Whether web/dist is missing or older than the newest file it is built from. */
export function isWebBuildStale(webRoot = WEB_ROOT): boolean {
  const index = path.join(webRoot, "dist", "index.html");
  if (!fs.existsSync(index)) return true;
  const newest = Math.max(...WEB_SOURCES.map((p) => newestMtime(path.join(webRoot, p))));
  return newest > fs.statSync(index).mtimeMs;
}

/**
 * Builds the web app with Vite when web/dist is stale, so `npm install && npm start` is all a fresh clone needs.
 * A failed build is reported and the server starts anyway: the API works, and / shows the placeholder page.
 */
export async function ensureWebBuild(log: (line: string) => void = console.log): Promise<void> {
  const started = performance.now();
  try {
    if (!fs.existsSync(path.join(WEB_ROOT, "index.html")) || !isWebBuildStale()) return;
    log("building the web app ...");
    const vite = await import("vite");
    // Always React's production build: Vite and its React plugin take it from NODE_ENV, which a test runner (vitest
    // sets "test") or a shell's leftover "development" would otherwise turn into the development build, several
    // times slower in the browser. Set for the build only.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await vite.build({ configFile: path.join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    log(`web app built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    log(`the web app could not be built (${e instanceof Error ? e.message : String(e)}); serving the API only`);
  }
}

type Asset = { mtimeMs: number; body: Buffer; gzip: Buffer | null; type: string; etag: string };
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/svg)/;

/** Files are read once and kept (with their gzip) until they change on disk; the whole app is a few MB. */
function loadAsset(cache: Map<string, Asset>, file: string): Asset | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached;
  const body = fs.readFileSync(file);
  const type = getMimeType(file) ?? "application/octet-stream";
  const asset: Asset = {
    mtimeMs: stat.mtimeMs,
    body,
    gzip: COMPRESSIBLE.test(type) && body.length > 1024 ? gzipSync(body) : null,
    type,
    etag: `"${createHash("sha1").update(body).digest("base64url").slice(0, 20)}"`,
  };
  cache.set(file, asset);
  return asset;
}

/**
 * GET handler for everything outside /api: files from web/dist (hashed ones under /assets cached for a year,
 * the rest revalidated), index.html for any other path (the app routes itself). Without a build, `/` answers
 * `fallbackPage()` and other paths fall through to the not-found handler.
 */
export function webAssets(fallbackPage: () => string, dist = WEB_DIST): MiddlewareHandler {
  const cache = new Map<string, Asset>();
  const root = path.resolve(dist);
  return async (c, next) => {
    const reqPath = c.req.path;
    if (reqPath.startsWith("/api/") || reqPath === "/api") return next();
    const index = loadAsset(cache, path.join(root, "index.html"));
    if (!index) return reqPath === "/" ? c.html(fallbackPage()) : next();

    let name: string;
    try {
      name = decodeURIComponent(reqPath);
    } catch {
      return next();
    }
    const file = path.resolve(root, `.${name}`);
    const inside = file.startsWith(root + path.sep);
    const found = inside && name !== "/" ? loadAsset(cache, file) : null;
    // A missing file with an extension is a missing file (an old hashed chunk), not a page of the app.
    if (!found && /\.[a-z0-9]+$/i.test(name)) return next();
    const asset = found ?? index;
    const immutable = found !== null && name.startsWith("/assets/");

    c.header("Content-Type", asset.type);
    c.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    c.header("ETag", asset.etag);
    c.header("Vary", "Accept-Encoding");
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
    if (asset.gzip && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
      c.header("Content-Encoding", "gzip");
      return c.body(new Uint8Array(asset.gzip), 200);
    }
    return c.body(new Uint8Array(asset.body), 200);
  };
}
