import type { ParsedReceipt } from '../receipt';
import type { XmlReader } from '../xml/xml-reader';
import type { PaStationHeader } from './common';
import { readSendRtRequest } from './receipt-reader';
import { buildSendRtRequest, type SendRtRequestInput } from './receipt-writer';

/**
 * paSendRTV2 (ctReceiptV2): as V1 plus the beneficiary name per transfer, marca da bollo transfers
 * (MBDAttachment), paymentNote, the fee paid by the ente (primaryCiIncurredFee) and the PSP bundle ids.
 */
export interface PaSendRTV2Request extends PaStationHeader {
  /** channel 'paSendRTV2'; rawXml is the whole request as received. */
  receipt: ParsedReceipt;
}

export const readPaSendRTV2Request = (r: XmlReader): Omit<ParsedReceipt, 'rawXml' | 'channel' | 'warnings'> => readSendRtRequest(r, 'V2');

/** The V2 request as the Node sends it (Node simulator). */
export const buildPaSendRTV2Request = (input: SendRtRequestInput): string => buildSendRtRequest(input, 'V2');
