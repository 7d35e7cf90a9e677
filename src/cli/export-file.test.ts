import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import { outputSink, writeOutputFile, writeWorkbookFile } from "./export-file.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huikuan-export-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const missing = path.join(dir, "no-such-folder", "out.csv");
const table = {
  sheet: { zh: "表", en: "Sheet" },
  columns: [{ key: "a", header: { zh: "甲", en: "A" }, type: "text" as const, value: (r: { a: string }) => r.a }],
  rows: [{ a: "x" }],
};

describe("--out files", () => {
  it("writes text through the sink, in pieces, and closes the file", async () => {
    const file = path.join(dir, "aging.csv");
    const sink = outputSink(file);
    await sink.write("a,b\n");
    await sink.write("1,2\n");
    await sink.close();
    expect(fs.readFileSync(file, "utf8")).toBe("a,b\n1,2\n");
  });

  it("refuses a missing folder or a folder as the file with one clear message, before any work", () => {
    expect(() => outputSink(missing)).toThrow(AppError);
    expect(() => outputSink(missing)).toThrow(/cannot write .*out\.csv: the folder ".*no-such-folder" does not exist/);
    expect(() => outputSink(dir)).toThrow(/cannot write .*: it is a folder/);
    expect(() => writeOutputFile(missing, "x")).toThrow(/does not exist/);
    expect(() => writeOutputFile(dir, new Uint8Array([1]))).toThrow(/it is a folder/);
  });

  it("refuses a workbook to a missing folder as an AppError instead of an unhandled stream error", async () => {
    await expect(writeWorkbookFile([table], "en", missing.replace(".csv", ".xlsx"))).rejects.toThrow(
      /cannot write .*: the folder .* does not exist/,
    );
  });
});
