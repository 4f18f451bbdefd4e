import type { RecordedEvent } from '../../src/kernel/events';
import type { Cents } from '../../src/kernel/money';
import { isCalendarDate } from '../../src/positions/domain/calendar-date';
import type { PositionCashed, PositionReported, ReceiptReceived } from '../../src/positions/domain/position.events';
import type { AccertamentoClosed, AccertamentoPayment } from '../../src/accertamenti/domain/accertamento.events';
import { parseInstant, romeOffsetHours } from '../common/rome-time';
import { TOTAL_VALUE, type StatDimension, type StatMeasure } from './statistics.read-model';

/**
 * What one event adds to the statistics, before bucketing: an amount and a count, for a measure, on a day, under
 * a dimension value. Which events count, as MyPivot's statistics views define them:
 *
 * - total (every payment of the ente):
 *   paid     = positive receipts (ReceiptReceived, outcome OK), by data esito: the Italian calendar day of
 *              paymentDateTime (then applicationDate, then the day it was recorded, if the receipt has no time);
 *   reported = reporting flow rows (PositionReported) except esito 3 (revoked), by dataRegolamento;
 *   cashed   = treasury movements credited to the position (PositionCashed), by dataValuta.
 *   DuplicatePaymentReceived is not counted: the position was paid once. A repeated receipt or FR row never
 *   reaches the log twice (the position decider ignores the same receiptId and the same iuf + rowIndex).
 * - tipoDovuto, ufficio, capitolo, accertamento: payments of CLOSED accertamenti only (AccertamentoClosed), each
 *   split amount by the payment's data esito / data regolamento / data valuta. This is MyPivot's rule (its
 *   vm_statistica_*_uff_td_cap_acc views join accertamento_dettaglio of accertamenti in state CHIUSO): the budget
 *   split of a payment is only final once an operator closed the accertamento. A payment split over two capitoli
 *   counts once under each; the accertamento dimension is the accertamento contabile of the split (splits without
 *   one are left out of it, like MyPivot's 'n/a').
 */
export interface Contribution {
  codIpa: string;
  dimension: StatDimension;
  dimensionValue: string;
  /** YYYY-MM-DD */
  date: string;
  measure: StatMeasure;
  amount: Cents;
  count: number;
}

const HOUR = 3_600_000;

/** The Italian calendar day of an ISO time ('2024-03-05T23:30:00Z' is 6 March in Rome); undefined if it is not a time. */
export function italianDay(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  if (isCalendarDate(text)) return text;
  const ms = parseInstant(text);
  if (ms === undefined) return undefined;
  return new Date(ms + romeOffsetHours(ms) * HOUR).toISOString().slice(0, 10);
}

const total = (codIpa: string, date: string, measure: StatMeasure, amount: Cents): Contribution => ({
  codIpa,
  dimension: 'total',
  dimensionValue: TOTAL_VALUE,
  date,
  measure,
  amount,
  count: 1,
});

function receipt(e: ReceiptReceived['data']): Contribution[] {
  if (e.outcome !== 'OK') return [];
  const date = italianDay(e.paymentDateTime) ?? italianDay(e.applicationDate) ?? italianDay(e.at);
  return date ? [total(e.codIpa, date, 'paid', e.amount)] : [];
}

function reported(e: PositionReported['data']): Contribution[] {
  // Esito 3: the PSP revoked the payment in this flow; no money moves for it.
  if (e.esito === '3' || !isCalendarDate(e.dataRegolamento)) return [];
  return [total(e.codIpa, e.dataRegolamento, 'reported', e.amount)];
}

function cashed(e: PositionCashed['data']): Contribution[] {
  return isCalendarDate(e.dataValuta) ? [total(e.codIpa, e.dataValuta, 'cashed', e.amount)] : [];
}

/** Sums a payment's splits per value of one dimension (two splits on one capitolo are one capitolo amount). */
function byValue(p: AccertamentoPayment, pick: (s: AccertamentoPayment['splits'][number]) => string | undefined): Map<string, Cents> {
  const sums = new Map<string, Cents>();
  for (const split of p.splits) {
    const value = pick(split);
    if (value !== undefined) sums.set(value, (sums.get(value) ?? 0) + split.importo);
  }
  return sums;
}

function accertamentoClosed(e: AccertamentoClosed['data']): Contribution[] {
  const out: Contribution[] = [];
  for (const p of e.payments) {
    const amounts: [StatDimension, Map<string, Cents>][] = [
      ['tipoDovuto', new Map([[e.codTipoDovuto, p.importo]])],
      ['ufficio', byValue(p, (s) => s.codUfficio)],
      ['capitolo', byValue(p, (s) => s.codCapitolo)],
      ['accertamento', byValue(p, (s) => s.codAccertamento)],
    ];
    const dates: [StatMeasure, string | undefined][] = [
      ['paid', p.dataEsito],
      ['reported', p.dataRegolamento],
      ['cashed', p.dataValuta],
    ];
    for (const [measure, date] of dates) {
      if (!isCalendarDate(date)) continue;
      for (const [dimension, sums] of amounts)
        for (const [dimensionValue, amount] of sums) out.push({ codIpa: e.codIpa, dimension, dimensionValue, date, measure, amount, count: 1 });
    }
  }
  return out;
}

export function contributionsOf(event: RecordedEvent): Contribution[] {
  switch (event.type) {
    case 'ReceiptReceived':
      return receipt(event.data as ReceiptReceived['data']);
    case 'PositionReported':
      return reported(event.data as PositionReported['data']);
    case 'PositionCashed':
      return cashed(event.data as PositionCashed['data']);
    case 'AccertamentoClosed':
      return accertamentoClosed(event.data as AccertamentoClosed['data']);
    default:
      return [];
  }
}
