import type { XmlNode } from '../xml/safe-xml';
import type { XmlReader } from '../xml/xml-reader';
import { paForNodeElement, soapEnvelope } from './envelope';
import { paGetPaymentRequestChildren, readPaGetPaymentRequest, type PaGetPaymentRequest } from './pa-get-payment';
import { paymentDataElement, type PaymentPositionData } from './payment-data';

/**
 * paGetPaymentV2: as V1, but the answer (ctPaymentPAV2) requires companyName, lets each transfer name its
 * beneficiary and lets a transfer be a marca da bollo instead of an IBAN.
 */
export type PaGetPaymentV2Request = PaGetPaymentRequest;

export const readPaGetPaymentV2Request = (r: XmlReader): PaGetPaymentV2Request => readPaGetPaymentRequest(r);

/** Children of paGetPaymentV2Response after <outcome>OK</outcome>. */
export const paGetPaymentV2OkChildren = (data: PaymentPositionData): XmlNode[] => [paymentDataElement(data, 'V2')];

/** The V2 request as the Node sends it (Node simulator). */
export function buildPaGetPaymentV2Request(request: PaGetPaymentV2Request): string {
  return soapEnvelope(paForNodeElement('paGetPaymentV2Request', paGetPaymentRequestChildren(request)));
}
