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
