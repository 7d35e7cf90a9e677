// Text cells shared by the CLI's tables and the exports. csvCell: one CSV cell (RFC 4180); text that a spreadsheet
// would run as a formula gets a leading apostrophe (OWASP CSV injection); numbers are written as they are, so a
// negative amount stays a number.
export function csvCell(value: string | number, isText = false): string {
  let s = String(value);
  if (isText && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Width of a string on a terminal or in a spreadsheet column: CJK characters take two cells. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}
