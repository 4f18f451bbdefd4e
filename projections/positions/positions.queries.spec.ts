import type { DomainError } from '../../src/kernel/errors';
import type { PositionEvent } from '../../src/positions/domain/position.events';
import * as kit from '../../src/positions/domain/position.test-kit';
import type { Position } from '../../src/positions/domain/position.types';
import type { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { recordAll } from '../../test/helpers/recorded-event';
import { readStoreWith } from '../common/read-store.test-kit';
import { positionsProjection } from './positions.projection';
import { getPosition, searchPositions, type PositionSearch } from './positions.queries';

const rossi = { tipo: 'F' as const, codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'Mario Rossi' };
const verdi = { tipo: 'F' as const, codiceIdentificativo: 'VRDLGU80A01A562U', anagrafica: 'Luigi Verdi' };
const bianchi = { tipo: 'F' as const, codiceIdentificativo: 'BNCNNA90C41A562B', anagrafica: 'Anna Bianchi' };

function dovuto(iud: string, over: Partial<Position>, at: string): PositionEvent {
  const iuv = over.iuv ?? `4800000000${iud.replace(/\D/g, '').padStart(5, '0')}00`;
  const { dataScadenza: _d, ...base } = kit.position;
  return { type: 'PositionCreated', data: { ...base, iud, iuv, numeroAvviso: `3${iuv}`, ...over, at } };
}
const ref = (iud: string, codIpa = 'c_a562') => ({ codIpa, iud, iuv: `4800000000${iud.replace(/\D/g, '').padStart(5, '0')}00` });
const paid = (iud: string, receiptId: string, paymentDateTime: string, amount = 14792): PositionEvent => ({
  ...kit.receiptReceived({ receiptId, paymentDateTime, amount }),
  data: { ...(kit.receiptReceived({ receiptId, paymentDateTime, amount }).data as object), ...ref(iud) },
} as PositionEvent);

/** Five dovuti of the Comune di Bari, and one of Rome with the same IUD that Bari must never see. */
const log = () =>
  recordAll([
    dovuto('A-1', { importo: 1000, dataScadenza: '2024-04-30', payer: rossi }, '2024-03-01T10:00:00+01:00'),
    // 00:30 in Rome on 2 March is still 1 March in UTC: date filters are Italian days.
    dovuto('A-2', { importo: 14792, dataScadenza: '2024-06-30', payer: verdi }, '2024-03-02T00:30:00+01:00'),
    dovuto('A-3', { importo: 50000, tipoDovuto: 'MENSA', payer: rossi }, '2024-03-10T12:00:00+01:00'),
    dovuto('A-4', { importo: 2550, dataScadenza: '2024-05-31', tipoDovuto: 'MENSA', payer: bianchi }, '2024-04-01T09:00:00+02:00'),
    dovuto('A-5', { importo: 14792, dataScadenza: '2024-12-31', payer: verdi }, '2024-04-02T09:00:00+02:00'),
    dovuto('A-1', { codIpa: 'c_h501', iuv: '01000000000000123', importo: 777, payer: rossi }, '2024-03-01T10:00:00+01:00'),
    paid('A-2', 'IUR-2', '2024-03-05T11:22:33+01:00'),
    { type: 'PositionCancelled', data: { ...ref('A-3'), at: '2024-03-11T10:00:00+01:00', reason: 'errore' } },
    { type: 'PositionExpired', data: { ...ref('A-4'), at: '2024-06-01T01:00:00+02:00', dataScadenza: '2024-05-31', today: '2024-06-01' } },
    paid('A-5', 'IUR-5', '2024-04-10T18:00:00+02:00'),
    { type: 'PositionReported', data: { ...ref('A-5'), ...kit.report, beforeReceipt: false, at: '2024-04-11T08:00:00+02:00' } },
  ]);

let store: SqliteReadStore;
beforeAll(async () => {
  store = await readStoreWith([positionsProjection], log());
});
afterAll(() => store.close());

const iuds = async (params: PositionSearch) => (await searchPositions(store, 'c_a562', params)).items.map((p) => p.iud);
const refusal = async (params: PositionSearch): Promise<DomainError> => {
  try {
    await searchPositions(store, 'c_a562', params);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`search ${JSON.stringify(params)} was not refused`);
};

describe('getPosition', () => {
  it('returns the dovuto of the ente with its amounts as euro strings', async () => {
    const p = await getPosition(store, 'c_a562', 'A-2');
    expect(p).toMatchObject({ iud: 'A-2', stato: 'paid', importo: '147.92', importoTotale: '147.92', paidAt: '2024-03-05T10:22:33.000Z', payerId: 'VRDLGU80A01A562U' });
    expect(p!.receipts).toEqual([expect.objectContaining({ receiptId: 'IUR-2', amount: '147.92', outcome: 'OK' })]);
    expect(p).not.toHaveProperty('payerName');
  });

  it('keeps enti apart: the same IUD of another ente is another dovuto, an unknown one is undefined', async () => {
    expect((await getPosition(store, 'c_h501', 'A-1'))!.importo).toBe('7.77');
    expect((await getPosition(store, 'c_a562', 'A-1'))!.importo).toBe('10.00');
    expect(await getPosition(store, 'c_a562', 'NOPE')).toBeUndefined();
  });
});

describe('searchPositions', () => {
  it('without filters lists only the ente\'s dovuti, newest first, with the total', async () => {
    const page = await searchPositions(store, 'c_a562');
    expect(page.items.map((p) => p.iud)).toEqual(['A-5', 'A-4', 'A-3', 'A-2', 'A-1']);
    expect(page).toMatchObject({ page: 1, pageSize: 20, total: 5 });
  });

  it('finds by iud, iuv, numero avviso, codice fiscale in any case and the start of the anagrafica', async () => {
    expect(await iuds({ iud: 'A-3' })).toEqual(['A-3']);
    expect(await iuds({ iuv: ref('A-4').iuv })).toEqual(['A-4']);
    expect(await iuds({ numeroAvviso: `3${ref('A-1').iuv}` })).toEqual(['A-1']);
    expect(await iuds({ codiceFiscale: 'rssmra85t10a562s', sort: 'iud' })).toEqual(['A-1', 'A-3']);
    expect(await iuds({ anagrafica: 'LUIGI', sort: 'iud' })).toEqual(['A-2', 'A-5']);
  });

  it('filters by one status, several, or a comma separated list', async () => {
    expect(await iuds({ stato: 'cancelled' })).toEqual(['A-3']);
    expect(await iuds({ stato: ['paid', 'reported'], sort: 'iud' })).toEqual(['A-2', 'A-5']);
    expect(await iuds({ stato: 'open,expired', sort: 'iud' })).toEqual(['A-1', 'A-4']);
    expect((await refusal({ stato: 'pagato' })).code).toBe('INVALID_FILTER');
  });

  it('filters by tipo dovuto', async () => {
    expect(await iuds({ tipoDovuto: 'MENSA', sort: 'iud' })).toEqual(['A-3', 'A-4']);
  });

  it('filters due dates with both ends included, leaving out dovuti without one', async () => {
    expect(await iuds({ scadenzaDa: '2024-04-30', scadenzaA: '2024-06-30', sort: 'dataScadenza' })).toEqual(['A-1', 'A-4', 'A-2']);
    expect(await iuds({ scadenzaA: '2024-05-31', sort: 'iud' })).toEqual(['A-1', 'A-4']);
  });

  it('filters creation by Italian calendar day, or by an exact instant', async () => {
    expect(await iuds({ creatoDa: '2024-03-02', creatoA: '2024-03-10', sort: 'iud' })).toEqual(['A-2', 'A-3']);
    expect(await iuds({ creatoA: '2024-03-01' })).toEqual(['A-1']);
    expect(await iuds({ creatoDa: '2024-03-02T00:30:00+01:00', creatoA: '2024-03-02T00:30:00+01:00' })).toEqual(['A-2']);
  });

  it('filters payment time, leaving out what is not paid', async () => {
    expect(await iuds({ pagatoDa: '2024-03-01', pagatoA: '2024-03-31' })).toEqual(['A-2']);
    expect(await iuds({ pagatoDa: '2024-03-01', sort: '-paidAt' })).toEqual(['A-5', 'A-2']);
  });

  it('filters amounts given in euros, both ends included', async () => {
    expect(await iuds({ importoDa: '10', importoA: '147.92', sort: 'importo' })).toEqual(['A-1', 'A-4', 'A-2', 'A-5']);
    expect(await iuds({ importoDa: 147.92, importoA: '147.92', sort: 'iud' })).toEqual(['A-2', 'A-5']);
    expect(await iuds({ importoDa: '147.93', sort: 'importo' })).toEqual(['A-3']);
  });

  it('sorts by a whitelisted field either way, the IUD breaking ties', async () => {
    expect(await iuds({ sort: '-importo' })).toEqual(['A-3', 'A-5', 'A-2', 'A-4', 'A-1']);
    expect(await iuds({ sort: 'importo' })).toEqual(['A-1', 'A-4', 'A-2', 'A-5', 'A-3']);
    expect(await iuds({ sort: '-iud' })).toEqual(['A-5', 'A-4', 'A-3', 'A-2', 'A-1']);
    const e = await refusal({ sort: 'payerName' });
    expect(e).toMatchObject({ code: 'INVALID_SORT', field: 'sort' });
    expect(e.message).toContain('createdAt');
  });

  it('pages through the results with a stable total', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => searchPositions(store, 'c_a562', { sort: 'iud', pageSize: 2, page })));
    expect(pages.map((p) => p.items.map((i) => i.iud))).toEqual([['A-1', 'A-2'], ['A-3', 'A-4'], ['A-5'], []]);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
    expect(pages[1]).toMatchObject({ page: 2, pageSize: 2 });
    expect((await searchPositions(store, 'c_a562', { page: '2', pageSize: '3', sort: 'iud' })).items.map((i) => i.iud)).toEqual(['A-4', 'A-5']);
  });

  it('refuses pages above 200 items instead of cutting them, and pages below 1', async () => {
    expect((await searchPositions(store, 'c_a562', { pageSize: 200 })).pageSize).toBe(200);
    const tooLarge = await refusal({ pageSize: 201 });
    expect(tooLarge).toMatchObject({ code: 'PAGE_SIZE_TOO_LARGE', field: 'pageSize' });
    expect(tooLarge.message).toContain('200');
    expect((await refusal({ page: 0 })).code).toBe('INVALID_PAGE');
    expect((await refusal({ pageSize: 0 })).code).toBe('INVALID_PAGE');
    expect((await refusal({ page: 1.5 })).code).toBe('INVALID_PAGE');
  });

  it('refuses reversed ranges naming both fields', async () => {
    for (const [params, from, to] of [
      [{ scadenzaDa: '2024-07-01', scadenzaA: '2024-06-30' }, 'scadenzaDa', 'scadenzaA'],
      [{ importoDa: '20', importoA: '10.50' }, 'importoDa', 'importoA'],
      [{ creatoDa: '2024-03-02', creatoA: '2024-03-01' }, 'creatoDa', 'creatoA'],
      [{ pagatoDa: '2024-03-02T10:00:00Z', pagatoA: '2024-03-02T09:59:59Z' }, 'pagatoDa', 'pagatoA'],
    ] as const) {
      const e = await refusal(params);
      expect(e).toMatchObject({ code: 'INVALID_RANGE', field: from });
      expect(e.message).toContain(from);
      expect(e.message).toContain(to);
    }
  });

  it('refuses unknown filters and malformed values', async () => {
    expect(await refusal({ codiceFiscal: 'X' } as PositionSearch)).toMatchObject({ code: 'UNKNOWN_FILTER', field: 'codiceFiscal' });
    expect(await refusal({ importoDa: '10,50' })).toMatchObject({ code: 'INVALID_AMOUNT', field: 'importoDa' });
    expect(await refusal({ scadenzaDa: '2024-02-30' })).toMatchObject({ code: 'INVALID_DATE', field: 'scadenzaDa' });
    expect(await refusal({ creatoDa: 'ieri' })).toMatchObject({ code: 'INVALID_DATE', field: 'creatoDa' });
    await expect(searchPositions(store, '', {})).rejects.toMatchObject({ code: 'CODIPA_REQUIRED' });
  });
});
