// Pure rules of an attachment: what the bytes are (never what the client says they are), whether the file may be
// stored, and how its name is cleaned for storage and for the Content-Disposition header.
import { z } from "zod";

/** The `attachments` setting: the largest file accepted. The request limit of the upload routes follows it. */
export const attachmentSettingsSchema = z.object({
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024, "at most 50 MB: bigger files do not belong in the database"),
});
export type AttachmentSettings = z.infer<typeof attachmentSettingsSchema>;
export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = { maxBytes: 10 * 1024 * 1024 };
/** No setting can raise the limit beyond this: the upload routes' hard request cap. */
export const ATTACHMENT_HARD_MAX_BYTES = 50 * 1024 * 1024;

export const ACCEPTED_MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png", "image/webp", "image/heic"] as const;
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];
export const ACCEPTED_TEXT = "PDF, JPEG, PNG, WEBP or HEIC";

export type Sniffed = { ok: true; mediaType: AcceptedMediaType } | { ok: false; reason: string };

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
// ISO BMFF brands of HEIF/HEIC photos (iPhones save these).
const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

/** What a file is, from its first bytes. Executables and scripts are named as such; anything else unknown is refused. */
export function sniffMediaType(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, ascii("%PDF-"))) return { ok: true, mediaType: "application/pdf" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, mediaType: "image/jpeg" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, mediaType: "image/png" };
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) {
    return { ok: true, mediaType: "image/webp" };
  }
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (HEIF_BRANDS.has(brand)) return { ok: true, mediaType: "image/heic" };
  }
  const executable =
    startsWith(bytes, ascii("MZ")) ||
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xce]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) ||
    startsWith(bytes, ascii("#!"));
  if (executable) return { ok: false, reason: "it is an executable program or script, which is never stored" };
  return { ok: false, reason: `its content is not ${ACCEPTED_TEXT}` };
}

/** Refusals of a file before anything is written, each naming the field; null when it may be stored. */
export function fileProblem(size: number, maxBytes: number): { status: 400 | 413; message: string } | null {
  if (size === 0) return { status: 400, message: "file: the file is empty" };
  if (size > maxBytes) {
    return { status: 413, message: `file: ${formatBytes(size)} is larger than the ${formatBytes(maxBytes)} allowed` };
  }
  return null;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** The name without folders or control characters, at most 200 characters; "attachment" when nothing is left. */
export function cleanFileName(name: string | null | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const clean = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"]/gu, "")
    .trim()
    .replace(/^\.+/, "");
  return [...clean].slice(0, 200).join("") || "attachment";
}

/** Content-Disposition with an ASCII fallback and the real (UTF-8) name, RFC 6266 / RFC 5987. */
export function contentDisposition(fileName: string, inline = false): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
