// CSV (RFC 4180) for the runs export. Every cell is quoted, so a spreadsheet that splits on
// another separator (`;` in many locales, tabs) still reads each field as one cell; and text a
// spreadsheet would run as a formula is defused with a leading quote mark, at the start of the
// cell and after any separator inside it (a tag `x;=1+1` must not become a cell `=1+1` where
// quotes are not honoured), since run names, tags and configs are free text (OWASP "CSV
// injection"). Numbers stay numbers: a spreadsheet parses a quoted number as a number.

/** What starts a formula: =, +, -, @, and tab or CR (which some spreadsheets skip first). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A separator some spreadsheet may split on, followed by a formula start. */
const FORMULA_AFTER_SEPARATOR = /([,;|\t])([=+\-@])/g;

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  if (typeof value === 'number') return quoted(Number.isFinite(value) ? String(value) : '');
  const inner = value.replace(FORMULA_AFTER_SEPARATOR, "$1'$2");
  return quoted(FORMULA_START.test(inner) ? `'${inner}` : inner);
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
