import { invalid } from '../../kernel/errors';
import { IudTracker } from '../domain/flow-checks';
import { columnCount } from '../domain/flow-columns';
import { type FlowRow, type RowRejection } from '../domain/flow-row';
import { type FlowVersion } from '../domain/flow-version';
import { CsvTokenizer, decodeUtf8 } from './csv';
import { type FlowRowOptions, type FlowRowResult, parseFlowRow } from './flow-row';

/**
 * Reads a whole MyPay flow CSV: the first non-blank row is the header (informative: columns are positional),
 * each following row becomes a FlowRow or a RowRejection, and an IUD repeated inside the flow rejects the later
 * rows. Streaming: results come out one at a time, in file order, so 100,000 rows need not sit in memory.
 */
export interface FlowReadStats {
  header: string[];
  /** Data rows read (header and blank lines excluded) = accepted + rejected. */
  rowsRead: number;
  accepted: number;
  rejected: number;
  emptyLines: number;
  /** Things an operator should know that do not stop the import (header of another version, no rows). */
  warnings: string[];
}

const PUSH_SLICE = 1 << 20;

export function* readFlowRows(textChunks: Iterable<string>, version: FlowVersion, options: FlowRowOptions = {}): Generator<FlowRowResult, FlowReadStats, undefined> {
  const tokenizer = new CsvTokenizer();
  const tracker = new IudTracker();
  const stats: FlowReadStats = { header: [], rowsRead: 0, accepted: 0, rejected: 0, emptyLines: 0, warnings: [] };
  let headerSeen = false;

  function* handle(rows: ReturnType<CsvTokenizer['push']>): Generator<FlowRowResult, void, undefined> {
    for (const csvRow of rows) {
      if (!headerSeen) {
        headerSeen = true;
        stats.header = csvRow.fields.map((f) => f.trim());
        const expected = columnCount(version);
        if (stats.header[0]?.toUpperCase() !== 'IUD') {
          stats.warnings.push(
            `Line ${csvRow.line} was read as the header but does not start with the column IUD: if the file has no header, its first dovuto was skipped`,
          );
        }
        if (csvRow.fields.length !== expected) {
          stats.warnings.push(
            `The header has ${csvRow.fields.length} columns but version ${version} has ${expected}: if every row is rejected for its column count, the version in the file name is probably wrong`,
          );
        }
        continue;
      }
      stats.rowsRead++;
      let result = parseFlowRow(csvRow.fields, csvRow.line, version, options);
      if (csvRow.problem) {
        const problem = { field: 'row', code: csvRow.problem.code, message: csvRow.problem.message };
        result = result.ok
          ? { ok: false, rejection: { rowNumber: csvRow.line, iud: result.row.iud, problems: [problem], fields: csvRow.fields } }
          : { ok: false, rejection: { ...result.rejection, problems: [problem, ...result.rejection.problems] } };
      }
      if (result.ok) {
        const duplicate = tracker.check(result.row, csvRow.fields);
        if (duplicate) result = { ok: false, rejection: duplicate };
      }
      if (result.ok) stats.accepted++;
      else stats.rejected++;
      yield result;
    }
  }

  for (const chunk of textChunks) {
    // A whole file passed as one string is fed in slices, so the rows of one push stay few.
    for (let p = 0; p < chunk.length; p += PUSH_SLICE) yield* handle(tokenizer.push(chunk.length <= PUSH_SLICE ? chunk : chunk.slice(p, p + PUSH_SLICE)));
  }
  yield* handle(tokenizer.end());
  stats.emptyLines = tokenizer.emptyLines;
  if (!headerSeen) throw invalid('FLOW_CSV_EMPTY', 'file', 'The CSV is empty: it needs a header row and one row per dovuto');
  if (stats.rowsRead === 0) stats.warnings.push('The CSV has a header but no rows: nothing to load');
  return stats;
}

/** Same, from UTF-8 byte chunks (the inflated ZIP entry). */
export const readFlowRowsFromBytes = (byteChunks: Iterable<Uint8Array>, version: FlowVersion, options?: FlowRowOptions) =>
  readFlowRows(decodeUtf8(byteChunks), version, options);

export interface FlowReadResult {
  rows: FlowRow[];
  rejections: RowRejection[];
  stats: FlowReadStats;
}

/** Collects everything: for tests and for flows small enough to hold. */
export function collectFlowRows(results: Generator<FlowRowResult, FlowReadStats, undefined>): FlowReadResult {
  const rows: FlowRow[] = [];
  const rejections: RowRejection[] = [];
  for (;;) {
    const next = results.next();
    if (next.done) return { rows, rejections, stats: next.value };
    if (next.value.ok) rows.push(next.value.row);
    else rejections.push(next.value.rejection);
  }
}

export const readFlowCsv = (csv: string | Uint8Array, version: FlowVersion, options?: FlowRowOptions): FlowReadResult =>
  collectFlowRows(typeof csv === 'string' ? readFlowRows([csv], version, options) : readFlowRowsFromBytes([csv], version, options));
