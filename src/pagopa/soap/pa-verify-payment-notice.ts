import type { Cents } from '../../kernel/money';
import { el, type XmlNode } from '../xml/safe-xml';
import type { XmlReader } from '../xml/xml-reader';
import * as xsd from '../xml/xsd-types';
import { amountElement, identifier, optionalText, qrCodeElement, readQrCode, readStationHeader, stationHeaderChildren, type PaStationHeader, type QrCode } from './common';
import { paForNodeElement, soapEnvelope } from './envelope';

/** paVerifyPaymentNotice: the Node asks whether a notice can be paid and for how much (no side effect). */
export interface PaVerifyPaymentNoticeRequest extends PaStationHeader {
  qrCode: QrCode;
}

export function readPaVerifyPaymentNoticeRequest(r: XmlReader): PaVerifyPaymentNoticeRequest {
  const request = { ...readStationHeader(r), qrCode: readQrCode(r) };
  r.reportUnexpected();
  return request;
}

/** EQ: pay exactly this amount (the only option pagoPA uses today); LS/GT/ANY: less, more, any. */
export type AmountOption = 'EQ' | 'LS' | 'GT' | 'ANY';

/** The answer when the notice can be paid (ctPaymentOptionDescriptionPA plus the describing fields). */
export interface PaVerifyPaymentNoticeOk {
  /** The amount due now: the ente must bring it up to date (interest, reductions) at every verify. */
  amount: Cents;
  options?: AmountOption;
  dueDate?: string;
  detailDescription?: string;
  /** true when every transfer's IBAN is a postal account, so a postal bollettino can pay it. */
  allCCP: boolean;
  paymentDescription?: string;
  fiscalCodePA?: string;
  companyName?: string;
  officeName?: string;
}

/** Children of paVerifyPaymentNoticeRes after <outcome>OK</outcome>. */
export function paVerifyPaymentNoticeOkChildren(ok: PaVerifyPaymentNoticeOk): XmlNode[] {
  return [
    el('paymentList', [
      el('paymentOptionDescription', [
        amountElement('amount', ok.amount, 'amount', { notZero: true }),
        el('options', ok.options ?? 'EQ'),
        ok.dueDate !== undefined && identifier('dueDate', ok.dueDate, xsd.isoDate, 'dueDate'),
        optionalText('detailDescription', ok.detailDescription, 140),
        el('allCCP', String(ok.allCCP)),
      ]),
    ]),
    optionalText('paymentDescription', ok.paymentDescription, 140),
    ok.fiscalCodePA !== undefined && identifier('fiscalCodePA', ok.fiscalCodePA, xsd.fiscalCodePA, 'fiscalCodePA'),
    optionalText('companyName', ok.companyName, 140),
    optionalText('officeName', ok.officeName, 140),
  ].filter((c): c is XmlNode => !!c);
}

/** The request as the Node sends it (for the built-in Node simulator). */
export function buildPaVerifyPaymentNoticeRequest(request: PaVerifyPaymentNoticeRequest): string {
  return soapEnvelope(paForNodeElement('paVerifyPaymentNoticeReq', [...stationHeaderChildren(request), qrCodeElement(request.qrCode)]));
}
