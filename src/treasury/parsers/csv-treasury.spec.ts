import { DomainError } from '../../kernel/errors';
import { CSV_MAX_BYTES, CSV_MAX_ROWS, CsvTreasuryOptions, parseCsvTreasury } from './csv-treasury';

const options: CsvTreasuryOptions = {
  mapping: { dataContabile: 1, dataValuta: 2, importo: 3, segno: 4, causale: 5, conto: 6, ordinante: 7, numeroBolletta: 8 },
  dateFormat: 'DD/MM/YYYY',
};

const HEADER = 'Data contabile;Data valuta;Importo;Segno;Causale;Conto;Ordinante;Bolletta';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('parseCsvTreasury', () => {
  it('reads ;-separated rows with a header, quotes, CRLF and a BOM into movements', () => {
    const csv =
      '\uFEFF' +
      [
        HEADER,
        '26/07/2024;27/07/2024;1.234,56;+;"/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600 ; SEC";0000005;"PAYPAL ""EU""";74056',
        '26/07/2024;26/07/2024;147,92;C;/RFB/01000000000000144/147.92;0000005;UNICREDIT;74057',
      ].join('\r\n') +
      '\r\n';
    const result = parseCsvTreasury(csv, options);
    expect(result).toMatchObject({ separator: ';', encoding: 'utf-8', headerSkipped: true, rowsRead: 2, errors: [] });
    expect(result.movements).toEqual([
      {
        source: 'CSV',
        key: 'CSV::0000005:2024:74056',
        esercizio: 2024,
        numeroBolletta: '74056',
        dataContabile: '2024-07-26',
        dataValuta: '2024-07-27',
        importo: 123456,
        segno: '+',
        conto: '0000005',
        ordinante: 'PAYPAL "EU"',
        causale: '/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072600 ; SEC',
        iuf: '2024-07-26PPAYITR1XXX-S2024072600',
        causaleKind: 'cumulative',
        row: 2,
      },
      expect.objectContaining({ key: 'CSV::0000005:2024:74057', importo: 14792, segno: '+', iuv: '01000000000000144', causaleKind: 'punctual', row: 3 }),
    ]);
  });

  it('detects a ,-separated file with dot decimals and takes the sign from the amount when no sign column is mapped', () => {
    const csv = ['2024-07-26,2024-07-26,12.50,"/RFB/01000000000000144/12.50"', '2024-07-26,2024-07-27,-3.00,"STORNO, RIMBORSO"'].join('\n');
    const result = parseCsvTreasury(csv, { mapping: { dataContabile: 1, dataValuta: 2, importo: 3, causale: 4 }, dateFormat: 'YYYY-MM-DD' });
    expect(result).toMatchObject({ separator: ',', headerSkipped: false, errors: [] });
    expect(result.movements.map((m) => [m.segno, m.importo, m.causale])).toEqual([
      ['+', 1250, '/RFB/01000000000000144/12.50'],
      ['-', 300, 'STORNO, RIMBORSO'],
    ]);
  });

  it('joins a causale split over several columns', () => {
    const csv = '26/07/2024;26/07/2024;10,00;/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYIT;R1XXX-S2024072600';
    const [m] = parseCsvTreasury(csv, { mapping: { dataContabile: 1, dataValuta: 2, importo: 3, causale: [4, 5] }, dateFormat: 'DD/MM/YYYY' }).movements;
    expect(m.iuf).toBe('2024-07-26PPAYITR1XXX-S2024072600');
  });

  it('reads a Windows-1252 file, as Italian banks often export', () => {
    const bytes = Buffer.from('26/07/2024;26/07/2024;10,00;+;RIMBORSO SPESE CITT\xC0;0000005;NICCOL\xD2;1\n', 'latin1');
    const result = parseCsvTreasury(bytes, options);
    expect(result.encoding).toBe('windows-1252');
    expect([result.movements[0].causale, result.movements[0].ordinante]).toEqual(['RIMBORSO SPESE CITTÀ', 'NICCOLÒ']);
  });

  it('reports bad rows with their line and column and keeps the good ones', () => {
    const csv = [
      HEADER,
      '26/07/2024;26/07/2024;10,00;+;OK;0000005;A;1',
      '31/02/2024;26/07/2024;10,00;+;BAD DATE;0000005;A;2',
      '26/07/2024;26/07/2024;dieci;+;BAD AMOUNT;0000005;A;3',
      '26/07/2024;26/07/2024;10,00;?;BAD SIGN;0000005;A;4',
      '26/07/2024;26/07/2024;0,00;+;ZERO;0000005;A;5',
      '26/07/2024;26/07/2024',
      '26/07/2024;26/07/2024;1.234;+;AMBIGUOUS;0000005;A;6',
    ].join('\n');
    const result = parseCsvTreasury(csv, options);
    expect(result.movements.map((m) => m.row)).toEqual([2]);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '1 (dataContabile)', 'CSV_INVALID_DATE'],
      [4, '3 (importo)', 'CSV_INVALID_AMOUNT'],
      [5, '4 (segno)', 'CSV_INVALID_SIGN'],
      [6, '3 (importo)', 'TREASURY_ZERO_AMOUNT'],
      [7, '3 (importo)', 'CSV_COLUMN_MISSING'],
      [7, '4 (segno)', 'CSV_COLUMN_MISSING'],
      [7, '5 (causale)', 'CSV_COLUMN_MISSING'],
      [7, '6 (conto)', 'CSV_COLUMN_MISSING'],
      [7, '7 (ordinante)', 'CSV_COLUMN_MISSING'],
      [7, '8 (numeroBolletta)', 'CSV_COLUMN_MISSING'],
      [8, '3 (importo)', 'CSV_INVALID_AMOUNT'],
    ]);
    expect(result.errors[0].message).toBe('Row 3, column 1 (dataContabile): "31/02/2024" is not a date in the format DD/MM/YYYY');
    expect(result.errors[1].message).toBe('Row 4, column 3 (importo): "dieci" is not an amount');
    expect(result.errors[4].message).toBe('Row 7, column 3 (importo): the row has only 2 columns');
    expect(result.errors.at(-1)!.message).toContain('ambiguous');
  });

  it('counts rows by the line where they start, a quoted line break included', () => {
    const csv = [HEADER, '26/07/2024;26/07/2024;10,00;+;"RIGA\nSPEZZATA";0000005;A;1', '26/07/2024;26/07/2024;x;+;DOPO;0000005;A;2'].join('\n');
    const result = parseCsvTreasury(csv, options);
    expect(result.movements.map((m) => [m.row, m.causale])).toEqual([[2, 'RIGA\nSPEZZATA']]);
    expect(result.errors.map((e) => e.row)).toEqual([4]);
  });

  it('says once that the mapping looks wrong when every row fails on a mapped column', () => {
    const csv = [HEADER, '26/07/2024;27/07/2024;10,00;+;A;0000005;X;1', '26/07/2024;27/07/2024;11,00;+;B;0000005;Y;2'].join('\n');
    // Amount and causale swapped by the operator.
    const e = errorOf(() => parseCsvTreasury(csv, { ...options, mapping: { ...options.mapping, importo: 5, causale: 3 }, header: true }));
    expect(e.code).toBe('CSV_MAPPING_LOOKS_WRONG');
    expect(e.message).toContain('mapping looks wrong');
    expect(e.message).toContain('Row 2, column 5 (importo)');
  });

  it('says the mapping looks wrong when the date format does not match any row', () => {
    const csv = ['2024-07-26;2024-07-26;10,00;+;A', '2024-07-27;2024-07-27;11,00;+;B'].join('\n');
    expect(errorOf(() => parseCsvTreasury(csv, { mapping: { dataContabile: 1, dataValuta: 2, importo: 3, segno: 4, causale: 5 }, dateFormat: 'DD/MM/YYYY', header: false })).code).toBe(
      'CSV_MAPPING_LOOKS_WRONG',
    );
  });

  it('keys rows without a bolletta by their content, repeats getting "#2"', () => {
    const line = '26/07/2024;26/07/2024;10,00;+;SAME';
    const mapping = { dataContabile: 1, dataValuta: 2, importo: 3, segno: 4, causale: 5 };
    const keys = parseCsvTreasury([line, line].join('\n'), { mapping, dateFormat: 'DD/MM/YYYY' }).movements.map((m) => m.key);
    expect(keys[0]).toMatch(/^CSV:::2024-07-26:2024-07-26:\+1000:[0-9a-f]{16}$/);
    expect(keys[1]).toBe(`${keys[0]}#2`);
  });

  it.each([
    ['a column 0', { ...options.mapping, importo: 0 }, 'importo'],
    ['a fractional column', { ...options.mapping, segno: 1.5 }, 'segno'],
    ['no causale column', { ...options.mapping, causale: undefined }, 'causale'],
  ])('refuses a mapping with %s before reading', (_label, mapping, field) => {
    const e = errorOf(() => parseCsvTreasury('x', { ...options, mapping: mapping as never }));
    expect([e.code, e.field]).toEqual(['CSV_INVALID_MAPPING', field]);
  });

  it('refuses an empty file and a file above the size limit', () => {
    expect(errorOf(() => parseCsvTreasury('\n\n', options)).code).toBe('CSV_NO_ROWS');
    expect(errorOf(() => parseCsvTreasury(Buffer.alloc(CSV_MAX_BYTES + 1, 0x41), options)).code).toBe('CSV_TOO_LARGE');
  });

  it(`refuses a file of more than ${CSV_MAX_ROWS} rows`, () => {
    const e = errorOf(() => parseCsvTreasury(`${HEADER}\n${'26/07/2024;26/07/2024;1,00;+;X\n'.repeat(CSV_MAX_ROWS + 1)}`, options));
    expect([e.code, e.kind]).toEqual(['CSV_TOO_MANY_ROWS', 'too_large']);
  });

  it('a header alone is a file with zero rows', () => {
    expect(parseCsvTreasury(HEADER, options)).toMatchObject({ movements: [], errors: [], rowsRead: 0, headerSkipped: true });
  });
});
