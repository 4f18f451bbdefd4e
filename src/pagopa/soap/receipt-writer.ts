import { invalid } from '../../kernel/errors';
import type { Cents } from '../../kernel/money';
import { DATI_SPECIFICI_RISCOSSIONE_KEY, type MapEntry, type ReceiptSubject } from '../receipt';
import { el, optEl, type XmlNode } from '../xml/safe-xml';
import * as xsd from '../xml/xsd-types';
import { amountElement, identifier, metadataElement, optionalText, requiredText, stationHeaderChildren, subjectElement, type PaStationHeader } from './common';
import { paForNodeElement, soapEnvelope } from './envelope';
import type { ReceiptVersion } from './receipt-reader';

/**
 * Builds paSendRT / paSendRTV2 requests as the Node sends them: the built-in Node simulator uses it to deliver
 * receipts, and tests use it to produce receipts of any shape.
 */
export interface ReceiptTransferInput {
  idTransfer: number;
  amount: Cents;
  fiscalCodePA: string;
  /** V2 only. */
  companyName?: string;
  iban?: string;
  /** V2 only, instead of an IBAN. */
  mbdAttachment?: string;
  remittanceInformation: string;
  transferCategory: string;
  datiSpecificiRiscossione?: string;
  metadata?: MapEntry[];
}

export interface ReceiptInput {
  receiptId: string;
  noticeNumber: string;
  fiscalCode: string;
  outcome: 'OK' | 'KO';
  creditorReferenceId: string;
  paymentAmount: Cents;
  description: string;
  companyName: string;
  officeName?: string;
  debtor: ReceiptSubject;
  transfers: ReceiptTransferInput[];
  idPSP: string;
  pspFiscalCode?: string;
  pspPartitaIVA?: string;
  pspCompanyName: string;
  idChannel: string;
  channelDescription: string;
  payer?: ReceiptSubject;
  paymentMethod?: string;
  /** V2 only. */
  paymentNote?: string;
  fee?: Cents;
  /** V2 only. */
  primaryCiIncurredFee?: Cents;
  /** V2 only. */
  idBundle?: string;
  /** V2 only. */
  idCiBundle?: string;
  paymentDateTime?: string;
  applicationDate?: string;
  transferDate?: string;
  metadata?: MapEntry[];
  standIn?: boolean;
}

export interface SendRtRequestInput extends PaStationHeader {
  receipt: ReceiptInput;
}

function transferElement(t: ReceiptTransferInput, version: ReceiptVersion, index: number): XmlNode {
  const field = `receipt.transfers[${index + 1}]`;
  if (version === 'V1' && t.mbdAttachment !== undefined) throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field}: a marca da bollo can only travel in paSendRTV2`);
  if ((t.iban === undefined) === (t.mbdAttachment === undefined)) throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} needs either an IBAN or an MBDAttachment`);
  const entries = [...(t.metadata ?? [])];
  if (t.datiSpecificiRiscossione !== undefined && !entries.some((e) => e.key.toLowerCase() === DATI_SPECIFICI_RISCOSSIONE_KEY.toLowerCase())) {
    entries.unshift({ key: DATI_SPECIFICI_RISCOSSIONE_KEY, value: t.datiSpecificiRiscossione });
  }
  return el('transfer', [
    el('idTransfer', String(t.idTransfer)),
    amountElement('transferAmount', t.amount, `${field}.amount`, { notZero: true }),
    identifier('fiscalCodePA', t.fiscalCodePA, xsd.fiscalCodePA, `${field}.fiscalCodePA`),
    version === 'V2' && optionalText('companyName', t.companyName, 140),
    t.iban !== undefined ? identifier('IBAN', t.iban, xsd.text(35), `${field}.iban`) : el('MBDAttachment', t.mbdAttachment!),
    requiredText('remittanceInformation', t.remittanceInformation, 140, `${field}.remittanceInformation`),
    requiredText('transferCategory', t.transferCategory, 140, `${field}.transferCategory`),
    metadataElement(entries, `${field}.metadata`),
  ]);
}

function receiptElement(r: ReceiptInput, version: ReceiptVersion): XmlNode {
  const v2 = version === 'V2';
  return el('receipt', [
    identifier('receiptId', r.receiptId, xsd.text(Number.MAX_SAFE_INTEGER), 'receipt.receiptId'),
    identifier('noticeNumber', r.noticeNumber, xsd.noticeNumber, 'receipt.noticeNumber'),
    identifier('fiscalCode', r.fiscalCode, xsd.fiscalCodePA, 'receipt.fiscalCode'),
    el('outcome', r.outcome),
    identifier('creditorReferenceId', r.creditorReferenceId, xsd.text(35), 'receipt.creditorReferenceId'),
    amountElement('paymentAmount', r.paymentAmount, 'receipt.paymentAmount'),
    requiredText('description', r.description, 140, 'receipt.description'),
    requiredText('companyName', r.companyName, 140, 'receipt.companyName'),
    optionalText('officeName', r.officeName, 140),
    subjectElement('debtor', r.debtor, 'receipt.debtor'),
    el(
      'transferList',
      r.transfers.map((t, i) => transferElement(t, version, i)),
    ),
    identifier('idPSP', r.idPSP, xsd.text(35), 'receipt.idPSP'),
    optionalText('pspFiscalCode', r.pspFiscalCode, 70),
    optionalText('pspPartitaIVA', r.pspPartitaIVA, 20),
    requiredText('PSPCompanyName', r.pspCompanyName, 70, 'receipt.pspCompanyName'),
    identifier('idChannel', r.idChannel, xsd.text(35), 'receipt.idChannel'),
    requiredText('channelDescription', r.channelDescription, 35, 'receipt.channelDescription'),
    r.payer && subjectElement('payer', r.payer, 'receipt.payer'),
    optionalText('paymentMethod', r.paymentMethod, 35),
    v2 && optionalText('paymentNote', r.paymentNote, 210),
    r.fee !== undefined && amountElement('fee', r.fee, 'receipt.fee'),
    v2 && r.primaryCiIncurredFee !== undefined && amountElement('primaryCiIncurredFee', r.primaryCiIncurredFee, 'receipt.primaryCiIncurredFee'),
    v2 && optionalText('idBundle', r.idBundle, 70),
    v2 && optionalText('idCiBundle', r.idCiBundle, 70),
    r.paymentDateTime !== undefined && identifier('paymentDateTime', r.paymentDateTime, xsd.isoDateTime, 'receipt.paymentDateTime'),
    r.applicationDate !== undefined && identifier('applicationDate', r.applicationDate, xsd.isoDate, 'receipt.applicationDate'),
    r.transferDate !== undefined && identifier('transferDate', r.transferDate, xsd.isoDate, 'receipt.transferDate'),
    metadataElement(r.metadata, 'receipt.metadata'),
    optEl('standIn', r.standIn === undefined ? undefined : String(r.standIn)),
  ]);
}

export function buildSendRtRequest(input: SendRtRequestInput, version: ReceiptVersion): string {
  if (input.receipt.transfers.length < 1 || input.receipt.transfers.length > 5) {
    throw invalid('PAGOPA_MESSAGE_INVALID', 'receipt.transfers', `a receipt has 1 to 5 transfers, this one has ${input.receipt.transfers.length}`);
  }
  const element = version === 'V1' ? 'paSendRTReq' : 'paSendRTV2Request';
  return soapEnvelope(paForNodeElement(element, [...stationHeaderChildren(input), receiptElement(input.receipt, version)]));
}
