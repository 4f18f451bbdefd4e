import { DomainError } from '../../kernel/errors';
import { receiptConsistencyProblems, type ParsedReceipt } from '../receipt';
import { childText, DEFAULT_MAX_XML_BYTES, el, parseXmlDocument, SafeXmlError, type XmlElement, type XmlNode } from '../xml/safe-xml';
import { XmlReader, type XmlIssue } from '../xml/xml-reader';
import { formatIssues } from './common';
import { paForNodeElement, soapBodyContent, soapEnvelope, soapFaultEnvelope } from './envelope';
import { faultResponse, paFault, UNKNOWN_FAULT_ID, type PaFault } from './faults';
import { PA_FOR_NODE_NS } from './namespaces';
import { unknownNoticeFault } from './notice-number';
import { PA_FOR_NODE_OPERATIONS, operationOfRequestElement, operationOfSoapAction, type PaForNodeOperation } from './operations';
import { demandPaymentNoticeUnsupported } from './pa-demand-payment-notice';
import { paGetPaymentOkChildren, readPaGetPaymentRequest, type PaGetPaymentRequest } from './pa-get-payment';
import { paGetPaymentV2OkChildren, readPaGetPaymentV2Request, type PaGetPaymentV2Request } from './pa-get-payment-v2';
import { readPaSendRTRequest, type PaSendRTRequest } from './pa-send-rt';
import { readPaSendRTV2Request, type PaSendRTV2Request } from './pa-send-rt-v2';
import { paVerifyPaymentNoticeOkChildren, readPaVerifyPaymentNoticeRequest, type PaVerifyPaymentNoticeOk, type PaVerifyPaymentNoticeRequest } from './pa-verify-payment-notice';
import type { PaymentPositionData } from './payment-data';

/**
 * POST /pagopa/paForNode, without HTTP: bytes in → a typed request or the fault to answer; a typed result →
 * the response XML. The HTTP handler only moves bytes and calls the position commands in between.
 *
 * Refusals, and the fault each gets:
 *  - not XML, DTD/entities, too large, bad encoding   → PAA_SINTASSI_XSD on the operation we can tell (body
 *    element, else the SOAPAction header), else a SOAP Fault (Client);
 *  - not a SOAP 1.1 envelope, body element in another namespace → PAA_SINTASSI_XSD on that operation;
 *  - a required field missing/repeated, an amount not `\d+\.\d{2}`, a bad date... → PAA_SINTASSI_XSD listing
 *    every problem with its path;
 *  - paDemandPaymentNotice → PAA_SEMANTICA (not offered);
 *  - verify/getPayment on a notice number Quadra cannot have issued (aux digit ≠ 3 or wrong mod-93 check
 *    digits) → PAA_PAGAMENTO_SCONOSCIUTO, with the parsed request attached;
 *  - a receipt whose transfers do not add up to the amount paid → PAA_SEMANTICA, with the receipt attached.
 * Addressing (broker, station, ente) is checked by addressingFault, which needs the station directory.
 */

export type PaForNodeRequest =
  | { operation: 'paVerifyPaymentNotice'; request: PaVerifyPaymentNoticeRequest }
  | { operation: 'paGetPayment'; request: PaGetPaymentRequest }
  | { operation: 'paGetPaymentV2'; request: PaGetPaymentV2Request }
  | { operation: 'paSendRT'; request: PaSendRTRequest }
  | { operation: 'paSendRTV2'; request: PaSendRTV2Request };

export type PaForNodeParsed = PaForNodeRequest & {
  ok: true;
  /** Tolerated deviations from paForNode.xsd, for the log. */
  warnings: string[];
};

export interface PaForNodeRefusal {
  ok: false;
  /** Undefined when not even the operation could be told: answer renderRefusal's SOAP Fault. */
  operation?: PaForNodeOperation;
  fault: PaFault;
  /** Present when the request was read and refused on its meaning (unknown notice, inconsistent receipt). */
  request?: PaForNodeRequest['request'];
  warnings: string[];
  /** Only for PAA_SYSTEM_ERROR: the unexpected error, to be logged. */
  cause?: unknown;
}

export type PaForNodeParseResult = PaForNodeParsed | PaForNodeRefusal;

export interface ParsePaForNodeOptions {
  /** Default 1 MiB; the largest valid paSendRTV2 is a few tens of KiB. */
  maxBytes?: number;
  /** The SOAPAction HTTP header, used only to name the operation of a request whose body cannot be read. */
  soapAction?: string;
}

const SNIFF_BYTES = 64 * 1024;
const REQUEST_ELEMENT = new RegExp(
  `<(?:[A-Za-z_][\\w.-]*:)?(${Object.values(PA_FOR_NODE_OPERATIONS)
    .map((o) => o.request)
    .join('|')})[\\s/>]`,
);

/** The operation of a request we could not parse: its body element if the text shows one, else SOAPAction. */
function detectOperation(input: string | Uint8Array, soapAction: string | undefined): PaForNodeOperation | undefined {
  const head = typeof input === 'string' ? input.slice(0, SNIFF_BYTES) : Buffer.from(input.subarray(0, SNIFF_BYTES)).toString('latin1');
  const element = REQUEST_ELEMENT.exec(head)?.[1];
  return (element && operationOfRequestElement(element)) || operationOfSoapAction(soapAction);
}

/** The fault's id: the ente (idPA) when it can be read, else the intermediary, else a placeholder. */
function faultIdOf(body: XmlElement | undefined): string {
  if (!body) return UNKNOWN_FAULT_ID;
  return childText(body, 'idPA') || childText(body, 'idBrokerPA') || UNKNOWN_FAULT_ID;
}

const MAX_LISTED_ISSUES = 10;

function describeIssues(issues: readonly XmlIssue[]): string {
  const listed = formatIssues(issues.slice(0, MAX_LISTED_ISSUES)).join('; ');
  return issues.length > MAX_LISTED_ISSUES ? `${listed}; and ${issues.length - MAX_LISTED_ISSUES} more` : listed;
}

const refuse = (operation: PaForNodeOperation | undefined, fault: PaFault, warnings: string[] = [], request?: PaForNodeRequest['request']): PaForNodeRefusal =>
  request === undefined ? { ok: false, operation, fault, warnings } : { ok: false, operation, fault, warnings, request };

function asReceipt(read: Omit<ParsedReceipt, 'rawXml' | 'channel' | 'warnings'>, channel: 'paSendRT' | 'paSendRTV2', rawXml: string, warnings: string[]): ParsedReceipt {
  return { channel, ...read, rawXml, warnings };
}

/**
 * Never throws, whatever the input: every outcome is a value. A bug of ours while reading is answered
 * PAA_SYSTEM_ERROR (the Node retries later) with the error in `cause` for the log, never in the answer.
 */
export function parsePaForNodeRequest(xml: string | Uint8Array, options: ParsePaForNodeOptions = {}): PaForNodeParseResult {
  try {
    return parseRequest(xml, options);
  } catch (cause) {
    let operation: PaForNodeOperation | undefined;
    try {
      operation = detectOperation(xml, options.soapAction);
    } catch {
      operation = operationOfSoapAction(options.soapAction);
    }
    return { ok: false, operation, fault: paFault('PAA_SYSTEM_ERROR', 'the station could not process the request; please retry later'), warnings: [], cause };
  }
}

function parseRequest(xml: string | Uint8Array, options: ParsePaForNodeOptions): PaForNodeParseResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  let text: string;
  let root: XmlElement;
  try {
    ({ root, text } = parseXmlDocument(xml, { maxBytes, documentName: 'the request' }));
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return refuse(detectOperation(xml, options.soapAction), paFault('PAA_SINTASSI_XSD', e.message));
  }

  let body: XmlElement;
  try {
    body = soapBodyContent(root);
  } catch (e) {
    if (!(e instanceof SafeXmlError)) throw e;
    const bare = operationOfRequestElement(root.name);
    const message = bare ? `${e.message}: a paForNode request must come inside a SOAP 1.1 Envelope/Body` : e.message;
    return refuse(bare ?? operationOfSoapAction(options.soapAction), paFault('PAA_SINTASSI_XSD', message, faultIdOf(bare ? root : undefined)));
  }

  const operation = operationOfRequestElement(body.name);
  if (operation === undefined) {
    return refuse(undefined, paFault('PAA_SINTASSI_XSD', `<${body.name}> is not a paForNode request (${Object.values(PA_FOR_NODE_OPERATIONS).map((o) => o.request).join(', ')})`));
  }
  const faultId = faultIdOf(body);
  if (body.ns !== PA_FOR_NODE_NS) {
    return refuse(
      operation,
      paFault('PAA_SINTASSI_XSD', `<${body.name}> must be in namespace ${PA_FOR_NODE_NS}, it is in ${body.ns === '' ? 'no namespace' : body.ns}`, faultId),
    );
  }
  if (operation === 'paDemandPaymentNotice') return refuse(operation, demandPaymentNoticeUnsupported(childText(body, 'idPA') || undefined));

  const reader = XmlReader.of(body, body.name);
  let parsed: PaForNodeRequest;
  switch (operation) {
    case 'paVerifyPaymentNotice':
      parsed = { operation, request: readPaVerifyPaymentNoticeRequest(reader) };
      break;
    case 'paGetPayment':
      parsed = { operation, request: readPaGetPaymentRequest(reader) };
      break;
    case 'paGetPaymentV2':
      parsed = { operation, request: readPaGetPaymentV2Request(reader) };
      break;
    case 'paSendRT':
    case 'paSendRTV2': {
      const read = operation === 'paSendRT' ? readPaSendRTRequest(reader) : readPaSendRTV2Request(reader);
      const receipt = asReceipt(read, operation, text, formatIssues(reader.warnings));
      parsed = { operation, request: { ...read.addressing!, receipt } } as PaForNodeRequest;
      break;
    }
    default: {
      const unreachable: never = operation;
      throw new Error(`unhandled operation ${String(unreachable)}`);
    }
  }
  const warnings = formatIssues(reader.warnings);
  if (reader.errors.length > 0) return refuse(operation, paFault('PAA_SINTASSI_XSD', describeIssues(reader.errors), faultId), warnings);

  const semantic = semanticFault(parsed, faultId);
  if (semantic) return refuse(operation, semantic, warnings, parsed.request);
  return { ok: true, ...parsed, warnings };
}

function semanticFault(parsed: PaForNodeRequest, faultId: string): PaFault | undefined {
  switch (parsed.operation) {
    case 'paVerifyPaymentNotice':
    case 'paGetPayment':
    case 'paGetPaymentV2':
      return unknownNoticeFault(parsed.request.qrCode, faultId);
    case 'paSendRT':
    case 'paSendRTV2': {
      const problems = receiptConsistencyProblems(parsed.request.receipt);
      return problems.length > 0 ? paFault('PAA_SEMANTICA', `receipt ${parsed.request.receipt.receiptId}: ${problems.join('; ')}`, faultId) : undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// responses

/** What an OK answer carries, per operation. paSendRT(V2) answers carry nothing but the outcome. */
export interface PaForNodeOkData {
  paVerifyPaymentNotice: PaVerifyPaymentNoticeOk;
  paGetPayment: PaymentPositionData;
  paGetPaymentV2: PaymentPositionData;
}

export type PaForNodeResult<Op extends PaForNodeOperation> =
  | { outcome: 'KO'; fault: PaFault }
  | (Op extends keyof PaForNodeOkData ? { outcome: 'OK'; data: PaForNodeOkData[Op] } : Op extends 'paSendRT' | 'paSendRTV2' ? { outcome: 'OK' } : never);

function okChildren(operation: PaForNodeOperation, data: unknown): XmlNode[] {
  switch (operation) {
    case 'paVerifyPaymentNotice':
      return paVerifyPaymentNoticeOkChildren(data as PaVerifyPaymentNoticeOk);
    case 'paGetPayment':
      return paGetPaymentOkChildren(data as PaymentPositionData);
    case 'paGetPaymentV2':
      return paGetPaymentV2OkChildren(data as PaymentPositionData);
    case 'paSendRT':
    case 'paSendRTV2':
      return [];
    case 'paDemandPaymentNotice':
      throw new DomainError('PAGOPA_MESSAGE_INVALID', 'paDemandPaymentNotice is not supported: only a KO can be answered');
  }
}

/**
 * The response envelope. Throws DomainError PAGOPA_MESSAGE_INVALID when the data cannot be expressed validly
 * (e.g. transfers that do not add up): answer faultResponse(operation, PAA_SYSTEM_ERROR) then.
 */
export function renderPaForNodeResponse<Op extends PaForNodeOperation>(operation: Op, result: PaForNodeResult<Op>): string {
  const element = PA_FOR_NODE_OPERATIONS[operation].response;
  if (result.outcome === 'KO') return faultResponse(operation, (result as { fault: PaFault }).fault);
  const data = 'data' in result ? result.data : undefined;
  return soapEnvelope(paForNodeElement(element, [el('outcome', 'OK'), ...okChildren(operation, data)]));
}

/** The HTTP answer to a refusal: the operation's KO response (200), or a SOAP Fault (500) when no operation is known. */
export function renderRefusal(refusal: PaForNodeRefusal): { httpStatus: 200 | 500; body: string } {
  if (refusal.operation !== undefined) return { httpStatus: 200, body: faultResponse(refusal.operation, refusal.fault) };
  return { httpStatus: 500, body: soapFaultEnvelope('Client', `${refusal.fault.faultCode}: ${refusal.fault.description}`) };
}

