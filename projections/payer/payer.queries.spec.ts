import * as kit from '../../src/positions/domain/position.test-kit';
import type { PositionEvent } from '../../src/positions/domain/position.events';
import type { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { recordAll } from '../../test/helpers/recorded-event';
import { readStoreWith } from '../common/read-store.test-kit';
import { dovuto, paid, paidTwice, ref, registered, rossi, verdi } from './payer.fixtures';
import { payerProjection } from './payer.projection';
import { payerPositions, payerReceipts } from './payer.queries';

const ROSSI = 'RSSMRA85T10A562S';
const VERDI = 'VRDLGU80A01A562U';

let store: SqliteReadStore;
beforeAll(async () => {
  const toVerdi = { ...(dovuto('c_a562', 'B-4', { payer: rossi }, kit.CREATED_AT).data as object), payer: verdi } as never;
  const events: PositionEvent[] = [
    dovuto('c_a562', 'B-1', { payer: rossi, importo: 14792, dataScadenza: '2024-06-30' }, '2024-03-01T10:00:00+01:00'),
    dovuto('c_a562', 'B-2', { payer: rossi, importo: 2550, dataScadenza: '2024-04-30' }, '2024-03-02T10:00:00+01:00'),
    { type: 'PositionExpired', data: { ...ref('c_a562', 'B-2'), dataScadenza: '2024-04-30', today: '2024-05-01' } },
    dovuto('c_h501', 'R-1', { payer: rossi, importo: 5000 }, '2024-03-03T10:00:00+01:00'),
    dovuto('c_h501', 'R-2', { payer: rossi, importo: 14792, dataScadenza: '2024-03-31' }, '2024-03-04T10:00:00+01:00'),
    paid('c_h501', 'R-2', 'IUR-R2', '2024-03-05T11:22:33+01:00'),
    paidTwice('c_h501', 'R-2', 'IUR-R2-BIS', '2024-03-05T11:40:00+01:00', 'IUR-R2'),
    dovuto('c_a562', 'B-3', { payer: { ...rossi, codiceIdentificativo: 'rssmra85t10a562s' }, importo: 14792 }, '2024-03-05T10:00:00+01:00'),
    paid('c_a562', 'B-3', 'IUR-B3', '2024-04-10T18:00:00+02:00', { pspName: undefined }),
    dovuto('c_f205', 'M-1', { payer: rossi, importo: 1000 }, '2024-03-06T10:00:00+01:00'),
    { type: 'PositionCancelled', data: { ...ref('c_f205', 'M-1'), reason: 'errore' } },
    dovuto('c_a562', 'B-4', { payer: rossi, importo: 999 }, '2024-03-07T10:00:00+01:00'),
    { type: 'PositionUpdated', data: { ...ref('c_a562', 'B-4'), changes: { payer: verdi }, position: toVerdi, reopened: false } },
    dovuto('c_a562', 'V-1', { payer: verdi, importo: 4000 }, '2024-03-08T10:00:00+01:00'),
    paid('c_a562', 'V-1', 'IUR-V1', '2024-03-09T10:00:00+01:00'),
  ];
  store = await readStoreWith([payerProjection], recordAll([registered('c_a562', 'Comune di Bari'), registered('c_h501', 'Roma Capitale'), ...events]));
});
afterAll(() => store.close());

describe('payerPositions', () => {
  it('da pagare: what the citizen still owes at every ente, most urgent first, expired ones shown as scaduti', async () => {
    const page = await payerPositions(store, ROSSI, { stato: 'da_pagare' });
    expect(page.items.map((p) => [p.iud, p.enteName, p.importo, p.statoPagatore, p.pagabile])).toEqual([
      ['B-2', 'Comune di Bari', '25.50', 'scaduto', false],
      ['B-1', 'Comune di Bari', '147.92', 'da_pagare', true],
      ['R-1', 'Roma Capitale', '50.00', 'da_pagare', true],
    ]);
    expect(page.total).toBe(3);
  });

  it('pagati: newest payment first, with the receipt and any second payment owed back', async () => {
    const page = await payerPositions(store, ROSSI, { stato: 'pagati' });
    expect(page.items.map((p) => p.iud)).toEqual(['B-3', 'R-2']);
    expect(page.items[1]).toMatchObject({
      codIpa: 'c_h501',
      statoPagatore: 'pagato',
      paidAt: '2024-03-05T10:22:33.000Z',
      ricevuta: { receiptId: 'IUR-R2', importo: '147.92', idPSP: 'BCITITMM', pspName: 'Intesa Sanpaolo', paymentDateTime: '2024-03-05T11:22:33+01:00' },
      pagamentiDoppi: [{ receiptId: 'IUR-R2-BIS', importo: '147.92', idPSP: 'BCITITMM', pspName: 'Intesa Sanpaolo', paymentDateTime: '2024-03-05T11:40:00+01:00' }],
    });
  });

  it('tutti (the default): everything including cancelled dovuti, newest first; an ente never registered has no name', async () => {
    const page = await payerPositions(store, ROSSI.toLowerCase());
    expect(page.items.map((p) => p.iud)).toEqual(['M-1', 'B-3', 'R-2', 'R-1', 'B-2', 'B-1']);
    expect(page.items[0]).toMatchObject({ statoPagatore: 'annullato', pagabile: false });
    expect(page.items[0]).not.toHaveProperty('enteName');
  });

  it('a dovuto whose payer was changed belongs to the new payer only', async () => {
    expect((await payerPositions(store, ROSSI)).items.map((p) => p.iud)).not.toContain('B-4');
    expect((await payerPositions(store, VERDI)).items.map((p) => p.iud)).toEqual(['V-1', 'B-4']);
  });

  it('pages with a stable total', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => payerPositions(store, ROSSI, { page, pageSize: 2 })));
    expect(pages.map((p) => p.items.map((i) => i.iud))).toEqual([['M-1', 'B-3'], ['R-2', 'R-1'], ['B-2', 'B-1']]);
    expect(pages.every((p) => p.total === 6)).toBe(true);
  });

  it('refuses anonymous and malformed codici fiscali, unknown groups and pages above 200', async () => {
    await expect(payerPositions(store, 'ANONIMO')).rejects.toMatchObject({ code: 'ANONYMOUS_PAYER', field: 'codiceFiscale' });
    await expect(payerPositions(store, 'RSSMRA85T10A562X')).rejects.toMatchObject({ code: 'CODICE_FISCALE_CHECK_CHARACTER' });
    await expect(payerPositions(store, 'ROSSI')).rejects.toMatchObject({ code: 'INVALID_CODICE_FISCALE' });
    await expect(payerPositions(store, '')).rejects.toMatchObject({ code: 'PAYER_ID_REQUIRED' });
    await expect(payerPositions(store, ROSSI, { stato: 'scaduti' as never })).rejects.toMatchObject({ code: 'INVALID_FILTER', field: 'stato' });
    await expect(payerPositions(store, ROSSI, { pageSize: 500 })).rejects.toMatchObject({ code: 'PAGE_SIZE_TOO_LARGE' });
    await expect(payerPositions(store, ROSSI, { codIpa: 'c_a562' } as never)).rejects.toMatchObject({ code: 'UNKNOWN_FILTER', field: 'codIpa' });
  });
});

describe('payerReceipts', () => {
  it('lists the receipts of the citizen\'s payments at every ente, newest first', async () => {
    const page = await payerReceipts(store, ROSSI);
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      {
        codIpa: 'c_a562',
        enteName: 'Comune di Bari',
        iud: 'B-3',
        iuv: ref('c_a562', 'B-3').iuv,
        numeroAvviso: `3${ref('c_a562', 'B-3').iuv}`,
        causale: 'TARI 2024 rata unica',
        receiptId: 'IUR-B3',
        importo: '147.92',
        idPSP: 'BCITITMM',
        paymentDateTime: '2024-04-10T18:00:00+02:00',
        paidAt: '2024-04-10T16:00:00.000Z',
        pagamentiDoppi: [],
      },
      expect.objectContaining({ iud: 'R-2', receiptId: 'IUR-R2', enteName: 'Roma Capitale', pagamentiDoppi: [expect.objectContaining({ receiptId: 'IUR-R2-BIS' })] }),
    ]);
  });

  it('is empty for a citizen who paid nothing, and pages like the rest', async () => {
    expect(await payerReceipts(store, 'BNCNNA90C41A562B')).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
    expect((await payerReceipts(store, ROSSI, { page: 2, pageSize: 1 })).items.map((r) => r.iud)).toEqual(['R-2']);
  });
});
