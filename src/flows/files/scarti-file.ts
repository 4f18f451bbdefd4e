import { type RowRejection } from '../domain/flow-row';
import { csvDocument } from './csv-writer';

/**
 * `<flow>_SCARTI.csv`: what was not loaded and why. Column names are MyPay's (its batch writes
 * num_riga_flusso;cod_rifiuto;de_rifiuto to its error log, and the scarti file carries IUD, cod_rifiuto,
 * de_rifiuto), so a gestionale that reads MyPay's scarti by column name reads ours.
 *
 * Default layout: one line per problem (a row with three problems gives three lines), in row order:
 *   num_riga_flusso;IUD;cod_rifiuto;de_rifiuto
 * num_riga_flusso is the LINE of the uploaded CSV (header = line 1), so the ente can open the file at it.
 *
 * MyPay layout (scartiCsvMyPay): MyPay writes each rejected row back as it was, followed by cod_rifiuto and
 * de_rifiuto ('|'-joined when there are several), under the original header: the ente fixes the rows, drops
 * the last two columns and uploads them again. Offered for gestionali that parse that exact layout.
 */
export const SCARTI_HEADER = ['num_riga_flusso', 'IUD', 'cod_rifiuto', 'de_rifiuto'] as const;

const byRow = (rejections: readonly RowRejection[]): RowRejection[] => [...rejections].sort((a, b) => a.rowNumber - b.rowNumber);

export function scartiCsv(rejections: readonly RowRejection[]): string {
  const lines: string[][] = [];
  for (const r of byRow(rejections)) {
    for (const p of r.problems) lines.push([String(r.rowNumber), r.iud ?? '', p.code, p.message]);
  }
  return csvDocument(SCARTI_HEADER, lines);
}

export function scartiCsvMyPay(header: readonly string[], rejections: readonly RowRejection[]): string {
  return csvDocument(
    [...header, 'cod_rifiuto', 'de_rifiuto'],
    byRow(rejections).map((r) => [...r.fields, r.problems.map((p) => p.code).join('|'), r.problems.map((p) => p.message).join('|')]),
  );
}
