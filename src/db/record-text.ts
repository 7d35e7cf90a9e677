// PostgreSQL's text form of a row value, `(1,abc,,"a ""b"", c",t)`, read back into its fields: for PGlite, which
// gives a query's result to JavaScript through its wire protocol, parsed field by field; one text per row is read
// several times faster, and PostgreSQL writes it faster than the same row as JSON (see viewBatches).

/**
 * The fields of one row's text, as strings, null for NULL. PostgreSQL writes a field bare unless it is empty or
 * holds a quote, a backslash, a parenthesis, a comma or white space; then it is quoted, with `""` and `\\` inside.
 */
export function recordFields(text: string, expected: number): (string | null)[] {
  if (text.charCodeAt(0) !== 40 || text.charCodeAt(text.length - 1) !== 41) {
    throw new Error(`not a row value: ${text.slice(0, 40)}`);
  }
  const fields: (string | null)[] = new Array(expected);
  let n = 0;
  let i = 1;
  const end = text.length - 1;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // Quoted: up to the quote not doubled.
      let value = "";
      let from = i + 1;
      for (let j = from; ; j++) {
        if (j >= end) throw new Error(`unterminated quoted field in: ${text.slice(0, 40)}`);
        const c = text.charCodeAt(j);
        if (c === 92) {
          value += text.slice(from, j) + text[j + 1];
          j++;
          from = j + 1;
        } else if (c === 34) {
          if (text.charCodeAt(j + 1) === 34) {
            value += `${text.slice(from, j)}"`;
            j++;
            from = j + 1;
          } else {
            value += text.slice(from, j);
            i = j + 1;
            break;
          }
        }
      }
      fields[n++] = value;
    } else {
      let j = text.indexOf(",", i);
      if (j === -1 || j > end) j = end;
      fields[n++] = j === i ? null : text.slice(i, j);
      i = j;
    }
    if (i >= end) break;
    if (text.charCodeAt(i) !== 44) throw new Error(`expected a comma at ${i} in: ${text.slice(0, 40)}`);
    i++;
    if (i === end) {
      fields[n++] = null; // a last field that is NULL
      break;
    }
  }
  if (n !== expected) throw new Error(`a row of ${n} fields where ${expected} were expected`);
  return fields;
}

// Type OIDs (pg_type) of what a row may hold, and how each is read as the drivers read it.
const BOOL = 16;
const INT2 = 21;
const INT4 = 23;
const FLOAT4 = 700;
const FLOAT8 = 701;
const JSON_OID = 114;
const JSONB = 3802;
const TIMESTAMPTZ = 1184;
/** Kept as text, as both drivers are told to (connect.ts): text, char, varchar, date, int8, numeric. */
const AS_TEXT = new Set([25, 1042, 1043, 1082, 20, 1700]);

/** Reads a field's text as the drivers read that type; an unknown type is an error, not a silent string. */
export function fieldReader(type: number): (text: string) => unknown {
  if (AS_TEXT.has(type)) return (t) => t;
  switch (type) {
    case BOOL:
      return (t) => t === "t";
    case INT2:
    case INT4:
    case FLOAT4:
    case FLOAT8:
      return Number;
    case JSON_OID:
    case JSONB:
      return (t) => JSON.parse(t);
    case TIMESTAMPTZ:
      // PostgreSQL writes "2025-03-12 01:00:00+00" (ISO with a space, offset hours): a Date, as pg gives.
      return (t) => new Date(t.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
    default:
      throw new Error(`no reader for a column of type ${type} in a row value`);
  }
}
