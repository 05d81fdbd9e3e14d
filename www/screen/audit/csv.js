// CSV text for spreadsheets: RFC 4180 (every cell quoted, quotes doubled, CRLF line ends), UTF-8
// with a byte order mark so Excel reads the encoding, and formula injection neutralised.

/** A cell starting with one of these is run as a formula by spreadsheet programs. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell. A value that begins with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe,
 * so a spreadsheet shows it as text instead of evaluating it (a key name is user input).
 */
export function csvCell(value) {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** The whole file: BOM, the header row, then one row per entry of `rows` (arrays of cells). */
export function toCsv(header, rows) {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
