import { DomainError } from '../../kernel/errors';
import { validateNumeroAvviso } from '../../kernel/identifiers/numero-avviso';
import type { QrCode } from './common';
import { paFault, type PaFault } from './faults';

/**
 * A notice number Quadra could have issued: aux digit 3 and the right mod-93 check digits. Any other number is
 * XSD-valid (18 digits) yet cannot name one of our positions, so the answer is PAA_PAGAMENTO_SCONOSCIUTO,
 * the same the position lookup would give, without a lookup. Not PAA_SINTASSI_XSD: the message is valid.
 * Most pagoPA sample messages carry such numbers (311111111112222222: check digits 22, expected 47).
 * Receipts are not checked this way: a receipt reports money already collected and is never refused for it.
 */
export function unknownNoticeFault(qrCode: QrCode, faultId: string): PaFault | undefined {
  try {
    validateNumeroAvviso(qrCode.noticeNumber, undefined, 'qrCode.noticeNumber');
    return undefined;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return paFault('PAA_PAGAMENTO_SCONOSCIUTO', `${e.message}: no position of this ente can have this notice number`, faultId);
  }
}
