import { applyEventsInMemory } from '../../src/read-store/projection';
import * as kit from '../../src/positions/domain/position.test-kit';
import type { PositionEvent } from '../../src/positions/domain/position.events';
import { expectIdempotent } from '../../test/helpers/projection-idempotence';
import { recordAll } from '../../test/helpers/recorded-event';
import type { PayerEnteDoc, PayerPositionDoc } from './payer.documents';
import { dovuto, paid, paidTwice, ref, registered, requested, rossi, verdi } from './payer.fixtures';
import { payerProjection } from './payer.projection';

const docOf = (events: PositionEvent[], id = 'c_a562|T-1') =>
  applyEventsInMemory(payerProjection, recordAll(events)).get('payer_positions')?.get(id) as PayerPositionDoc | undefined;

const created = dovuto('c_a562', 'T-1', { payer: rossi, importo: 14792, dataScadenza: '2024-06-30' }, kit.CREATED_AT);

describe('payer projection', () => {
  it('given a created dovuto, the payer sees it to pay, most urgent due date first', () => {
    expect(docOf([created])).toMatchObject({
      id: 'c_a562|T-1',
      payerId: 'RSSMRA85T10A562S',
      stato: 'open',
      gruppo: 'da_pagare',
      statoPagatore: 'da_pagare',
      pagabile: true,
      importo: 14792,
      dataScadenza: '2024-06-30',
      dueSort: '2024-06-30',
      createdAt: '2024-03-01T09:00:00.000Z',
    });
  });

  it('the amount to pay includes the share of an ente secondario', () => {
    const secondario = { codiceFiscale: '80016350821', denominazione: 'Provincia', iban: 'IT60X0542811101000000123456', datiSpecificiRiscossione: '9/0101100IM/', importo: 500 };
    expect(docOf([dovuto('c_a562', 'T-1', { payer: rossi, importo: 1000, secondario }, kit.CREATED_AT)])!.importo).toBe(1500);
  });

  it('a dovuto without due date sorts after every dated one', () => {
    expect(docOf([dovuto('c_a562', 'T-1', { payer: rossi }, kit.CREATED_AT)])!.dueSort).toBe('9999-12-31');
  });

  it('given the positive receipt after a failed one, the payer sees it paid with that receipt', () => {
    const doc = docOf([
      created,
      requested('c_a562', 'T-1'),
      paid('c_a562', 'T-1', 'KO-1', '2024-03-05T11:00:00+01:00', { outcome: 'KO' }),
      paid('c_a562', 'T-1', 'IUR-1', '2024-03-05T11:22:33+01:00'),
    ])!;
    expect(doc).toMatchObject({ stato: 'paid', gruppo: 'pagati', statoPagatore: 'pagato', pagabile: false, paidAt: '2024-03-05T10:22:33.000Z' });
    expect(doc.receipt).toEqual({ receiptId: 'IUR-1', amount: 14792, idPSP: 'BCITITMM', pspName: 'Intesa Sanpaolo', paymentDateTime: '2024-03-05T11:22:33+01:00' });
  });

  it('keeps the status of the write side through reporting and cashing, and shows a second payment as owed back', () => {
    const doc = docOf([
      created,
      paid('c_a562', 'T-1', 'IUR-1', '2024-03-05T11:22:33+01:00'),
      paidTwice('c_a562', 'T-1', 'IUR-2', '2024-03-06T08:00:00+01:00', 'IUR-1'),
      { type: 'PositionReported', data: { ...ref('c_a562', 'T-1'), ...kit.report, esito: '3', beforeReceipt: false } },
      { type: 'PositionCashed', data: { ...ref('c_a562', 'T-1'), ...kit.movement } },
    ])!;
    // An esito 3 row (revoked) does not count as reported, so cashed is the furthest step: as position.state says.
    expect(doc.stato).toBe('cashed');
    expect(doc.receipt!.receiptId).toBe('IUR-1');
    expect(doc.duplicates.map((d) => d.receiptId)).toEqual(['IUR-2']);
  });

  it('an expired dovuto stays to pay, shown as scaduto and not payable; a new due date makes it payable again', () => {
    const expired: PositionEvent = { type: 'PositionExpired', data: { ...ref('c_a562', 'T-1'), dataScadenza: '2024-06-30', today: '2024-07-01' } };
    expect(docOf([created, expired])).toMatchObject({ stato: 'expired', gruppo: 'da_pagare', statoPagatore: 'scaduto', pagabile: false });
    const position = { ...(created.data as object), dataScadenza: '2024-09-30' } as never;
    const reopened: PositionEvent = { type: 'PositionUpdated', data: { ...ref('c_a562', 'T-1'), changes: { dataScadenza: '2024-09-30' }, position, reopened: true } };
    expect(docOf([created, expired, reopened])).toMatchObject({ stato: 'open', statoPagatore: 'da_pagare', pagabile: true, dataScadenza: '2024-09-30' });
  });

  it('a cancelled dovuto is no longer to pay', () => {
    expect(docOf([created, requested('c_a562', 'T-1')])).toMatchObject({ stato: 'payment_requested', statoPagatore: 'da_pagare', pagabile: true });
    const doc = docOf([created, requested('c_a562', 'T-1'), { type: 'PositionCancelled', data: { ...ref('c_a562', 'T-1'), reason: 'errore' } }])!;
    expect(doc).toMatchObject({ stato: 'cancelled', gruppo: 'annullati', statoPagatore: 'annullato', pagabile: false });
  });

  it('when an update changes the payer the old payer no longer sees the dovuto; an anonymous payer is no one', () => {
    const toVerdi = { ...(created.data as object), payer: verdi } as never;
    const doc = docOf([created, { type: 'PositionUpdated', data: { ...ref('c_a562', 'T-1'), changes: { payer: verdi }, position: toVerdi, reopened: false } }])!;
    expect(doc.payerId).toBe('VRDLGU80A01A562U');
    const anonymous = dovuto('c_a562', 'T-1', { payer: { tipo: 'F', codiceIdentificativo: 'anonimo', anagrafica: 'Anonimo' } }, kit.CREATED_AT);
    expect(docOf([anonymous])).not.toHaveProperty('payerId');
  });

  it('keeps the names of the enti from their registration and renames', () => {
    const enti = applyEventsInMemory(
      payerProjection,
      recordAll([registered('c_a562', 'Comune di Bari'), { type: 'EnteUpdated', data: { codIpa: 'c_a562', changes: { email: 'x@y.it' }, at: kit.LATER } }, registered('c_h501', 'Comune di Roma'), { type: 'EnteUpdated', data: { codIpa: 'c_h501', changes: { denominazione: 'Roma Capitale' }, at: kit.LATER } }]),
    ).get('payer_enti')!;
    expect([...enti.values()].map((e) => (e as PayerEnteDoc).denominazione)).toEqual(['Comune di Bari', 'Roma Capitale']);
  });

  const log = () =>
    recordAll([
      registered('c_a562', 'Comune di Bari'),
      created,
      dovuto('c_h501', 'Z-9', { payer: rossi }, kit.CREATED_AT),
      requested('c_a562', 'T-1'),
      paid('c_a562', 'T-1', 'IUR-1', '2024-03-05T11:22:33+01:00'),
      { type: 'PositionCancelled', data: { ...ref('c_h501', 'Z-9'), reason: 'errore' } },
      { type: 'EnteUpdated', data: { codIpa: 'c_a562', changes: { denominazione: 'Comune di Bari (BA)' }, at: kit.LATER } },
      { type: 'PositionReported', data: { ...ref('c_a562', 'T-1'), ...kit.report, beforeReceipt: false } },
    ]);

  it('applying each event twice gives the same documents as applying it once', () => {
    const docs = expectIdempotent(payerProjection, log());
    expect(Object.keys(docs.payer_positions)).toEqual(['c_a562|T-1', 'c_h501|Z-9']);
    expect(Object.keys(docs.payer_enti)).toEqual(['c_a562']);
  });

  it('a full replay equals applying the log in two batches', () => {
    const events = log();
    const full = applyEventsInMemory(payerProjection, events);
    for (const cut of [2, 5])
      expect(applyEventsInMemory(payerProjection, events.slice(cut), applyEventsInMemory(payerProjection, events.slice(0, cut)))).toEqual(full);
  });
});
