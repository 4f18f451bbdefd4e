import type { Receipt, ReceiptSubject as PositionReceiptSubject } from '../../../positions/domain/position.types';
import type { ParsedReceipt, ReceiptSubject } from '../../receipt';

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

function subject(s: ReceiptSubject | undefined): PositionReceiptSubject | undefined {
  if (!s) return undefined;
  const out: Record<string, string | undefined> = {
    tipo: s.uniqueIdentifierType,
    codiceIdentificativo: s.uniqueIdentifierValue,
    anagrafica: s.fullName,
    indirizzo: s.streetName,
    civico: s.civicNumber,
    cap: s.postalCode,
    localita: s.city,
    provincia: s.stateProvinceRegion,
    nazione: s.country,
    email: s.email,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== '')) as unknown as PositionReceiptSubject;
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The ReceiveReceipt data for a receipt however it came (paSendRT, paSendRTV2, RT 6.2). idPSP of SANP receipts
 * is the PSP's BIC in most cases, so it doubles as pspBic when it has a BIC's shape; an RT 6.2 names the
 * attestante explicitly.
 */
export function receiptCommandData(r: ParsedReceipt, rawReceiptRef: string | undefined): Receipt {
  const isRt62 = r.channel === 'RT62';
  const attestanteIsBic = isRt62 ? r.rt62?.istitutoAttestanteIdType === 'B' : BIC.test(r.idPSP);
  return defined<Receipt>({
    receiptId: r.receiptId,
    outcome: r.outcome,
    amount: r.paymentAmount,
    fee: r.fee,
    idPSP: r.idPSP,
    pspName: r.pspCompanyName || undefined,
    pspBic: attestanteIsBic ? r.idPSP : undefined,
    attestante: isRt62 ? r.idPSP : undefined,
    debtor: subject(r.debtor),
    payer: subject(r.payer),
    paymentDateTime: r.paymentDateTimeIso ?? r.paymentDateTime,
    applicationDate: r.applicationDate,
    transferDate: r.transferDate,
    transfers: r.transfers.map((t, i) =>
      defined({
        index: i + 1,
        idTransfer: t.idTransfer,
        amount: t.amount,
        iban: t.iban,
        cfEnte: t.fiscalCodePA,
        remittanceInformation: t.remittanceInformation,
        category: t.transferCategory,
        datiSpecificiRiscossione: t.datiSpecificiRiscossione,
        iur: t.iur,
      }),
    ),
    channel: r.channel,
    rawReceiptRef,
  });
}

/** The email a citizen's receipt goes to: the payer's (who paid), else the debtor's. */
export const receiptEmail = (r: Pick<Receipt, 'payer' | 'debtor'>): string | undefined => r.payer?.email || r.debtor?.email || undefined;
