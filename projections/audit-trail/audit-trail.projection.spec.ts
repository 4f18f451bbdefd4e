import { applyEventsInMemory } from '../../src/read-store/projection';
import * as kit from '../../src/positions/domain/position.test-kit';
import type { PositionEvent } from '../../src/positions/domain/position.events';
import { expectIdempotent } from '../../test/helpers/projection-idempotence';
import { TestEventLog } from '../../test/helpers/recorded-event';
import type { AuditEntry } from './audit-trail.entry';
import { auditTrailProjection } from './audit-trail.projection';

const KEY = 'c_a562|TARI-2024-0001';

function lifeOfTari(): TestEventLog {
  const log = new TestEventLog();
  log.append(kit.created(), { actor: 'api-key:c_a562/ab12' });
  log.append(kit.paymentRequested('paGetPaymentV2', 'tok-1'), { actor: 'node' });
  log.append(kit.receiptReceived({ outcome: 'KO', receiptId: 'KO-1', paymentDateTime: undefined }), { actor: 'node' });
  log.append(kit.receiptReceived({}, { amountMismatch: true, expectedAmount: 15000 }), { actor: 'node' });
  log.append(kit.duplicatePaymentReceived({ receiptId: 'IUR-SECONDO', paymentDateTime: '2024-07-15T09:05:00+02:00' }), { actor: 'node' });
  log.append({ type: 'PositionReported', data: { ...kit.reported().data, iur: 'c1a5e4b2d9f84c6e8a0b' } } as PositionEvent, { actor: 'import:FR-77' });
  log.append({ type: 'PositionCashed', data: { ...kit.cashed().data, iuf: kit.report.iuf } } as PositionEvent, { actor: 'system:reconciliation' });
  log.append(kit.reconciled(['RT_IUF', 'RT_IUF_TES']), { actor: 'system:reconciliation' });
  log.append(kit.assessed('ACC-2024-17', 2024), { actor: 'operator:m.bianchi' });
  return log;
}

const entries = (log: TestEventLog): AuditEntry[] =>
  [...(applyEventsInMemory(auditTrailProjection, log.events).get('audit_trail')?.values() ?? [])].sort((a, b) => a.revision - b.revision);

describe('audit-trail projection', () => {
  it('tells the creation with who did it, the amount, the due date and the IUV', () => {
    const [created] = entries(lifeOfTari());
    expect(created).toEqual({
      id: `${KEY}|0`,
      codIpa: 'c_a562',
      iud: 'TARI-2024-0001',
      positionKey: KEY,
      revision: 0,
      at: '2024-03-01T09:00:00.000Z',
      type: 'creazione',
      what: 'Dovuto creato',
      detail: `Dovuto creato (azione I) da api-key:c_a562/ab12: importo 147,92 €, scadenza 30/06/2024, IUV ${kit.IUV}, tipo dovuto TARI, pagatore RSSMRA85T10A562S (Mario Rossi)`,
      warnings: [],
      actor: 'api-key:c_a562/ab12',
      channel: 'api',
      refs: { importo: '147.92', iuv: kit.IUV },
      eventId: '00000000-0000-4000-8000-000000000001',
      eventType: 'PositionCreated',
      eventPosition: '1',
      correlationId: 'corr-1',
    });
  });

  it('tells each step of the payment in an operator\'s words, with the ids and amounts involved', () => {
    const [, request, ko, ok, duplicate, report, cash, reconciled, assessed] = entries(lifeOfTari());
    expect(request).toMatchObject({
      type: 'richiesta_pagamento',
      detail: 'Richiesta di pagamento dal Nodo (paGetPaymentV2) PSP BCITITMM, token tok-1',
      channel: 'paGetPaymentV2',
      refs: { idPSP: 'BCITITMM' },
    });
    expect(ko).toMatchObject({ type: 'ricevuta_negativa', detail: 'Ricevuta negativa IUR KO-1: pagamento non eseguito, PSP Intesa Sanpaolo (BCITITMM), canale paSendRTV2' });
    expect(ok).toMatchObject({
      type: 'ricevuta_positiva',
      what: 'Ricevuta positiva',
      detail: 'Ricevuta positiva IUR c1a5e4b2d9f84c6e8a0b 147,92 € pagata il 05/03/2024 11:22, PSP Intesa Sanpaolo (BCITITMM), canale paSendRTV2',
      warnings: ['Importo pagato 147,92 € diverso dal dovuto 150,00 €'],
      refs: { importo: '147.92', iur: 'c1a5e4b2d9f84c6e8a0b', idPSP: 'BCITITMM', iuv: kit.IUV },
      channel: 'paSendRTV2',
      actor: 'node',
    });
    // In July Rome is UTC+2: the time shown is the one the payer saw.
    expect(duplicate.detail).toBe('Pagamento doppio: seconda ricevuta IUR-SECONDO 147,92 € pagata il 15/07/2024 09:05, PSP Intesa Sanpaolo (BCITITMM) (prima: c1a5e4b2d9f84c6e8a0b)');
    expect(duplicate.warnings).toHaveLength(1);
    expect(report).toMatchObject({
      detail: 'Rendicontato nel flusso 2024-03-06BCITITMM-S000123 riga 1 esito 0 (pagamento eseguito): 147,92 €, regolamento del 06/03/2024, PSP BCITITMM, IUR c1a5e4b2d9f84c6e8a0b',
      refs: { iuf: '2024-03-06BCITITMM-S000123', iur: 'c1a5e4b2d9f84c6e8a0b' },
      channel: 'import',
    });
    expect(cash).toMatchObject({
      detail: 'Incassato: movimento GDC-2024-000457 del 07/03/2024 (valuta 07/03/2024), 147,92 €, riversamento del flusso 2024-03-06BCITITMM-S000123',
      refs: { movementId: 'GDC-2024-000457', iuf: '2024-03-06BCITITMM-S000123' },
      channel: 'sistema',
    });
    expect(reconciled.detail).toBe('Riconciliato: RT_IUF, RT_IUF_TES');
    expect(assessed).toMatchObject({ detail: 'Accertato: accertamento ACC-2024-17 anno 2024', channel: 'backoffice', refs: { accertamentoId: 'ACC-2024-17' } });
  });

  it('tells updates field by field, cancellations with their reason, and expiry', () => {
    const log = new TestEventLog();
    log.append(kit.created());
    log.append(kit.expired('2024-07-01'));
    const next = { ...kit.position, importo: 15000, dataScadenza: '2024-09-30' };
    log.append(
      { type: 'PositionUpdated', data: { codIpa: 'c_a562', iud: 'TARI-2024-0001', iuv: kit.IUV, at: kit.LATER, changes: { importo: 15000, dataScadenza: '2024-09-30', bilancio: null }, position: next, reopened: true } },
      { actor: 'operator:m.bianchi' },
    );
    log.append(kit.cancelled('emesso per errore'), { actor: 'operator:m.bianchi' });
    log.append(kit.cancelled(), { actor: 'operator:m.bianchi' });
    const [, expired, updated, cancelled, cancelledNoReason] = entries(log);
    expect(expired).toMatchObject({ type: 'scadenza', what: 'Scaduto', detail: 'Scaduto il 30/06/2024: non più pagabile (rilevato il 01/07/2024)' });
    expect(updated).toMatchObject({
      type: 'modifica',
      detail: 'Dovuto modificato (azione M) da operator:m.bianchi: importo 150,00 €, scadenza 30/09/2024, bilancio rimosso; il dovuto scaduto torna pagabile',
      refs: { importo: '150.00' },
    });
    expect(cancelled.detail).toBe('Annullato (azione A) da operator:m.bianchi: motivo: emesso per errore');
    expect(cancelledNoReason.detail).toBe('Annullato (azione A) da operator:m.bianchi: nessun motivo indicato');
  });

  it('flags money taken after a cancellation and a flow that came before the receipt', () => {
    const log = new TestEventLog();
    log.append(kit.created());
    log.append(kit.reported({}, true));
    log.append(kit.receiptReceived({}, { paidAfterCancellation: true, paidAfterExpiry: true }));
    const [, report, receipt] = entries(log);
    expect(report.warnings).toEqual(['Rendicontato prima che arrivasse la ricevuta']);
    expect(receipt.warnings).toEqual(["Pagato dopo l'annullamento del dovuto: da rimborsare o riassegnare", 'Pagato dopo la scadenza del dovuto']);
  });

  it('writes big amounts the Italian way', () => {
    const log = new TestEventLog();
    log.append(kit.created({ importo: 123456789 }));
    expect(entries(log)[0].detail).toContain('importo 1.234.567,89 €');
  });

  it('applying each event twice gives the same entries, one per event', () => {
    const docs = expectIdempotent(auditTrailProjection, lifeOfTari().events);
    expect(Object.keys(docs.audit_trail)).toHaveLength(9);
  });

  it('a full replay equals applying the log in two batches', () => {
    const events = lifeOfTari().events;
    const full = applyEventsInMemory(auditTrailProjection, events);
    const incremental = applyEventsInMemory(auditTrailProjection, events.slice(4), applyEventsInMemory(auditTrailProjection, events.slice(0, 4)));
    expect(incremental).toEqual(full);
  });
});
