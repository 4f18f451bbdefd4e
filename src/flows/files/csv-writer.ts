/**
 * Writes `;`-separated CSV the way MyPay's files are read back: a field is quoted only when it holds the
 * delimiter, a quote or a line break (quotes doubled inside). Lines end with CRLF (RFC 4180; Excel and
 * MyPay's readers both accept it).
 */
const NEEDS_QUOTES = /[;"\r\n]/;

export const csvField = (value: string): string => (NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(';');

export const CSV_EOL = '\r\n';

export const csvDocument = (header: readonly string[], rows: Iterable<readonly string[]>): string => {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join(CSV_EOL) + CSV_EOL;
};
