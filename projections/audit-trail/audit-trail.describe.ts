import { centsToEuros } from '../../src/kernel/money';
import type { PositionChanges, PositionEvent } from '../../src/positions/domain/position.events';
import type { EsitoRendicontazione } from '../../src/positions/domain/position.types';
import { formatEuroIt } from '../common/money-it';
import { formatDateIt, formatDateTimeIt } from '../common/rome-time';
import type { AuditKind, AuditRefs } from './audit-trail.entry';

export interface AuditWords {
  type: AuditKind;
  what: string;
  detail: string;
  warnings: string[];
  refs: AuditRefs;
  /** Set when the event itself names its channel (pagoPA primitive of a payment request or receipt). */
  channel?: string;
}

const ESITI: Record<EsitoRendicontazione, string> = {
  '0': 'pagamento eseguito',
  '3': 'pagamento revocato',
  '4': 'pagamento eseguito in stand-in',
  '8': 'pagamento eseguito in stand-in senza RPT',
  '9': 'pagamento eseguito senza RPT',
};

function describeChanges(c: PositionChanges): string[] {
  const parts: string[] = [];
  if (c.payer) parts.push(`pagatore ${c.payer.codiceIdentificativo} (${c.payer.anagrafica})`);
  if (c.importo !== undefined) parts.push(`importo ${formatEuroIt(c.importo)}`);
  if (c.dataScadenza !== undefined) parts.push(c.dataScadenza === null ? 'scadenza rimossa' : `scadenza ${formatDateIt(c.dataScadenza)}`);
  if (c.causale !== undefined) parts.push(`causale "${c.causale}"`);
  if (c.datiSpecificiRiscossione !== undefined) parts.push(`dati specifici di riscossione ${c.datiSpecificiRiscossione}`);
  if (c.bilancio !== undefined) parts.push(c.bilancio === null ? 'bilancio rimosso' : `bilancio su ${c.bilancio.capitoli.length} capitol${c.bilancio.capitoli.length === 1 ? 'o' : 'i'}`);
  if (c.commissioneCaricoPa !== undefined)
    parts.push(c.commissioneCaricoPa === null ? 'commissione a carico PA rimossa' : `commissione a carico PA ${formatEuroIt(c.commissioneCaricoPa)}`);
  if (c.secondario !== undefined)
    parts.push(c.secondario === null ? 'ente secondario rimosso' : `ente secondario ${c.secondario.denominazione} per ${formatEuroIt(c.secondario.importo)}`);
  return parts;
}

const psp = (idPSP: string, pspName?: string) => (pspName ? `${pspName} (${idPSP})` : idPSP);
const paidOn = (paymentDateTime?: string) => (paymentDateTime ? ` pagata il ${formatDateTimeIt(paymentDateTime)}` : '');

/** A position event in the words of an Italian operator. `actor` is who caused it (the event's metadata). */
export function describePositionEvent(event: PositionEvent, actor: string): AuditWords {
  const iuv = event.data.iuv;
  switch (event.type) {
    case 'PositionCreated': {
      const d = event.data;
      const scadenza = d.dataScadenza ? `scadenza ${formatDateIt(d.dataScadenza)}` : 'senza scadenza';
      const secondario = d.secondario ? `, più ${formatEuroIt(d.secondario.importo)} per ${d.secondario.denominazione}` : '';
      return {
        type: 'creazione',
        what: 'Dovuto creato',
        detail:
          `Dovuto creato (azione I) da ${actor}: importo ${formatEuroIt(d.importo)}${secondario}, ${scadenza}, IUV ${d.iuv}, ` +
          `tipo dovuto ${d.tipoDovuto}, pagatore ${d.payer.codiceIdentificativo} (${d.payer.anagrafica})`,
        warnings: [],
        refs: { importo: centsToEuros(d.importo), iuv },
      };
    }
    case 'PositionUpdated': {
      const d = event.data;
      const parts = describeChanges(d.changes);
      const reopened = d.reopened ? '; il dovuto scaduto torna pagabile' : '';
      return {
        type: 'modifica',
        what: 'Dovuto modificato',
        detail: `Dovuto modificato (azione M) da ${actor}: ${parts.length ? parts.join(', ') : 'nessun campo cambiato'}${reopened}`,
        warnings: [],
        refs: { ...(d.changes.importo !== undefined && { importo: centsToEuros(d.changes.importo) }), iuv },
      };
    }
    case 'PositionCancelled':
      return {
        type: 'annullamento',
        what: 'Annullato',
        detail: `Annullato (azione A) da ${actor}: ${event.data.reason ? `motivo: ${event.data.reason}` : 'nessun motivo indicato'}`,
        warnings: [],
        refs: { iuv },
      };
    case 'PaymentRequested': {
      const d = event.data;
      const from = d.channel === 'RPT' ? 'con RPT' : `dal Nodo (${d.channel})`;
      return {
        type: 'richiesta_pagamento',
        what: 'Richiesta di pagamento',
        detail: `Richiesta di pagamento ${from}${d.idPSP ? ` PSP ${d.idPSP}` : ''}${d.paymentToken ? `, token ${d.paymentToken}` : ''}`,
        warnings: [],
        refs: { iuv, ...(d.idPSP !== undefined && { idPSP: d.idPSP }) },
        channel: d.channel,
      };
    }
    case 'ReceiptReceived': {
      const d = event.data;
      const refs: AuditRefs = { importo: centsToEuros(d.amount), iuv, iur: d.receiptId, idPSP: d.idPSP };
      if (d.outcome === 'KO')
        return {
          type: 'ricevuta_negativa',
          what: 'Ricevuta negativa',
          detail: `Ricevuta negativa IUR ${d.receiptId}: pagamento non eseguito, PSP ${psp(d.idPSP, d.pspName)}, canale ${d.channel}`,
          warnings: [],
          refs,
          channel: d.channel,
        };
      const warnings: string[] = [];
      if (d.amountMismatch) warnings.push(`Importo pagato ${formatEuroIt(d.amount)} diverso dal dovuto ${formatEuroIt(d.expectedAmount)}`);
      if (d.paidAfterCancellation) warnings.push('Pagato dopo l\'annullamento del dovuto: da rimborsare o riassegnare');
      if (d.paidAfterExpiry) warnings.push('Pagato dopo la scadenza del dovuto');
      return {
        type: 'ricevuta_positiva',
        what: 'Ricevuta positiva',
        detail: `Ricevuta positiva IUR ${d.receiptId} ${formatEuroIt(d.amount)}${paidOn(d.paymentDateTime)}, PSP ${psp(d.idPSP, d.pspName)}, canale ${d.channel}`,
        warnings,
        refs,
        channel: d.channel,
      };
    }
    case 'DuplicatePaymentReceived': {
      const d = event.data;
      return {
        type: 'pagamento_doppio',
        what: 'Pagamento doppio',
        detail: `Pagamento doppio: seconda ricevuta ${d.receiptId} ${formatEuroIt(d.amount)}${paidOn(d.paymentDateTime)}, PSP ${psp(d.idPSP, d.pspName)} (prima: ${d.firstReceiptId})`,
        warnings: ['Il pagatore ha pagato due volte: la seconda somma va rimborsata'],
        refs: { importo: centsToEuros(d.amount), iuv, iur: d.receiptId, idPSP: d.idPSP },
        channel: d.channel,
      };
    }
    case 'PositionReported': {
      const d = event.data;
      const iur = d.iur ? `, IUR ${d.iur}` : '';
      const warnings = d.beforeReceipt ? ['Rendicontato prima che arrivasse la ricevuta'] : [];
      return {
        type: 'rendicontazione',
        what: 'Rendicontato',
        detail:
          `Rendicontato nel flusso ${d.iuf} riga ${d.rowIndex} esito ${d.esito} (${ESITI[d.esito] ?? 'esito sconosciuto'}): ` +
          `${formatEuroIt(d.amount)}, regolamento del ${formatDateIt(d.dataRegolamento)}, PSP ${d.idPSP}${iur}`,
        warnings,
        refs: { importo: centsToEuros(d.amount), iuv, iuf: d.iuf, idPSP: d.idPSP, ...(d.iur !== undefined && { iur: d.iur }) },
      };
    }
    case 'PositionCashed': {
      const d = event.data;
      return {
        type: 'incasso',
        what: 'Incassato',
        detail:
          `Incassato: movimento ${d.movementId} del ${formatDateIt(d.dataContabile)} (valuta ${formatDateIt(d.dataValuta)}), ${formatEuroIt(d.amount)}` +
          (d.iuf ? `, riversamento del flusso ${d.iuf}` : ''),
        warnings: [],
        refs: { importo: centsToEuros(d.amount), iuv, movementId: d.movementId, ...(d.iuf !== undefined && { iuf: d.iuf }) },
      };
    }
    case 'PositionReconciled':
      return {
        type: 'riconciliazione',
        what: 'Riconciliato',
        detail: `Riconciliato: ${event.data.codes.length ? event.data.codes.join(', ') : 'nessuna classe'}`,
        warnings: [],
        refs: { iuv },
      };
    case 'PositionAssessed':
      return {
        type: 'accertamento',
        what: 'Accertato',
        detail: `Accertato: accertamento ${event.data.accertamentoId} anno ${event.data.anno}`,
        warnings: [],
        refs: { iuv, accertamentoId: event.data.accertamentoId },
      };
    case 'PositionExpired':
      return {
        type: 'scadenza',
        what: 'Scaduto',
        detail: `Scaduto il ${formatDateIt(event.data.dataScadenza)}: non più pagabile (rilevato il ${formatDateIt(event.data.today)})`,
        warnings: [],
        refs: { iuv },
      };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The channel when the event does not name one: where the actor acts from. */
export function channelOfActor(actor: string): string | undefined {
  if (actor.startsWith('api-key:')) return 'api';
  if (actor.startsWith('operator:')) return 'backoffice';
  if (actor.startsWith('import:')) return 'import';
  if (actor.startsWith('system:')) return 'sistema';
  if (actor === 'node' || actor.startsWith('node:')) return 'nodo';
  if (actor === 'admin') return 'admin';
  return undefined;
}
