import { describe, expect, it } from "vitest";
import { cleanFileName, contentDisposition, fileProblem, sniffMediaType } from "./attachment.rules.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("sniffMediaType", () => {
  it.each([
    ["PDF", bytes("%PDF-1.7\n"), "application/pdf"],
    ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "image/jpeg"],
    ["PNG", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), "image/png"],
    ["WEBP", bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "), "image/webp"],
    ["HEIC", bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0]), "image/heic"],
    ["HEIF (mif1)", bytes([0, 0, 0, 0x18], "ftypmif1"), "image/heic"],
  ])("knows a %s by its bytes", (_name, b, type) => {
    expect(sniffMediaType(b)).toEqual({ ok: true, mediaType: type });
  });

  it.each([
    ["Windows PE", bytes("MZ", [0x90, 0])],
    ["ELF", bytes([0x7f, 0x45, 0x4c, 0x46, 2])],
    ["Mach-O", bytes([0xcf, 0xfa, 0xed, 0xfe])],
    ["shell script", bytes("#!/bin/sh\nrm -rf /\n")],
  ])("refuses an executable: %s", (_name, b) => {
    const r = sniffMediaType(b);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/executable/);
  });

  it.each([
    ["HTML", bytes("<html><script>alert(1)</script>")],
    ["MP4 (ftyp isom)", bytes([0, 0, 0, 0x18], "ftypisom")],
    ["ZIP", bytes("PK", [3, 4])],
    ["nothing", new Uint8Array()],
  ])("refuses what it does not know: %s", (_name, b) => {
    const r = sniffMediaType(b);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/not PDF, JPEG, PNG, WEBP or HEIC/);
  });
});

describe("fileProblem", () => {
  it.each([
    [0, 1024, 400, /empty/],
    [1025, 1024, 413, /file: 1 KB is larger than the 1 KB allowed/],
    [11 * 1024 * 1024, 10 * 1024 * 1024, 413, /11 MB is larger than the 10 MB/],
  ])("size %i with limit %i: %i", (size, max, status, message) => {
    const p = fileProblem(size, max);
    expect(p?.status).toBe(status);
    expect(p?.message).toMatch(message);
  });
  it("accepts up to the limit exactly", () => {
    expect(fileProblem(1024, 1024)).toBeNull();
  });
});

describe("file names", () => {
  it.each([
    ["C:\\Users\\wang\\签收单.pdf", "签收单.pdf"],
    ["../../etc/passwd", "passwd"],
    ['a"b\u0000c\u202e.pdf', "abc.pdf"],
    ["...hidden", "hidden"],
    ["", "attachment"],
    ["  ", "attachment"],
  ])("cleans %j to %j", (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });
  it("keeps at most 200 characters", () => {
    expect([...cleanFileName(`${"照".repeat(300)}.jpg`)]).toHaveLength(200);
  });
  it("puts an ASCII fallback and the UTF-8 name in Content-Disposition", () => {
    expect(contentDisposition("签收单 (1).pdf")).toBe(
      `attachment; filename="___ (1).pdf"; filename*=UTF-8''%E7%AD%BE%E6%94%B6%E5%8D%95%20%281%29.pdf`,
    );
  });
});
