import type { RecordedEvent } from '../../kernel/events';
import type { ReceiptReceived } from '../../positions/domain/position.events';
import type { ReportingFlowData } from '../../reporting/domain/reporting-flow.events';
import type { TreasuryMovementData } from '../../treasury/domain/treasury.events';
import type { PaymentNotified } from '../../notifications/domain/notification.events';
import { ESITI_SINGOLO_PAGAMENTO, type EsitoSingoloPagamento, type Receipt, type ReconciliationSource, type TreasuryMovement } from '../domain';

/** What the views show of a receipt besides what the engine compares: carried inside the engine's receipt document. */
export interface ReceiptColumns {
  readonly codiceFiscalePagatore?: string;
  readonly anagraficaPagatore?: string;
  readonly codiceFiscaleVersante?: string;
  readonly anagraficaVersante?: string;
  readonly idPSP?: string;
}
export type ReceiptWithColumns = Receipt & ReceiptColumns;
export type MovementWithColumns = TreasuryMovement & { readonly ordinante?: string; readonly segno?: '+' | '-' };
export type NotificationWithColumns = PaymentNotified['data'];

export const RECONCILIATION_SOURCE_EVENTS = ['ReceiptReceived', 'ReportingFlowReceived', 'TreasuryMovementRecorded', 'PaymentNotified'] as const;

/** The time of the fact, the same whichever store or order the event was recorded in: what ranks two versions. */
const factTime = (e: RecordedEvent): string => (e.data as { at?: string }).at ?? e.metadata.occurredAt ?? e.recordedAt;

/**
 * The engine's sources in one event. A receipt gives one source per transfer (the FR reports transfers, by
 * idTransfer as indiceDatiSingoloPagamento). Treasury debits (segno "-") give none: the engine compares the money
 * credited to the ente and refuses negative amounts; the movement stays in the journal view.
 */
export function sourcesOf(e: RecordedEvent): ReconciliationSource[] {
  const recordedAt = factTime(e);
  switch (e.type) {
    case 'ReceiptReceived': {
      const d = e.data as ReceiptReceived['data'];
      return d.transfers.map((tr) => {
        const data: ReceiptWithColumns = {
          codIpa: d.codIpa,
          iuv: d.iuv,
          iur: tr.iur ?? d.receiptId,
          transferIndex: tr.idTransfer,
          amount: tr.amount,
          totalAmount: d.amount,
          iud: d.iud,
          outcome: d.outcome,
          dataEsito: (d.paymentDateTime ?? d.at).slice(0, 10),
          attestante: d.attestante ?? d.pspName ?? d.idPSP,
          idPSP: d.idPSP,
          ...(d.debtor ? { codiceFiscalePagatore: d.debtor.codiceIdentificativo, anagraficaPagatore: d.debtor.anagrafica } : {}),
          ...(d.payer ? { codiceFiscaleVersante: d.payer.codiceIdentificativo, anagraficaVersante: d.payer.anagrafica } : {}),
        };
        return { type: 'receipt' as const, id: `${e.id}#${tr.idTransfer}`, recordedAt, data };
      });
    }
    case 'ReportingFlowReceived': {
      const d = e.data as ReportingFlowData;
      return [
        {
          type: 'reportingFlow',
          id: e.id,
          recordedAt,
          data: {
            codIpa: d.codIpa,
            header: {
              iuf: d.iuf,
              idPSP: d.idPSP,
              totalAmount: d.totalAmount,
              dataRegolamento: d.dataRegolamento,
              identificativoUnivocoRegolamento: d.identificativoUnivocoRegolamento,
              dataOraFlusso: d.dataOraFlusso,
              ...(d.revision !== undefined ? { revision: d.revision } : {}),
            },
            // A row with an unknown esito is an anomaly of the flow (recorded on import); it takes no part here.
            rows: d.rows
              .filter((r) => (ESITI_SINGOLO_PAGAMENTO as readonly string[]).includes(r.esito))
              .map((r) => ({ iuf: d.iuf, rowIndex: r.index, iuv: r.iuv, iur: r.iur, transferIndex: r.transferIndex, amount: r.amount, esito: r.esito as EsitoSingoloPagamento, dataEsito: r.dataEsito })),
          },
        },
      ];
    }
    case 'TreasuryMovementRecorded': {
      const d = e.data as TreasuryMovementData;
      if (d.segno !== '+') return [];
      const data: MovementWithColumns = {
        codIpa: d.codIpa,
        movementId: d.key,
        amount: d.importo,
        ...(d.iuf ? { iuf: d.iuf } : {}),
        ...(d.iuv ? { iuv: d.iuv } : {}),
        dataValuta: d.dataValuta,
        dataContabile: d.dataContabile,
        ...(d.conto ? { conto: d.conto } : {}),
        causale: d.causale,
        ...(d.ordinante ? { ordinante: d.ordinante } : {}),
        segno: d.segno,
      };
      return [{ type: 'treasuryMovement', id: e.id, recordedAt, data }];
    }
    case 'PaymentNotified': {
      const d = e.data as NotificationWithColumns;
      return [{ type: 'notification', id: e.id, recordedAt, data: { ...d } }];
    }
    default:
      return [];
  }
}
