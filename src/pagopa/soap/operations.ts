/** The paForNode operations (wsdl/paForNode.wsdl) and the body elements of their request and response. */
export const PA_FOR_NODE_OPERATIONS = {
  paVerifyPaymentNotice: { request: 'paVerifyPaymentNoticeReq', response: 'paVerifyPaymentNoticeRes' },
  paGetPayment: { request: 'paGetPaymentReq', response: 'paGetPaymentRes' },
  paGetPaymentV2: { request: 'paGetPaymentV2Request', response: 'paGetPaymentV2Response' },
  paSendRT: { request: 'paSendRTReq', response: 'paSendRTRes' },
  paSendRTV2: { request: 'paSendRTV2Request', response: 'paSendRTV2Response' },
  paDemandPaymentNotice: { request: 'paDemandPaymentNoticeRequest', response: 'paDemandPaymentNoticeResponse' },
} as const;

export type PaForNodeOperation = keyof typeof PA_FOR_NODE_OPERATIONS;

export const PA_FOR_NODE_OPERATION_NAMES = Object.keys(PA_FOR_NODE_OPERATIONS) as PaForNodeOperation[];

export const isPaForNodeOperation = (value: unknown): value is PaForNodeOperation =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(PA_FOR_NODE_OPERATIONS, value);

/** The operation whose request element has this local name. */
export function operationOfRequestElement(localName: string): PaForNodeOperation | undefined {
  return PA_FOR_NODE_OPERATION_NAMES.find((op) => PA_FOR_NODE_OPERATIONS[op].request === localName);
}

/**
 * The operation named by a SOAPAction HTTP header (the WSDL declares soapAction="paVerifyPaymentNotice", ...).
 * Clients quote it or not, and some send the full URI: the last path segment counts.
 */
export function operationOfSoapAction(soapAction: string | undefined): PaForNodeOperation | undefined {
  if (soapAction === undefined) return undefined;
  const name = soapAction.trim().replace(/^"|"$/g, '').split(/[/#]/).pop() ?? '';
  return isPaForNodeOperation(name) ? name : undefined;
}
