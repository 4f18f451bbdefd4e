import { checkFr } from './check-fr';
import { ESITI_PAGAMENTO, isKnownEsito } from './esito-pagamento';
import { FrRow, ParsedFr } from './flusso-riversamento';

const row = (index: number, over: Partial<FrRow> = {}): FrRow => ({
  index,
  iuv: `0100000000000${String(index).padStart(4, '0')}`,
  iur: `IUR-${index}`,
  indiceDatiSingoloPagamento: 1,
  importo: 1000,
  esito: '0',
  dataEsito: '2024-07-25',
  ...over,
});

/** A consistent flow of the given rows: totals declared as the rows add up. */
const flow = (rows: FrRow[], over: Partial<ParsedFr> = {}): ParsedFr => ({
  versioneOggetto: '1.0',
  identificativoFlusso: '2024-07-26PPAYITR1XXX-S2024072600',
  dataOraFlusso: '2024-07-26T10:15:00',
  identificativoUnivocoRegolamento: 'SCT-1',
  dataRegolamento: '2024-07-26',
  istitutoMittente: { tipo: 'B', codice: 'PPAYITR1XXX' },
  istitutoRicevente: { tipo: 'G', codice: '80012345678' },
  numeroTotalePagamenti: rows.length,
  importoTotalePagamenti: rows.reduce((s, r) => s + r.importo, 0),
  rows,
  ...over,
});

describe('checkFr', () => {
  it('given a consistent flow for this ente, when checked, then it has no anomaly', () => {
    expect(checkFr(flow([row(1), row(2, { esito: '9' }), row(3, { esito: '3' })]), { expectedCfEnte: '80012345678' })).toEqual([]);
  });

  it('given a header total that differs from the rows, then TOTAL_AMOUNT_MISMATCH carries both amounts', () => {
    expect(checkFr(flow([row(1), row(2)], { importoTotalePagamenti: 2500 }))).toEqual([
      expect.objectContaining({ code: 'TOTAL_AMOUNT_MISMATCH', declared: 2500, computed: 2000, difference: -500 }),
    ]);
  });

  it('given a header count that differs from the rows, then TOTAL_COUNT_MISMATCH carries both counts', () => {
    expect(checkFr(flow([row(1), row(2)], { numeroTotalePagamenti: 3 }))).toEqual([
      expect.objectContaining({ code: 'TOTAL_COUNT_MISMATCH', declared: 3, computed: 2 }),
    ]);
  });

  it('given the same IUV, IUR and index twice, then one DUPLICATE_ROW lists the rows', () => {
    const dup = { iuv: '01000000000000144', iur: 'IUR-X' };
    const anomalies = checkFr(flow([row(1, dup), row(2), row(3, dup)]));
    expect(anomalies).toEqual([
      {
        code: 'DUPLICATE_ROW',
        message: 'IUV 01000000000000144, IUR IUR-X, index 1 is reported 2 times (rows 1, 3)',
        iuv: '01000000000000144',
        iur: 'IUR-X',
        indiceDatiSingoloPagamento: 1,
        rows: [1, 3],
      },
    ]);
  });

  it('given the same IUV and IUR with different transfer indexes, then it is not a duplicate', () => {
    const same = { iuv: '01000000000000144', iur: 'IUR-X' };
    expect(checkFr(flow([row(1, same), row(2, { ...same, indiceDatiSingoloPagamento: 2 })]))).toEqual([]);
  });

  it('given an esito outside 0, 3, 4, 8, 9, then UNKNOWN_ESITO names the row', () => {
    expect(checkFr(flow([row(1), row(2, { esito: '7' })]))).toEqual([expect.objectContaining({ code: 'UNKNOWN_ESITO', row: 2, esito: '7' })]);
  });

  it('given a flow addressed to another ente, then WRONG_RECEIVER names both', () => {
    expect(checkFr(flow([row(1)]), { expectedCfEnte: '99999999999' })).toEqual([
      expect.objectContaining({ code: 'WRONG_RECEIVER', expected: '99999999999', found: '80012345678' }),
    ]);
  });

  it('given a row of 0.00, then ZERO_AMOUNT names it', () => {
    expect(checkFr(flow([row(1, { importo: 0 })]))).toEqual([expect.objectContaining({ code: 'ZERO_AMOUNT', row: 1 })]);
  });

  it('given a SOAP envelope that names another flow or ente, then ENVELOPE_MISMATCH says which', () => {
    const fr = flow([row(1)], { envelope: { operation: 'nodoInviaFlussoRendicontazione', identificativoDominio: '15376371009', identificativoFlusso: '2024-07-26PPAYITR1XXX-S2024072600' } });
    expect(checkFr(fr)).toEqual([expect.objectContaining({ code: 'ENVELOPE_MISMATCH', field: 'identificativoDominio', envelope: '15376371009', flow: '80012345678' })]);
  });

  it('given several problems at once, then each one is reported', () => {
    const twice = { iuv: 'A', iur: 'B' };
    const codes = checkFr(flow([row(1, twice), row(2, { ...twice, esito: '5' })], { numeroTotalePagamenti: 1, importoTotalePagamenti: 1000 }), { expectedCfEnte: 'X' }).map((a) => a.code);
    expect(codes.sort()).toEqual(['DUPLICATE_ROW', 'TOTAL_AMOUNT_MISMATCH', 'TOTAL_COUNT_MISMATCH', 'UNKNOWN_ESITO', 'WRONG_RECEIVER']);
  });
});

describe('ESITI_PAGAMENTO', () => {
  it('lists the five codes pagoPA and the Piattaforma Unitaria use, with their meaning', () => {
    expect(Object.fromEntries(Object.values(ESITI_PAGAMENTO).map((e) => [e.code, e.label]))).toEqual({
      '0': 'Pagamento eseguito',
      '3': 'Pagamento revocato',
      '4': 'Pagamento eseguito in stand-in',
      '8': 'Pagamento eseguito in stand-in in assenza di RPT',
      '9': 'Pagamento eseguito in assenza di RPT',
    });
    expect(Object.values(ESITI_PAGAMENTO).filter((e) => !e.collected).map((e) => e.code)).toEqual(['3']);
  });

  it.each([
    ['0', true],
    ['4', true],
    ['9', true],
    ['1', false],
    ['toString', false],
  ])('isKnownEsito(%s) is %s', (code, known) => {
    expect(isKnownEsito(code)).toBe(known);
  });
});
