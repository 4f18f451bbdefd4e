import type { ParsedReceipt } from '../receipt';
import type { XmlReader } from '../xml/xml-reader';
import type { PaStationHeader } from './common';
import { readSendRtRequest } from './receipt-reader';
import { buildSendRtRequest, type SendRtRequestInput } from './receipt-writer';

/** paSendRT (V1, ctReceipt): the Node delivers the receipt of a payment. The answer carries no data. */
export interface PaSendRTRequest extends PaStationHeader {
  /** channel 'paSendRT'; rawXml is the whole request as received. */
  receipt: ParsedReceipt;
}

export const readPaSendRTRequest = (r: XmlReader): Omit<ParsedReceipt, 'rawXml' | 'channel' | 'warnings'> => readSendRtRequest(r, 'V1');

/** The V1 request as the Node sends it (Node simulator). */
export const buildPaSendRTRequest = (input: SendRtRequestInput): string => buildSendRtRequest(input, 'V1');
