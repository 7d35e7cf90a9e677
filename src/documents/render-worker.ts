// A worker thread of the render pool (render-pool.ts): renders the statements it is sent, one at a time, and sends
// each PDF back (its memory moved, not copied). It holds its own parsed font, like any process that renders.
import { parentPort } from "node:worker_threads";
import { renderStatementPdf, type StatementDocumentInput } from "./statement.document.ts";

export type RenderRequest = { id: number; input: StatementDocumentInput };
export type RenderReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error("render-worker.ts runs as a worker thread of render-pool.ts");
port.on("message", async ({ id, input }: RenderRequest) => {
  try {
    const pdf = await renderStatementPdf(input);
    // A Buffer may share its memory with others (Node's pool): only a Buffer that owns all of it is moved.
    const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
    const bytes = whole ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf);
    port.postMessage({ id, pdf: bytes } satisfies RenderReply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ id, error: (e as Error).stack ?? String(e) } satisfies RenderReply);
  }
});
