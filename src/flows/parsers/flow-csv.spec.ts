import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { readFlowZip, openFlowZip } from '../files/flow-zip';
import { readFlowCsv } from './flow-csv';

/** Own fixtures, one per tracciato version: test/fixtures/flows/<codIpa>-<IUF>-<versione>.csv */
const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'flows');
const fixtureZip = (csvName: string) => {
  const zipName = csvName.replace(/\.csv$/, '.zip');
  return { zipName, zip: zipSync({ [csvName]: fs.readFileSync(path.join(FIXTURES, csvName)) }) };
};
const read = (csvName: string) => {
  const { zip, zipName } = fixtureZip(csvName);
  return readFlowZip(zip, zipName, { codIpa: 'C_X000', segregationCode: '01' });
};

describe('reading a flow ZIP of each tracciato version (own fixtures)', () => {
  it('1_0: quoted names with ";", doubled quotes, a blank line, lower-case identifiers; line numbers as in the file', () => {
    const { flow, rows, rejections, stats } = read('C_X000-FIXTURE_10-1_0.csv');
    expect(flow).toMatchObject({ codIpa: 'C_X000', iuf: 'FIXTURE_10', versione: '1_0' });
    expect(rejections).toEqual([]);
    expect(rows.map((r) => [r.rowNumber, r.iud, r.azione, r.importo])).toEqual([
      [2, 'IUD-10-001', 'I', 14792],
      [3, 'IUD-10-002', 'M', 100000],
      [5, 'IUD-10-003', 'A', 50],
    ]);
    expect(rows[0]!.iuv).toBe('01000000000000144');
    expect(rows[1]!.payer).toMatchObject({ tipoIdentificativoUnivoco: 'G', codiceIdentificativoUnivoco: '80002200279', anagrafica: 'Acme; S.r.l.' });
    expect(rows[1]!.causale).toBe('Saldo "TARI" 2025');
    expect(rows[1]!.commissioneCaricoPa).toBe(0);
    expect(rows[2]!.payer.codiceIdentificativoUnivoco).toBe('BNCGLI90A41L736E');
    expect(rows[2]!.tipoVersamento).toBe('PO|CP');
    expect(stats).toMatchObject({ rowsRead: 3, accepted: 3, rejected: 0, emptyLines: 1, warnings: [] });
    expect(stats.header[12]).toBe('dataEsecuzionePagamento');
  });

  it('1_1: a causale longer than 140 characters is accepted', () => {
    const { rows, rejections } = read('C_X000-FIXTURE_11-1_1.csv');
    expect(rejections).toEqual([]);
    expect(rows[0]!.causale.length).toBeGreaterThan(140);
    expect(rows[1]!.payer.email).toBe('luca.verdi@example.it');
  });

  it('1_2 (LF line endings): bilancio split over two accertamenti, and an empty due date', () => {
    const { rows, rejections } = read('C_X000-FIXTURE_12-1_2.csv');
    expect(rejections).toEqual([]);
    expect(rows[0]!.bilancio!.capitoli[0]!.accertamenti.map((a) => a.importo)).toEqual([10000, 4792]);
    expect(rows[1]!.dataScadenza).toBeUndefined();
    expect(rows[1]!.bilancio).toBeUndefined();
  });

  it('1_3: flgGeneraIuv true/FALSE/empty, and a causale with a line break that makes the next row start two lines later', () => {
    const { rows, rejections } = read('C_X000-FIXTURE_13-1_3.csv');
    expect(rejections).toEqual([]);
    expect(rows.map((r) => [r.rowNumber, r.flagGeneraIuv, r.iuv])).toEqual([
      [2, true, undefined],
      [3, false, undefined],
      [5, false, '01000000000000447'],
    ]);
    expect(rows[1]!.causale).toBe('Verbale 124\r\nseconda riga');
  });

  it('1_4 (UTF-8 with BOM): a multi-beneficiary row and a single-beneficiary one', () => {
    const { rows, rejections, stats } = read('C_X000-FIXTURE_14-1_4.csv');
    expect(rejections).toEqual([]);
    expect(stats.header[0]).toBe('IUD');
    expect(rows[0]!.payer.anagrafica).toBe('ROSSI NICCOLÒ');
    expect(rows[0]!.secondario).toMatchObject({ codiceFiscale: '80002200279', iban: 'IT24U0306902117000000012345', importo: 740, provincia: 'VE' });
    expect(rows[1]!.secondario).toBeUndefined();
  });

  it('refuses the fixture uploaded for another ente before reading it', () => {
    const { zip, zipName } = fixtureZip('C_X000-FIXTURE_10-1_0.csv');
    expect(() => openFlowZip(zip, zipName, { codIpa: 'C_Y999' })).toThrow(expect.objectContaining({ code: 'FLOW_ENTE_MISMATCH' }));
  });

  it('refuses a ZIP whose CSV is named differently from the ZIP', () => {
    const { zip } = fixtureZip('C_X000-FIXTURE_10-1_0.csv');
    expect(() => openFlowZip(zip, 'C_X000-OTHER-1_0.zip')).toThrow(expect.objectContaining({ code: 'FLOW_CSV_MISSING' }));
  });
});

describe('reading a flow CSV', () => {
  const HEADER_1_0 = 'IUD;codIuv;tipoIdentificativoUnivoco;codiceIdentificativoUnivoco;anagraficaPagatore;indirizzoPagatore;civicoPagatore;capPagatore;localitaPagatore;provinciaPagatore;nazionePagatore;mailPagatore;dataScadenzaPagamento;importoDovuto;commissioneCaricoPa;tipoDovuto;tipoVersamento;causaleVersamento;datiSpecificiRiscossione;azione';
  const ok = (iud: string, extra = '') => `${iud};;F;RSSMRA85T10A562S;ROSSI MARIO;;;;;;;;2025-03-31;10.00;;TARI;ALL;TARI${extra};9/0101100IM/;I`;

  it('rejects a repeated IUD on its later rows, and a row with text after a closing quote', () => {
    const csv = [HEADER_1_0, ok('A'), ok('B'), ok('A'), `C;;F;RSSMRA85T10A562S;"ROSSI"MARIO;;;;;;;;2025-03-31;10.00;;TARI;ALL;TARI;9/0101100IM/;I`].join('\r\n');
    const { rows, rejections, stats } = readFlowCsv(csv, '1_0');
    expect(rows.map((r) => r.iud)).toEqual(['A', 'B']);
    expect(rejections.map((r) => [r.rowNumber, r.iud, r.problems.map((p) => p.code)])).toEqual([
      [4, 'A', ['IUD_DUPLICATED_IN_FLOW']],
      [5, 'C', ['CSV_TEXT_AFTER_QUOTE']],
    ]);
    expect(rejections[0]!.fields[0]).toBe('A');
    expect(stats).toMatchObject({ rowsRead: 4, accepted: 2, rejected: 2 });
  });

  it('a rejected first occurrence does not block a good later row with the same IUD (as MyPay)', () => {
    const bad = ok('A').replace('10.00', '10,00');
    const { rows, rejections } = readFlowCsv([HEADER_1_0, bad, ok('A')].join('\n'), '1_0');
    expect(rows.map((r) => r.rowNumber)).toEqual([3]);
    expect(rejections.map((r) => r.problems[0]!.code)).toEqual(['INVALID_AMOUNT']);
  });

  it('warns when the header does not match the version, and still reads the rows by position', () => {
    const { stats, rejections } = readFlowCsv([HEADER_1_0, ok('A')].join('\n'), '1_3');
    expect(stats.warnings).toEqual([expect.stringContaining('The header has 20 columns but version 1_3 has 22')]);
    expect(rejections[0]!.problems[0]!.code).toBe('COLUMN_COUNT');
  });

  it('warns when the first line, read as the header, looks like a dovuto', () => {
    const { rows, stats } = readFlowCsv([ok('A'), ok('B')].join('\n'), '1_0');
    expect(rows.map((r) => r.iud)).toEqual(['B']);
    expect(stats.warnings).toEqual([expect.stringContaining('Line 1 was read as the header but does not start with the column IUD')]);
  });

  it('warns about a header without rows, and refuses a file without even a header', () => {
    expect(readFlowCsv(`${HEADER_1_0}\r\n\r\n`, '1_0').stats).toMatchObject({ rowsRead: 0, emptyLines: 1, warnings: ['The CSV has a header but no rows: nothing to load'] });
    expect(() => readFlowCsv('\r\n  \r\n', '1_0')).toThrow(expect.objectContaining({ code: 'FLOW_CSV_EMPTY' }));
  });

  it('stops the flow on an unterminated quote, naming its line', () => {
    expect(() => readFlowCsv([HEADER_1_0, ok('A'), ok('B', ' "rata')].join('\r\n').replace('TARI "rata', '"TARI rata'), '1_0')).toThrow(
      expect.objectContaining({ code: 'CSV_UNTERMINATED_QUOTE', details: { line: 3 } }),
    );
  });

  it('reads UTF-8 bytes as well as text', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${HEADER_1_0}\r\n${ok('A').replace('ROSSI MARIO', 'ROSSI NICCOLÒ')}\r\n`);
    expect(readFlowCsv(bytes, '1_0').rows[0]!.payer.anagrafica).toBe('ROSSI NICCOLÒ');
  });
});
