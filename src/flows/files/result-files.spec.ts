import { unzipSync } from 'fflate';
import { parseCsv } from '../parsers/csv';
import { readFlowCsv } from '../parsers/flow-csv';
import { flowHeader } from '../domain/flow-columns';
import { iuvCsv, iuvCsvMyPay } from './iuv-file';
import { scartiCsv, scartiCsvMyPay } from './scarti-file';
import { zipTextFile } from './zip-file';

const HEADER = flowHeader('1_0');
const row = (iud: string, importo = '10.00', anagrafica = 'ROSSI MARIO') =>
  `${iud};;F;RSSMRA85T10A562S;${anagrafica};;;;;;;;2025-03-31;${importo};;TARI;ALL;TARI;9/0101100IM/;I`;

/** A flow with a good row, a row with two problems, a duplicate, and a name that needs quoting. */
const flow = readFlowCsv([HEADER, row('A'), row('B', '1,50').replace(';I', ';X'), row('A'), row('C', '2.00', '"Acme; ""Srl"""')].join('\r\n'), '1_0', {
  keepRaw: true,
});

describe('the _SCARTI.csv file', () => {
  it('lists one line per problem, in row order: num_riga_flusso;IUD;cod_rifiuto;de_rifiuto', () => {
    const { rows } = parseCsv(scartiCsv([...flow.rejections].reverse()));
    expect(rows.map((r) => r.fields.slice(0, 3))).toEqual([
      ['num_riga_flusso', 'IUD', 'cod_rifiuto'],
      ['3', 'B', 'INVALID_AMOUNT'],
      ['3', 'B', 'INVALID_AZIONE'],
      ['4', 'A', 'IUD_DUPLICATED_IN_FLOW'],
    ]);
    expect(rows[1]!.fields[3]).toBe('Row 3: importoDovuto "1,50" uses a comma: write the decimals with a dot, e.g. 1.50');
  });

  it('quotes messages holding ";" or quotes so the file reads back intact', () => {
    const text = scartiCsv([{ rowNumber: 9, iud: 'Z', fields: [], problems: [{ field: 'x', code: 'C', message: 'a; "b"\r\nc' }] }]);
    expect(parseCsv(text).rows[1]!.fields).toEqual(['9', 'Z', 'C', 'a; "b"\r\nc']);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it("MyPay layout: each rejected row as it was, then cod_rifiuto and de_rifiuto joined by '|', under the flow's header", () => {
    const { rows } = parseCsv(scartiCsvMyPay(flow.stats.header, flow.rejections));
    expect(rows[0]!.fields).toEqual([...HEADER.split(';'), 'cod_rifiuto', 'de_rifiuto']);
    const b = rows[1]!.fields;
    expect(b.slice(0, 20)).toEqual(row('B', '1,50').replace(';I', ';X').split(';'));
    expect(b[20]).toBe('INVALID_AMOUNT|INVALID_AZIONE');
    expect(b[21]).toMatch(/^Row 3: importoDovuto .*\|Row 3: azione "X"/);
  });
});

describe('the _IUV.csv file', () => {
  it('gives IUD, IUV and numero avviso (computed from the IUV when not given), empty for dovuti without IUV', () => {
    const text = iuvCsv([
      { iud: 'A', iuv: '01000000000000144' },
      { iud: 'B' },
      { iud: 'C', iuv: '01000000000000245', numeroAvviso: '301000000000000245' },
    ]);
    expect(parseCsv(text).rows.map((r) => r.fields)).toEqual([
      ['IUD', 'codIuv', 'numeroAvviso'],
      ['A', '01000000000000144', '301000000000000144'],
      ['B', '', ''],
      ['C', '01000000000000245', '301000000000000245'],
    ]);
  });

  it('MyPay layout: the loaded rows under the original header, with codIuv filled in and quoting kept valid', () => {
    const loaded = flow.rows.map((r, i) => ({ fields: r.raw!, iuv: i === 0 ? '01000000000000144' : undefined }));
    const { rows } = parseCsv(iuvCsvMyPay(flow.stats.header, '1_0', loaded));
    expect(rows.map((r) => [r.fields[0], r.fields[1], r.fields[4]])).toEqual([
      ['IUD', 'codIuv', 'anagraficaPagatore'],
      ['A', '01000000000000144', 'ROSSI MARIO'],
      ['C', '', 'Acme; "Srl"'],
    ]);
  });

  it('is handed out zipped as MyPay does, the same bytes for the same content', () => {
    const text = iuvCsv([{ iud: 'A', iuv: '01000000000000144' }]);
    const zip = zipTextFile('C_X000-F1-1_0_IUV.csv', text);
    expect(new TextDecoder().decode(unzipSync(zip)['C_X000-F1-1_0_IUV.csv'])).toBe(text);
    expect(zipTextFile('C_X000-F1-1_0_IUV.csv', text)).toEqual(zip);
  });
});
