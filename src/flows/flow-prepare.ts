import { DomainError } from '../kernel/errors';
import { columnCount } from './domain/flow-columns';
import { CsvTokenizer, decodeUtf8 } from './parsers/csv';
import { type FlowFileName, parseFlowZipName } from './files/flow-file-name';
import { extractFlowCsv } from './files/safe-unzip';

export interface PreparedFlow {
  flow: FlowFileName;
  /** The whole CSV, decoded. */
  text: string;
  /** Data rows (header and blank lines excluded). */
  rowsTotal: number;
}

/**
 * Every file-level check, BEFORE any row is applied: name (codIpa, IUF, version, ente), ZIP safety and CRC,
 * `<name>.csv` present, UTF-8, quoting that closes, a header with the version's column count. A file refused here
 * imports nothing, so a bad file can never leave half a flow behind. Costs one extra scan of the text.
 */
export function prepareFlow(zip: Uint8Array, fileName: string, codIpa: string): PreparedFlow {
  const flow = parseFlowZipName(fileName, codIpa);
  const csv = extractFlowCsv(zip, flow.csvName);
  const text = [...decodeUtf8([csv])].join('');
  // Counting needs no fields but the header's: the rows are split once, by the import itself.
  const tokenizer = new CsvTokenizer({ headerOnly: true });
  let header: string[] | undefined;
  let rows = 0;
  const count = (batch: ReturnType<CsvTokenizer['push']>) => {
    for (const r of batch) {
      if (!header) header = r.fields;
      else rows++;
    }
  };
  count(tokenizer.push(text));
  count(tokenizer.end());
  if (!header) throw new DomainError('FLOW_CSV_EMPTY', `"${flow.csvName}" is empty: it needs a header row and one row per dovuto`, 'invalid', 'file');
  const expected = columnCount(flow.versione);
  if (header.length !== expected) {
    throw new DomainError(
      'FLOW_HEADER_COLUMNS',
      `the header of "${flow.csvName}" has ${header.length} columns, but version ${flow.versione} has ${expected}: check the version in the file name and the ';' separators`,
      'invalid',
      'file',
      { expected, found: header.length, versione: flow.versione },
    );
  }
  return { flow, text, rowsTotal: rows };
}
