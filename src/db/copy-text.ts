// PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes.
const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyField(value: string | number | bigint | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value !== "string") return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/**
 * A value that cannot hold a tab, a newline or a backslash (a number, a date, an id, a value from a closed set), as
 * it goes in a COPY line: `\N` for null, otherwise as it is, without the test for characters to escape. For the
 * daily run's lines, a hundred thousand at a time.
 */
export function copyPlain(value: string | number | bigint | boolean | null | undefined): string | number | bigint {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  return value;
}

export function copyLine(values: readonly (string | number | bigint | boolean | null | undefined)[]): string {
  // Joined rather than concatenated field by field, which would leave a chain of pieces to flatten later.
  const fields = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) fields[i] = copyField(values[i]);
  return `${fields.join("\t")}\n`;
}

/** A PostgreSQL text[] literal, for COPY into a text[] column or as one query parameter cast to text[]. */
export function copyArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** Groups small line strings into chunks of about `size` characters, so COPY gets few large writes. */
export async function* batchLines(
  lines: AsyncIterable<string> | Iterable<string>,
  size = 1 << 20,
): AsyncGenerator<string> {
  let buf = "";
  for await (const line of lines) {
    buf += line;
    if (buf.length >= size) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
