import { paymentKey, type DocRef, type ReconciliationSource } from '../../src/reconciliation/domain';
import { ALL_ON, AMOUNT, ENTE, IUD, IUF, IUR, IUV, given, receipt, reportingFlow, row } from '../../src/reconciliation/domain/reconciliation.test-kit';
import type { ReceiptWithColumns } from '../../src/reconciliation/process/sources-from-events';
import { buildRecord, codeRows, rowIdOf, VALUE_COLUMNS } from './reconciliation-row';
import { ROW_COLUMNS } from './reconciliation.read-models';

const payment: DocRef = { kind: 'payment', key: paymentKey(ENTE, IUV, IUR, 1) };
const shown = { hidden: false, segnalazioni: 0 };

describe('a reconciliation record and its rows per code', () => {
  it('given a receipt without a reporting flow, then the record shows the RT columns and leaves the empty FR and treasury cells out', () => {
    const rt = receipt();
    // The payer's columns travel with the receipt event (ReceiptWithColumns); an empty one is not shown.
    const withColumns: ReceiptWithColumns = { ...(rt.data as ReceiptWithColumns), codiceFiscalePagatore: '' };
    const { state } = given({ ...rt, data: withColumns } as ReconciliationSource);

    const record = buildRecord(state, payment, ALL_ON, shown)!;

    expect(record).toMatchObject({ id: rowIdOf(payment), codIpa: ENTE, kind: 'payment', iuv: IUV, iur: IUR, iud: IUD, importoRt: AMOUNT, hasRt: true, hasFr: false, hasTes: false });
    expect(record.codes.split(',')).toEqual(record.classifications.map((c) => c.code));
    expect(record.codes).toContain('RT_NO_IUF');
    // What is stored and served is the JSON text: an empty cell is not in it, neither null nor "".
    const stored = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    for (const empty of ['iuf', 'importoFr', 'importoTesoreria', 'conto', 'codiceFiscalePagatore']) expect(stored).not.toHaveProperty(empty);
    expect(stored).toMatchObject({ iuv: IUV, importoRt: AMOUNT });
  });

  it('given any record, then it and each of its rows hold every view column, so the read store finds each one in place', () => {
    const { state } = given(receipt(), reportingFlow([row()]));
    const record = buildRecord(state, payment, ALL_ON, shown)!;
    const viewColumns = Object.keys(ROW_COLUMNS);

    expect(viewColumns.filter((c) => !(c in record))).toEqual([]);
    for (const r of codeRows(record)) expect(viewColumns.filter((c) => !(c in r))).toEqual([]);
    expect([...VALUE_COLUMNS].sort()).toEqual(viewColumns.filter((c) => !['codIpa', 'kind', 'hidden', 'segnalazioni'].includes(c)).sort());
  });

  it('given a receipt and its reporting flow, then each code is one row with the record columns and its own explanation, without the record-only fields', () => {
    const { state } = given(receipt(), reportingFlow([row()]));
    const record = buildRecord(state, payment, ALL_ON, { hidden: true, segnalazioni: 2 })!;

    const rows = codeRows(record);

    expect(rows.map((r) => r.classificazione)).toEqual(record.classifications.map((c) => c.code));
    rows.forEach((r, i) => {
      const c = record.classifications[i];
      expect(r).toMatchObject({ id: `${record.id}.${c.code}`, rowId: record.id, view: c.view, reason: c.reason, iuf: IUF, importoFr: AMOUNT, importoRt: AMOUNT, hidden: true, segnalazioni: 2 });
      for (const recordOnly of ['classifications', 'codes', 'hasRt', 'hasFr', 'hasTes', 'told']) expect(r).not.toHaveProperty(recordOnly);
    });
  });

  it('given nothing received for a key, then there is no record to show', () => {
    const { state } = given(receipt());
    expect(buildRecord(state, { kind: 'payment', key: paymentKey(ENTE, '01000000000000999', IUR, 1) }, ALL_ON, shown)).toBeUndefined();
  });
});
