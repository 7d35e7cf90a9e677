#!/usr/bin/env -S node --max-semi-space-size=64
// The CLI binary. The sources are TypeScript; `npm install` is the only setup step, so this file compiles them on
// demand: the first run after a change (or after an install) bundles src/ and its pure JavaScript dependencies into
// dist/cli/main.mjs with esbuild (about a second), later runs load that one file and the chunks of the command run,
// which starts several times faster than compiling each module through tsx. If the bundle cannot be built, tsx runs
// the sources directly.
// (The larger young generation in the line above halves the garbage collector's work in the daily run, which
// keeps a hundred thousand customers' facts in memory at once.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "src/cli/main.ts");
// Two folders deep like the sources (src/<domain>/), so paths relative to a module (migrations, web, package.json)
// resolve the same from the bundle.
const bundle = path.join(root, "dist/cli/main.mjs");
// Worker threads' code (src/documents/render-pool.ts starts them): entries of their own, beside the CLI's.
const workerEntries = [path.join(root, "src/documents/render-worker.ts")];

const EXTERNAL = [
  "@electric-sql/pglite",
  "@electric-sql/pglite/*",
  "pdfkit",
  "fontkit",
  "exceljs",
  "esbuild",
  "tsx",
  "tsx/*",
  "vite",
  "@vitejs/*",
  "pg-native",
];

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

// pg asks whether it runs on Cloudflare Workers by constructing a fetch Response, which makes Node 20 load its whole
// HTTP client (undici, about 40 ms) at every start; the CLI never runs there. If a pg release words the check
// differently, the replacement finds nothing and pg keeps its own check.
const pgOnNode = {
  name: "pg-on-node",
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => ({
      contents: (await fs.promises.readFile(args.path, "utf8")).replace("if (isCloudflareRuntime())", "if (false)"),
      loader: "js",
    }));
  },
};

async function build() {
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    entryPoints: [entry, ...workerEntries],
    // src/<domain>/<file>.ts becomes dist/<domain>/<file>.mjs.
    outbase: path.join(root, "src"),
    outdir: path.join(root, "dist"),
    outExtension: { ".js": ".mjs" },
    // Each command's use cases in chunks of their own, loaded when the command runs.
    splitting: true,
    chunkNames: "cli/chunk-[hash]",
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Pure JavaScript dependencies go into the bundle: Node then loads a few files instead of several hundred,
    // which is most of a command's start. Packages that read files next to their own code (PGlite's WebAssembly,
    // PDFKit's font metrics), native or optional ones, and the build tools stay outside.
    external: EXTERNAL,
    // Bundled CommonJS code calls require() for Node's own modules.
    banner: {
      js: "import { createRequire as __huikuanRequire } from 'node:module'; const require = __huikuanRequire(import.meta.url);",
    },
    sourcemap: "linked",
    plugins: [pgOnNode],
    logLevel: "silent",
  });
  // Written aside and renamed, chunks first and the entry last: a CLI started meanwhile reads the old bundle or the
  // new one, never half of one (chunk names carry their content's hash, so old and new chunks live side by side).
  for (const f of [...out.outputFiles].sort((a) => (a.path === bundle ? 1 : -1))) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, f.contents);
    fs.renameSync(tmp, f.path);
  }
  // Chunks of older builds go once no CLI started before this build can still be loading them.
  const current = new Set(out.outputFiles.map((f) => path.basename(f.path)));
  for (const name of fs.readdirSync(path.dirname(bundle))) {
    const p = path.join(path.dirname(bundle), name);
    if (name.startsWith("chunk-") && !current.has(name) && Date.now() - fs.statSync(p).mtimeMs > 600_000) {
      fs.rmSync(p, { force: true });
    }
  }
}

async function fresh() {
  if (process.env.HUIKUAN_NO_BUNDLE) return false;
  try {
    const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
    // Dependencies are in the bundle too: an install (which rewrites node_modules/.package-lock.json) rebuilds it.
    const installed = mtime(path.join(root, "node_modules/.package-lock.json"));
    if (built > Math.max(newestSource(path.join(root, "src")), installed)) return true;
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    await build();
    return true;
  } catch {
    return false; // no esbuild, a read-only checkout...: run the sources
  }
}

if (await fresh()) {
  if (process.env.HUIKUAN_DEBUG) process.setSourceMapsEnabled(true); // stack traces in the sources, at a cost
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
