import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRecords } from "./read-table.ts";

/** Feeds `text` to csvRecords in the given chunk sizes and gathers every record. */
async function records(text: string, cuts: number[], delimiter = ","): Promise<string[][]> {
  const chunks: string[] = [];
  let at = 0;
  for (const n of cuts) {
    if (at >= text.length) break;
    chunks.push(text.slice(at, at + n));
    at += n;
  }
  if (at < text.length) chunks.push(text.slice(at));
  chunks.push("");
  let i = 0;
  const next = async () => (i < chunks.length ? (chunks[i++] as string) : null);
  const out: string[][] = [];
  for await (const batch of csvRecords(next, delimiter, 3)) out.push(...batch);
  return out;
}

const reference = (text: string, delimiter = ",") =>
  parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });

describe("csvRecords", () => {
  it("splits quote-free text exactly as csv-parse does, however the text is chunked", async () => {
    const field = fc.stringMatching(/^[a-z0-9 .\-\u4e00-\u4e0f]{0,6}$/);
    const line = fc.array(field, { minLength: 1, maxLength: 5 }).map((f) => f.join(","));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 20 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 40 }),
        async (lines, eol, bom, finalEol, cuts) => {
          const text = (bom ? "\uFEFF" : "") + lines.join(eol) + (finalEol ? eol : "");
          expect(await records(text, cuts)).toEqual(reference(text));
        },
      ),
    );
  });

  it("hands over to csv-parse at the first quote, mid-file, without losing or splitting a record", async () => {
    const plain = fc.stringMatching(/^[a-z0-9 ]{0,5}$/);
    const quoted = fc.stringMatching(/^[a-z0-9 ,\n"]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`);
    const line = fc.array(fc.oneof(plain, plain, quoted), { minLength: 1, maxLength: 4 }).map((f) => f.join(","));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 15 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 40 }),
        async (lines, cuts) => {
          const text = `${lines.join("\n")}\n`;
          expect(await records(text, cuts)).toEqual(reference(text));
        },
      ),
    );
  });

  it("reads files with old Mac line ends (lone carriage returns) through csv-parse", async () => {
    const text = "a,b\rc,d\r1,2\r";
    expect(await records(text, [4])).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["1", "2"],
    ]);
  });

  it("keeps a last record that has no line break, and tab-separated fields", async () => {
    expect(await records("x\ty\n1\t2", [2, 2], "\t")).toEqual([
      ["x", "y"],
      ["1", "2"],
    ]);
  });
});
