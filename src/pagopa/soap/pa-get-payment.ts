import type { Cents } from '../../kernel/money';
import { optEl, type XmlNode } from '../xml/safe-xml';
import type { XmlReader } from '../xml/xml-reader';
import * as xsd from '../xml/xsd-types';
import { amountElement, dropUndefined, identifier, optionalText, qrCodeElement, readQrCode, readStationHeader, stationHeaderChildren, type PaStationHeader, type QrCode, type TransferType } from './common';
import { paForNodeElement, soapEnvelope } from './envelope';
import { paymentDataElement, type PaymentPositionData } from './payment-data';

/**
 * paGetPayment (V1): the Node activates a payment and asks for the position's data and transfers.
 * Request fields are the same in V1 and V2 (paGetPaymentReq / paGetPaymentV2Request).
 */
export interface PaGetPaymentRequest extends PaStationHeader {
  qrCode: QrCode;
  /** The amount the PSP is about to collect, when it says. */
  amount?: Cents;
  paymentNote?: string;
  /** POSTAL: the PSP is Poste and needs postal IBANs. */
  transferType?: TransferType;
  dueDate?: string;
}

export function readPaGetPaymentRequest(r: XmlReader): PaGetPaymentRequest {
  const request: PaGetPaymentRequest = {
    ...readStationHeader(r),
    qrCode: readQrCode(r),
    amount: r.optionalValue('amount', xsd.amount()),
    paymentNote: r.optionalValue('paymentNote', xsd.text(210)),
    transferType: r.optionalValue('transferType', xsd.oneOf<TransferType>(['POSTAL', 'PAGOPA'])),
    dueDate: r.optionalValue('dueDate', xsd.isoDate),
  };
  r.reportUnexpected();
  return dropUndefined(request);
}

/** Children of paGetPaymentRes after <outcome>OK</outcome>: the position as ctPaymentPA (IBAN transfers only). */
export const paGetPaymentOkChildren = (data: PaymentPositionData): XmlNode[] => [paymentDataElement(data, 'V1')];

export function paGetPaymentRequestChildren(request: PaGetPaymentRequest): XmlNode[] {
  return [
    ...stationHeaderChildren(request),
    qrCodeElement(request.qrCode),
    request.amount !== undefined && amountElement('amount', request.amount, 'amount'),
    optionalText('paymentNote', request.paymentNote, 210),
    optEl('transferType', request.transferType),
    request.dueDate !== undefined && identifier('dueDate', request.dueDate, xsd.isoDate, 'dueDate'),
  ].filter((c): c is XmlNode => !!c);
}

/** The V1 request as the Node sends it (Node simulator). */
export function buildPaGetPaymentRequest(request: PaGetPaymentRequest): string {
  return soapEnvelope(paForNodeElement('paGetPaymentReq', paGetPaymentRequestChildren(request)));
}
