import * as XLSX from '@e965/xlsx';
import { DomainError } from '../../kernel/errors';
import { XLS_COLUMNS, XLS_MAX_BYTES, XLS_MAX_ROWS, parseXlsTreasury } from './xls-treasury';

type Cell = string | number | null;

/** Writes rows into an in-memory workbook, as a bank export would be. */
function workbook(rows: Cell[][], bookType: 'xlsx' | 'biff8' = 'xlsx'): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'MOVIMENTI');
  return XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
}

const HEADER = [...XLS_COLUMNS] as string[];
const IUF_TEXT = 'Descrizione Ordinante: PAYPAL EUROPE   S.A.R.L. :BI2:PPAYLULL :RI3:/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600 :SEC:CASH';

/** A row in the order of XLS_COLUMNS. */
const row = (over: Partial<Record<(typeof XLS_COLUMNS)[number], Cell>> = {}): Cell[] => {
  const base: Record<string, Cell> = {
    ABI: '03069',
    CAB: '12345',
    CONTO: '000101059865',
    DIVISA: 'EUR',
    'DATA CONTABILE': 45499, // 2024-07-26
    'DATA VALUTA': 45500,
    IMPORTO: 12.34,
    SEGNO: '+',
    CAUSALE: '48BO',
    'NUM. ASSEGNO': '',
    'RIF. BANCA': 'RB1',
    'RIF. CLIENTE': '',
    DESCRIZIONE: 'Data Ordine: 26/07/2024',
    'DESCRIZIONE ESTESA': IUF_TEXT,
    ...over,
  };
  return HEADER.map((h) => base[h]);
};

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('parseXlsTreasury', () => {
  it('reads a row into a movement: serial dates, cents, sign, padded ABI, IUF and ordinante from DESCRIZIONE ESTESA', () => {
    const result = parseXlsTreasury(workbook([HEADER, row()]));
    expect(result).toMatchObject({ format: 'xlsx', sheet: 'MOVIMENTI', headerRow: 1, rowsRead: 1, errors: [] });
    expect(result.movements).toEqual([
      {
        source: 'XLS',
        key: expect.stringMatching(/^XLS:03069:12345:000101059865:2024-07-26:2024-07-27:\+1234:RB1:[0-9a-f]{16}$/),
        esercizio: 2024,
        dataContabile: '2024-07-26',
        dataValuta: '2024-07-27',
        importo: 1234,
        segno: '+',
        conto: '000101059865',
        abi: '03069',
        cab: '12345',
        ordinante: 'PAYPAL EUROPE S.A.R.L.',
        causale: `48BO | Data Ordine: 26/07/2024 | ${IUF_TEXT}`,
        causaleKind: 'cumulative',
        iuf: '2024-07-26PPAYITR1XXX-S2024072600',
        row: 2,
      },
    ]);
  });

  it('finds columns by name whatever their order, case, dots or underscores', () => {
    const names = ['descrizione estesa', 'Data_Contabile', 'DATA.VALUTA', 'Importo', 'segno', 'Causale', 'Descrizione', 'Conto', 'cab', 'abi'];
    const cells: Cell[] = [IUF_TEXT, '26/07/2024', '2024-07-27', '1.234,56', 'C', '48BO', '', '000101059865', '12345', 3069];
    const [m] = parseXlsTreasury(workbook([names, cells])).movements;
    expect([m.dataContabile, m.dataValuta, m.importo, m.segno, m.abi, m.iuf]).toEqual(['2024-07-26', '2024-07-27', 123456, '+', '03069', '2024-07-26PPAYITR1XXX-S2024072600']);
  });

  it('reads the signs +, -, C, D, a negative amount without sign, and amounts written as text', () => {
    const result = parseXlsTreasury(
      workbook([HEADER, row({ SEGNO: '-' }), row({ SEGNO: 'D', IMPORTO: '7,50' }), row({ SEGNO: '', IMPORTO: -3 }), row({ SEGNO: 'c', IMPORTO: '1234.5' })]),
    );
    expect(result.errors).toEqual([]);
    expect(result.movements.map((m) => [m.segno, m.importo])).toEqual([
      ['-', 1234],
      ['-', 750],
      ['-', 300],
      ['+', 123450],
    ]);
  });

  it('reports each bad row with its row number and column, and still returns the good rows', () => {
    const result = parseXlsTreasury(
      workbook([
        HEADER,
        row({ 'DATA CONTABILE': null }),
        row({ IMPORTO: 'amount' }),
        row(),
        row({ 'DATA VALUTA': '31/02/2024' }),
        row({ IMPORTO: 12.345 }),
        row({ SEGNO: 'X' }),
        row({ DIVISA: 'USD' }),
        row({ IMPORTO: 0 }),
        row({ ABI: 'BANCA' }),
      ]),
    );
    expect(result.movements.map((m) => m.row)).toEqual([4]);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'DATA CONTABILE', 'TREASURY_MISSING_VALUE'],
      [3, 'IMPORTO', 'TREASURY_INVALID_AMOUNT'],
      [5, 'DATA VALUTA', 'TREASURY_INVALID_DATE'],
      [6, 'IMPORTO', 'TREASURY_INVALID_AMOUNT'],
      [7, 'SEGNO', 'TREASURY_INVALID_SIGN'],
      [8, 'DIVISA', 'TREASURY_NOT_EURO'],
      [9, 'IMPORTO', 'TREASURY_ZERO_AMOUNT'],
      [10, 'ABI', 'TREASURY_INVALID_VALUE'],
    ]);
    expect(result.errors[1].message).toBe('Row 3, column IMPORTO: "amount" is not an amount');
    expect(result.rowsRead).toBe(9);
  });

  it('skips blank rows, finds a header below a title row, and numbers rows as the sheet shows them', () => {
    const result = parseXlsTreasury(workbook([['ESTRATTO CONTO TESORERIA'], [], HEADER, row(), [], row({ IMPORTO: 1 })]));
    expect(result.headerRow).toBe(3);
    expect(result.movements.map((m) => m.row)).toEqual([4, 6]);
    expect(result.rowsRead).toBe(2);
  });

  it('gives identical rows distinct, stable keys', () => {
    const bytes = workbook([HEADER, row(), row()]);
    const keys = parseXlsTreasury(bytes).movements.map((m) => m.key);
    expect(keys[1]).toBe(`${keys[0]}#2`);
    expect(parseXlsTreasury(bytes).movements.map((m) => m.key)).toEqual(keys);
  });

  it('reads the old binary .xls format too', () => {
    const result = parseXlsTreasury(workbook([HEADER, row()], 'biff8'));
    expect(result.format).toBe('xls');
    expect(result.movements[0].iuf).toBe('2024-07-26PPAYITR1XXX-S2024072600');
  });

  describe('file-level errors', () => {
    it('missing columns are all named', () => {
      const header = HEADER.filter((h) => h !== 'ABI' && h !== 'SEGNO');
      const e = errorOf(() => parseXlsTreasury(workbook([header, row().slice(0, header.length)])));
      expect(e.code).toBe('XLS_MISSING_COLUMNS');
      expect(e.details).toEqual({ missing: ['ABI', 'SEGNO'] });
      expect(e.message).toContain('no column ABI, SEGNO');
    });

    it('a sheet of data without a header row', () => {
      expect(errorOf(() => parseXlsTreasury(workbook([row(), row()]))).code).toBe('XLS_NO_HEADER');
    });

    it('an empty sheet', () => {
      const e = errorOf(() => parseXlsTreasury(workbook([])));
      expect(e.code).toBe('XLS_NO_ROWS');
      expect(e.message).toContain('no rows');
    });

    it('a header and nothing else is a file with zero rows, not an error', () => {
      expect(parseXlsTreasury(workbook([HEADER]))).toMatchObject({ movements: [], errors: [], rowsRead: 0 });
    });

    it('a file that is not a spreadsheet (here a CSV)', () => {
      expect(errorOf(() => parseXlsTreasury(Buffer.from('ABI;CAB\n03069;12345\n'))).code).toBe('XLS_NOT_A_SPREADSHEET');
    });

    it('a sheet reaching beyond the row limit, instead of importing part of it', () => {
      const wb = XLSX.utils.book_new();
      const ws = XLSX.utils.aoa_to_sheet([HEADER, row()]);
      ws[`A${XLS_MAX_ROWS + 50}`] = { t: 's', v: 'late row' };
      ws['!ref'] = `A1:N${XLS_MAX_ROWS + 50}`;
      XLSX.utils.book_append_sheet(wb, ws, 'MOVIMENTI');
      const e = errorOf(() => parseXlsTreasury(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer));
      expect([e.code, e.kind]).toEqual(['XLS_TOO_MANY_ROWS', 'too_large']);
    });

    it('a file above the size limit', () => {
      expect(errorOf(() => parseXlsTreasury(Buffer.alloc(XLS_MAX_BYTES + 1))).code).toBe('XLS_TOO_LARGE');
    });
  });
});
