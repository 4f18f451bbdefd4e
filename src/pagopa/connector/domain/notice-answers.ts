import type { EnteProfile, TipoDovuto } from '../../../enti/domain/ente.events';
import type { PositionState } from '../../../positions/domain/position.state';
import { positionTotal, type Payer, type Position } from '../../../positions/domain/position.types';
import type { ReceiptSubject } from '../../receipt';
import { paFault, type PaFault } from '../../soap/faults';
import type { PaVerifyPaymentNoticeOk } from '../../soap/pa-verify-payment-notice';
import type { PaymentPositionData, PaymentTransferInput } from '../../soap/payment-data';

/**
 * What the ente answers the Node about one notice, from the position's state alone. Money taken decides
 * first: a paid position is DUPLICATO even if it was later cancelled.
 */
export function payabilityFault(state: PositionState, faultId: string, noticeNumber: string): PaFault | undefined {
  const p = state.position;
  if (p === null) return paFault('PAA_PAGAMENTO_SCONOSCIUTO', `no position of this ente has notice number ${noticeNumber}`, faultId);
  if (state.paid) return paFault('PAA_PAGAMENTO_DUPLICATO', `notice ${noticeNumber} (dovuto ${p.iud}) is already paid (receipt ${state.paidBy ?? 'recorded'})`, faultId);
  if (state.cancelled) return paFault('PAA_PAGAMENTO_ANNULLATO', `notice ${noticeNumber} (dovuto ${p.iud}) was cancelled by the ente`, faultId);
  if (state.expired) return paFault('PAA_PAGAMENTO_SCADUTO', `notice ${noticeNumber} (dovuto ${p.iud}) expired on ${p.dataScadenza ?? 'its due date'}`, faultId);
  return undefined;
}

/** The fault for a position command the decider refused (a concurrent change between our check and the append). */
export function faultOfPositionError(code: string, faultId: string, message: string): PaFault {
  switch (code) {
    case 'ALREADY_PAID':
      return paFault('PAA_PAGAMENTO_DUPLICATO', message, faultId);
    case 'POSITION_CANCELLED':
      return paFault('PAA_PAGAMENTO_ANNULLATO', message, faultId);
    case 'POSITION_EXPIRED':
      return paFault('PAA_PAGAMENTO_SCADUTO', message, faultId);
    case 'POSITION_NOT_FOUND':
      return paFault('PAA_PAGAMENTO_SCONOSCIUTO', message, faultId);
    default:
      return paFault('PAA_SEMANTICA', message, faultId);
  }
}

/** pagoPA needs a due date on every payment; a position without one is payable "until further notice". */
export const NO_DUE_DATE = '2099-12-31';

export function verifyAnswer(p: Position, ente: EnteProfile): PaVerifyPaymentNoticeOk {
  return {
    amount: positionTotal(p),
    options: 'EQ',
    dueDate: p.dataScadenza ?? NO_DUE_DATE,
    detailDescription: p.causale,
    allCCP: false,
    paymentDescription: p.causale,
    fiscalCodePA: ente.cfEnte,
    companyName: ente.denominazione,
  };
}

/** '9/0101100IM/' → '0101100IM': the tassonomia is the code after the accounting type. */
export function tassonomiaOf(datiSpecificiRiscossione: string): string {
  const code = datiSpecificiRiscossione.split('/')[1]?.trim();
  return code ? code : datiSpecificiRiscossione;
}

export function debtorOf(payer: Payer): ReceiptSubject {
  const subject: ReceiptSubject = {
    uniqueIdentifierType: payer.tipo,
    uniqueIdentifierValue: payer.codiceIdentificativo,
    fullName: payer.anagrafica,
    streetName: payer.indirizzo,
    civicNumber: payer.civico,
    postalCode: payer.cap,
    city: payer.localita,
    stateProvinceRegion: payer.provincia,
    country: payer.nazione,
    email: payer.email,
  };
  return Object.fromEntries(Object.entries(subject).filter(([, v]) => v !== undefined)) as unknown as ReceiptSubject;
}

/**
 * paGetPayment(V2) data: the ente's share credited to the IBAN of the tipo dovuto, and the ente secondario's
 * share as a second transfer when the dovuto has one (multi-beneficiary).
 */
export function paymentData(p: Position, ente: EnteProfile, tipo: TipoDovuto): PaymentPositionData {
  const transfers: PaymentTransferInput[] = [
    {
      idTransfer: 1,
      amount: p.importo,
      fiscalCodePA: ente.cfEnte,
      companyName: ente.denominazione,
      iban: tipo.iban,
      remittanceInformation: p.causale,
      transferCategory: tipo.tassonomia ?? tassonomiaOf(p.datiSpecificiRiscossione),
      datiSpecificiRiscossione: p.datiSpecificiRiscossione,
    },
  ];
  const s = p.secondario;
  if (s) {
    transfers.push({
      idTransfer: 2,
      amount: s.importo,
      fiscalCodePA: s.codiceFiscale,
      companyName: s.denominazione,
      iban: s.iban,
      remittanceInformation: s.causale ?? p.causale,
      transferCategory: tassonomiaOf(s.datiSpecificiRiscossione),
      datiSpecificiRiscossione: s.datiSpecificiRiscossione,
    });
  }
  return {
    creditorReferenceId: p.iuv,
    paymentAmount: positionTotal(p),
    dueDate: p.dataScadenza ?? NO_DUE_DATE,
    description: p.causale,
    companyName: ente.denominazione,
    debtor: debtorOf(p.payer),
    transfers,
  };
}
