#!/usr/bin/env -S node --max-semi-space-size=64
// The CLI binary. The sources are TypeScript; `npm install` is the only setup step, so this file compiles them on
// demand: the first run after a change bundles src/ into dist/cli/main.mjs with esbuild (about half a second;
// dependencies stay external), later runs load that one file, which starts several times faster than compiling
// each module through tsx. If the bundle cannot be built, tsx runs the sources directly.
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

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

async function build() {
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    entryPoints: [entry],
    outdir: path.dirname(bundle),
    outExtension: { ".js": ".mjs" },
    // Each command's use cases in chunks of their own, loaded when the command runs.
    splitting: true,
    chunkNames: "chunk-[hash]",
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "silent",
  });
  // Written aside and renamed, chunks first and the entry last: a CLI started meanwhile reads the old bundle or the
  // new one, never half of one (chunk names carry their content's hash, so old and new chunks live side by side).
  for (const f of [...out.outputFiles].sort((a) => (a.path === bundle ? 1 : -1))) {
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
    if (built > newestSource(path.join(root, "src"))) return true;
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
