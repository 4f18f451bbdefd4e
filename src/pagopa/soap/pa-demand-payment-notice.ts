import { paFault, type PaFault } from './faults';

/**
 * paDemandPaymentNotice lets the Node ask an ente to create a position on the fly (spontaneous payments from a
 * pagoPA catalogue service). Quadra does not offer it: the request is recognised and answered with a clean
 * KO on paDemandPaymentNoticeResponse, so the Node reports "not supported" instead of a broken station.
 */
export const demandPaymentNoticeUnsupported = (idPA: string | undefined): PaFault =>
  paFault(
    'PAA_SEMANTICA',
    'paDemandPaymentNotice is not supported by this station: spontaneous payments are created from the ente portal, not on demand from the Node',
    idPA,
  );
