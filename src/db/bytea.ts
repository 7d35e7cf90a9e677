/** bytea arrives as a Buffer (node-postgres), a Uint8Array (PGlite) or, in some raw paths, as "\x..." text. */
export function byteaBuffer(v: Buffer | Uint8Array | string): Buffer {
  if (typeof v === "string") return Buffer.from(v.startsWith("\\x") ? v.slice(2) : v, "hex");
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}
