import { el, type XmlNode } from '../xml/safe-xml';
import { paForNodeElement, soapEnvelope } from './envelope';
import { PA_FOR_NODE_OPERATIONS, type PaForNodeOperation } from './operations';

/**
 * The faults an ente (or its intermediary) answers to the Node, with the faultString pagoPA's error catalogue
 * ("Dominio EC") gives each code. A duplicate paSendRT is not a fault: the receipt is stored once and the
 * answer is OK again. The Node shows faultCode to PSPs and citizens, so the code is what matters; faultString
 * is the standard sentence for the code, description says what exactly went wrong.
 */
export const PA_FAULT_STRINGS = {
  PAA_PAGAMENTO_SCONOSCIUTO: 'Pagamento in attesa risulta sconosciuto all’Ente Creditore',
  PAA_PAGAMENTO_SCADUTO: 'Pagamento in attesa risulta scaduto all’Ente Creditore',
  PAA_PAGAMENTO_ANNULLATO: 'Pagamento in attesa risulta annullato all’Ente Creditore',
  PAA_PAGAMENTO_DUPLICATO: 'Pagamento in attesa risulta concluso all’Ente Creditore',
  PAA_PAGAMENTO_IN_CORSO: 'Pagamento in attesa risulta in corso all’Ente Creditore',
  PAA_ID_DOMINIO_ERRATO: 'La PAA non corrisponde al Dominio indicato',
  PAA_ID_INTERMEDIARIO_ERRATO: 'Identificativo intermediario non corrispondente',
  PAA_STAZIONE_INT_ERRATA: 'Stazione intermediario non corrispondente',
  PAA_SINTASSI_XSD: 'Errore di sintassi XSD',
  PAA_SEMANTICA: 'Errore semantico',
  PAA_SYSTEM_ERROR: 'Errore generico',
} as const;

export type PaFaultCode = keyof typeof PA_FAULT_STRINGS;

export const PA_FAULT_CODES = Object.keys(PA_FAULT_STRINGS) as PaFaultCode[];

export interface PaFault {
  faultCode: PaFaultCode;
  /** What went wrong, for the operator reading the Node's logs: which field, which value, why. */
  description: string;
  /** Who raises the fault: the ente's fiscal code (idPA) when known, else the intermediary's. */
  id: string;
  /** Defaults to the standard sentence of faultCode. */
  faultString?: string;
}

/** id used when the request was too broken to tell who it was for. */
export const UNKNOWN_FAULT_ID = 'Quadra';

export const paFault = (faultCode: PaFaultCode, description: string, id: string = UNKNOWN_FAULT_ID): PaFault => ({ faultCode, description, id });

/** `<fault>` as ctFaultBean declares it (faultCode, faultString, id, description). */
export function faultElement(fault: PaFault): XmlNode {
  return el('fault', [
    el('faultCode', fault.faultCode),
    el('faultString', fault.faultString ?? PA_FAULT_STRINGS[fault.faultCode]),
    el('id', fault.id),
    el('description', fault.description),
  ]);
}

/**
 * The operation's own response with outcome KO and the fault, e.g. paVerifyPaymentNoticeRes. HTTP 200: the
 * call worked, the answer is no. (Only a request whose operation cannot be told gets a SOAP Fault instead.)
 */
export function faultResponse(operation: PaForNodeOperation, fault: PaFault): string {
  return soapEnvelope(paForNodeElement(PA_FOR_NODE_OPERATIONS[operation].response, [el('outcome', 'KO'), faultElement(fault)]));
}
