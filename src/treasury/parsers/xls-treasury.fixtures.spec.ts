import { DomainError } from '../../kernel/errors';
import { describeWithFixtures, fixture } from '../../../test/fixtures/reporting/support';
import { parseXlsTreasury } from './xls-treasury';

const d = describeWithFixtures('XLS treasury conformance on shared fixtures');

const xls = (n: number, name: string) => fixture('treasury', 'payhub-activities', 'xls', `IPA_TEST_${n}_XLS_${name}.xls`);

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

d('XLS treasury conformance on shared fixtures', () => {
  const ORDINANTE = 'FIDEURAM INTESA SANPAOLO PRIVATE BANKING SPA PIAZZA SAN';

  it('1 ALL_RECORDS_OK: 5 movements, Excel serial dates, cents, signs and the IUF of DESCRIZIONE ESTESA', () => {
    const result = parseXlsTreasury(xls(1, 'ALL_RECORDS_OK'));
    expect(result).toMatchObject({ format: 'xls', sheet: 'R_VENETO-20240508_BIS', headerRow: 1, rowsRead: 5, errors: [] });
    expect(result.movements.map((m) => [m.row, m.abi, m.cab, m.dataContabile, m.dataValuta, m.importo, m.segno, m.iuf])).toEqual([
      [2, '02008', '02017', '2024-07-21', '2024-07-21', 1234, '+', '2024-07-26PPAYITR1XXX-S2024072600'],
      [3, '02009', '02018', '2024-07-22', '2024-07-22', 1234, '+', '2024-07-26PPAYITR1XXX-S2024072601'],
      [4, '02010', '02019', '2024-07-23', '2024-07-23', 1234, '+', '2024-07-26PPAYITR1XXX-S2024072602'],
      [5, '02011', '02020', '2024-07-23', '2024-07-23', 1334, '+', '2024-07-26PPAYITR1XXX-S2024072603'],
      [6, '02012', '02021', '2024-07-23', '2024-07-23', 1434, '-', '2024-07-26PPAYITR1XXX-S2024072604'],
    ]);
    expect(result.movements.every((m) => m.conto === '000101059865' && m.ordinante === ORDINANTE && m.causaleKind === 'cumulative' && m.esercizio === 2024)).toBe(true);
    expect(new Set(result.movements.map((m) => m.key)).size).toBe(5);
  });

  it('2 WITH_ERRORS: the empty date, the text amount, the text date and the empty amount are row errors; the 2 good rows are kept', () => {
    const result = parseXlsTreasury(xls(2, 'WITH_ERRORS'));
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'DATA CONTABILE', 'TREASURY_MISSING_VALUE'],
      [3, 'IMPORTO', 'TREASURY_INVALID_AMOUNT'],
      [4, 'DATA VALUTA', 'TREASURY_INVALID_DATE'],
      [7, 'IMPORTO', 'TREASURY_MISSING_VALUE'],
    ]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'Row 2, column DATA CONTABILE: the date is empty',
      'Row 3, column IMPORTO: "amount" is not an amount',
      'Row 4, column DATA VALUTA: "data" is not a date (expected a date cell or DD/MM/YYYY)',
      'Row 7, column IMPORTO: the amount is empty',
    ]);
    // Row 5 has no DESCRIZIONE ESTESA: a valid movement whose causale names no flow.
    expect(result.movements.map((m) => [m.row, m.importo, m.segno, m.causaleKind])).toEqual([
      [5, 1334, '+', 'none'],
      [6, 1434, '-', 'cumulative'],
    ]);
    expect(result.rowsRead).toBe(6);
  });

  it('3 WITH_SWAPPED_HEADERS: columns found by name give exactly the movements of file 1', () => {
    expect(parseXlsTreasury(xls(3, 'WITH_SWAPPED_HEADERS')).movements).toEqual(parseXlsTreasury(xls(1, 'ALL_RECORDS_OK')).movements);
  });

  it('4 WITH_NO_HEADERS: refused as a file, saying what the first row holds', () => {
    const e = errorOf(() => parseXlsTreasury(xls(4, 'WITH_NO_HEADERS')));
    expect(e.code).toBe('XLS_NO_HEADER');
    expect(e.message).toContain('"EUR"');
  });

  it('5 EMPTY: refused with "no rows"', () => {
    const e = errorOf(() => parseXlsTreasury(xls(5, 'EMPTY')));
    expect(e.code).toBe('XLS_NO_ROWS');
    expect(e.message).toContain('no rows');
  });

  it('6 WITH_ONLY_HEADERS: zero rows, no error', () => {
    expect(parseXlsTreasury(xls(6, 'WITH_ONLY_HEADERS'))).toMatchObject({ movements: [], errors: [], rowsRead: 0 });
  });

  it('7 WITH_INCOMPLETE_ROW: the blank row is skipped, the row with empty trailing columns is read', () => {
    const result = parseXlsTreasury(xls(7, 'WITH_INCOMPLETE_ROW'));
    expect(result.errors).toEqual([]);
    expect(result.movements.map((m) => [m.row, m.importo, m.iuf])).toEqual([
      [2, 1234, '2024-07-26PPAYITR1XXX-S2024072600'],
      [4, 1234, '2024-07-26PPAYITR1XXX-S2024072602'],
    ]);
  });

  it('8 WITH_MISSING_COLUMN: refused as a file, naming ABI and CAB', () => {
    const e = errorOf(() => parseXlsTreasury(xls(8, 'WITH_MISSING_COLUMN')));
    expect(e.code).toBe('XLS_MISSING_COLUMNS');
    expect(e.details).toEqual({ missing: ['ABI', 'CAB'] });
    expect(e.message).toContain('ABI, CAB');
  });
});
