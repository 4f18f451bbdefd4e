import { DATI_SPECIFICI_RISCOSSIONE_KEY, type ParsedReceipt, type ReceiptTransfer } from '../receipt';
import type { XmlReader } from '../xml/xml-reader';
import * as xsd from '../xml/xsd-types';
import { dropUndefined, readMetadata, readStationHeader, readSubject } from './common';
import { romeLocalToZoned } from './local-time';

/**
 * Reads paSendRTReq (ctReceipt) and paSendRTV2Request (ctReceiptV2) into a ParsedReceipt.
 *
 * A receipt means the money has been collected: refusing it only makes the Node retry and leaves the ente
 * blind. So everything that carries meaning is checked strictly (identifiers, amounts, dates, outcome,
 * transfers) and refused with the field's path, while deviations that change nothing are kept as warnings:
 * unknown elements, empty optional elements, a subject type other than F/G, a V2 MBDAttachment that is not
 * base64 (all produced by pagoPA's WISP converter), and a missing transferCategory (older Node versions).
 */
export type ReceiptVersion = 'V1' | 'V2';

const DSR_KEY = DATI_SPECIFICI_RISCOSSIONE_KEY.toLowerCase();

const ID_TRANSFER = xsd.intBetween(1, 5);

function readTransfer(t: XmlReader, version: ReceiptVersion, iur: string): ReceiptTransfer {
  const transfer: Partial<ReceiptTransfer> = {
    idTransfer: t.value('idTransfer', ID_TRANSFER),
    amount: t.value('transferAmount', xsd.amount({ notZero: true })),
    fiscalCodePA: t.value('fiscalCodePA', xsd.fiscalCodePA),
    iur,
  };
  if (version === 'V2') transfer.companyName = t.optionalValue('companyName', xsd.text(140));
  const iban = t.optionalValue('IBAN', xsd.text(35));
  const mbd = version === 'V2' ? t.optionalValue('MBDAttachment', xsd.text(Number.MAX_SAFE_INTEGER)) : undefined;
  if (version === 'V1') {
    if (iban === undefined) t.error(`${t.path}.IBAN`, 'is required but missing');
  } else if (iban !== undefined && mbd !== undefined) {
    t.error(t.path, 'has both IBAN and MBDAttachment: a transfer is paid to an account or is a marca da bollo, not both');
  } else if (iban === undefined && mbd === undefined) {
    t.error(t.path, 'needs an IBAN or an MBDAttachment (marca da bollo)');
  }
  if (mbd !== undefined && !xsd.base64(mbd).ok) t.warn(`${t.path}.MBDAttachment`, 'is not base64; kept verbatim');
  transfer.iban = iban;
  transfer.mbdAttachment = mbd;
  transfer.remittanceInformation = t.value('remittanceInformation', xsd.text(140));
  transfer.transferCategory = t.optionalValue('transferCategory', xsd.text(140));
  if (transfer.transferCategory === undefined) t.warn(`${t.path}.transferCategory`, 'is missing (required since SANP 2.1); the transfer is kept without tassonomia');
  const metadata = readMetadata(t);
  transfer.metadata = metadata;
  transfer.datiSpecificiRiscossione = metadata.find((e) => e.key.toLowerCase() === DSR_KEY)?.value;
  t.reportUnexpected();
  return dropUndefined(transfer as ReceiptTransfer);
}

function readTransfers(receipt: XmlReader, version: ReceiptVersion, iur: string): ReceiptTransfer[] {
  const list = receipt.child('transferList');
  if (!list) return [];
  const transfers = list.children('transfer', { min: 1, max: 5 }).map((t) => readTransfer(t, version, iur));
  list.reportUnexpected();
  const ids = transfers.map((t) => t.idTransfer).filter((id) => id !== undefined);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) list.error(`${list.path}.transfer`, `idTransfer ${[...new Set(duplicates)].join(', ')} appears more than once`);
  return transfers;
}

/** The `<receipt>` element of a paSendRT(V2) request. rawXml and channel are set by the caller. */
export function readReceipt(receipt: XmlReader, version: ReceiptVersion): Omit<ParsedReceipt, 'rawXml' | 'channel' | 'warnings' | 'addressing'> {
  const receiptId = receipt.value('receiptId', xsd.text(Number.MAX_SAFE_INTEGER));
  const fields = {
    receiptId,
    noticeNumber: receipt.value('noticeNumber', xsd.noticeNumber),
    fiscalCode: receipt.value('fiscalCode', xsd.fiscalCodePA),
    outcome: receipt.value('outcome', xsd.oneOf(['OK', 'KO'] as const)),
    creditorReferenceId: receipt.value('creditorReferenceId', xsd.text(35)),
    paymentAmount: receipt.value('paymentAmount', xsd.amount()),
    description: receipt.value('description', xsd.text(140)),
    companyName: receipt.value('companyName', xsd.text(140)),
    officeName: receipt.optionalValue('officeName', xsd.text(140)),
    debtor: readSubject(receipt, 'debtor', true)!,
    transfers: readTransfers(receipt, version, receiptId),
    idPSP: receipt.value('idPSP', xsd.text(35)),
    pspFiscalCode: receipt.optionalValue('pspFiscalCode', xsd.text(70)),
    pspPartitaIVA: receipt.optionalValue('pspPartitaIVA', xsd.text(20)),
    pspCompanyName: receipt.value('PSPCompanyName', xsd.text(70)),
    idChannel: receipt.value('idChannel', xsd.text(35)),
    channelDescription: receipt.value('channelDescription', xsd.text(35)),
    payer: readSubject(receipt, 'payer', false),
    paymentMethod: receipt.optionalValue('paymentMethod', xsd.text(35)),
    paymentNote: version === 'V2' ? receipt.optionalValue('paymentNote', xsd.text(210)) : undefined,
    fee: receipt.optionalValue('fee', xsd.amount()),
    primaryCiIncurredFee: version === 'V2' ? receipt.optionalValue('primaryCiIncurredFee', xsd.amount()) : undefined,
    idBundle: version === 'V2' ? receipt.optionalValue('idBundle', xsd.text(70)) : undefined,
    idCiBundle: version === 'V2' ? receipt.optionalValue('idCiBundle', xsd.text(70)) : undefined,
    paymentDateTime: receipt.optionalValue('paymentDateTime', xsd.isoDateTime),
    applicationDate: receipt.optionalValue('applicationDate', xsd.isoDate),
    transferDate: receipt.optionalValue('transferDate', xsd.isoDate),
    metadata: readMetadata(receipt),
    standIn: receipt.optionalValue('standIn', xsd.xsdBoolean),
  };
  receipt.reportUnexpected();
  return dropUndefined({
    ...fields,
    paymentDateTimeIso: fields.paymentDateTime === undefined ? undefined : romeLocalToZoned(fields.paymentDateTime),
  });
}

/** paSendRTReq / paSendRTV2Request: the station header and the receipt. */
export function readSendRtRequest(r: XmlReader, version: ReceiptVersion): Omit<ParsedReceipt, 'rawXml' | 'channel' | 'warnings'> {
  const addressing = readStationHeader(r);
  const receipt = r.child('receipt');
  r.reportUnexpected();
  const read = receipt ? readReceipt(receipt, version) : ({} as Omit<ParsedReceipt, 'rawXml' | 'channel' | 'warnings' | 'addressing'>);
  return { ...read, addressing };
}
