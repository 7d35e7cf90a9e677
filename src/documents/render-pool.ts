// Many statements of account at once (a bulk statement run): rendered on worker threads, one per CPU (up to four),
// since a PDF is CPU work in JavaScript (text layout, font subsetting, compression) and one thread would take
// minutes for ten thousand. A few are rendered on the calling thread, where starting threads costs more than it
// saves. The PDFs come back in the order asked, each the same bytes the calling thread would have made.

import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { RenderReply, RenderRequest } from "./render-worker.ts";
import { renderStatementPdf, type StatementDocumentInput } from "./statement.document.ts";

/** Fewer statements than this are rendered on the calling thread. */
export const POOL_THRESHOLD = 24;
/** Statements in flight per worker: one being rendered, one waiting, so a worker never idles on the round trip. */
const IN_FLIGHT = 2;

/**
 * A larger young generation than V8's default: a PDF's short-lived objects (layout runs, content strings) then
 * die young without a promotion, which saves the threads a good part of their garbage collection.
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 64 } };

/**
 * The worker's code: the bundle the CLI built (bin/huikuan.js) beside this file's chunk, or, when running the
 * TypeScript sources (tests, `node --import tsx`), those sources loaded through tsx inside the thread.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("../documents/render-worker.mjs", here), WORKER_OPTIONS);
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin beside it).
  const tsx = pathToFileURL(
    createRequire(here)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL("./render-worker.ts", here).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
    { ...WORKER_OPTIONS, eval: true },
  );
}

export type RenderPool = {
  /** The PDFs of these statements, in order; one call at a time. */
  render(inputs: readonly StatementDocumentInput[], onProgress?: (done: number) => void): Promise<Buffer[]>;
  /** Stops the threads (the pool can render again afterwards, on new ones). */
  close(): Promise<void>;
};

/**
 * A pool whose threads live across calls (a statement run renders batch after batch while it stores the last
 * one): started on the first call large enough to need them.
 */
export function openRenderPool(options: { threads?: number } = {}): RenderPool {
  const threads = options.threads ?? Math.min(availableParallelism(), 4);
  let workers: Worker[] | null = null;
  let busy = false;
  const inline = async (inputs: readonly StatementDocumentInput[], onProgress?: (done: number) => void) => {
    const out: Buffer[] = [];
    for (const input of inputs) {
      out.push(await renderStatementPdf(input));
      onProgress?.(out.length);
    }
    return out;
  };
  return {
    async render(inputs, onProgress) {
      if (inputs.length < POOL_THRESHOLD || threads < 2) return inline(inputs, onProgress);
      if (busy) throw new Error("a render pool renders one list at a time");
      busy = true;
      workers ??= Array.from({ length: threads }, startWorker);
      const pool = workers;
      const out: Buffer[] = new Array(inputs.length);
      let next = 0;
      let done = 0;
      const detach: (() => void)[] = [];
      try {
        await new Promise<void>((resolve, reject) => {
          const feed = (w: Worker) => {
            if (next >= inputs.length) return;
            const id = next++;
            w.postMessage({ id, input: inputs[id] as StatementDocumentInput } satisfies RenderRequest);
          };
          const stopped = (code: number) => reject(new Error(`a render worker stopped (exit code ${code})`));
          for (const w of pool) {
            const received = (reply: RenderReply) => {
              if ("error" in reply) {
                reject(new Error(`rendering statement ${reply.id + 1} of ${inputs.length} failed: ${reply.error}`));
                return;
              }
              out[reply.id] = Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength);
              done++;
              onProgress?.(done);
              if (done === inputs.length) resolve();
              else feed(w);
            };
            detach.push(() => w.off("message", received).off("error", reject).off("exit", stopped));
            w.on("message", received);
            w.on("error", reject);
            w.on("exit", stopped);
            for (let k = 0; k < IN_FLIGHT; k++) feed(w);
          }
        });
      } catch (e) {
        // A failed list leaves replies in flight: its threads are not used again.
        await Promise.all(pool.map((w) => w.terminate()));
        workers = null;
        throw e;
      } finally {
        for (const off of detach) off();
        busy = false;
      }
      return out;
    },
    async close() {
      const pool = workers;
      workers = null;
      if (pool) await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
