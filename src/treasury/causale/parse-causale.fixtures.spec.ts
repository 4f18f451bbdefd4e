import * as XLSX from '@e965/xlsx';
import { describeWithFixtures, fixture } from '../../../test/fixtures/reporting/support';
import { parseCausale } from './parse-causale';

const d = describeWithFixtures('parseCausale on the DESCRIZIONE ESTESA of the shared XLS fixture');

d('parseCausale on the DESCRIZIONE ESTESA of the shared XLS fixture', () => {
  it('finds the IUF of every row of IPA_TEST_1, stopping before " :SEC:"', () => {
    const wb = XLSX.read(fixture('treasury', 'payhub-activities', 'xls', 'IPA_TEST_1_XLS_ALL_RECORDS_OK.xls'), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets[wb.SheetNames[0]], { defval: null });
    const texts = rows.map((r) => String(r['DESCRIZIONE ESTESA']));
    expect(texts.every((t) => t.includes(' :SEC:CASH'))).toBe(true);
    expect(texts.map((t) => parseCausale(t).iuf)).toEqual([
      '2024-07-26PPAYITR1XXX-S2024072600',
      '2024-07-26PPAYITR1XXX-S2024072601',
      '2024-07-26PPAYITR1XXX-S2024072602',
      '2024-07-26PPAYITR1XXX-S2024072603',
      '2024-07-26PPAYITR1XXX-S2024072604',
    ]);
    expect(texts.map((t) => parseCausale(t).kind)).toEqual(Array(5).fill('cumulative'));
  });
});
