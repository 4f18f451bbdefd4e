import { DomainError } from '../../kernel/errors';
import { receiptConsistencyProblems, type ParsedReceipt } from '../receipt';
import { parseRt62, RT62_NS } from '../rt62/rt62-parser';
import { parseXmlDocument, SafeXmlError, type SafeXmlOptions, type XmlElement } from '../xml/safe-xml';
import { XmlReader } from '../xml/xml-reader';
import { formatIssues } from './common';
import { soapBodyContent } from './envelope';
import { PA_FOR_NODE_NS, SOAP_ENV_NS } from './namespaces';
import { readSendRtRequest } from './receipt-reader';

/**
 * A stored receipt in any of the forms archives hold it: a whole paSendRT / paSendRTV2 SOAP request, the bare
 * paSendRTReq / paSendRTV2Request element (how p4pa and others archive SANP receipts), or a legacy RT 6.2.
 * Throws a DomainError: SafeXmlError, XmlContentError (schema problems with their paths: what the Node would
 * hear as PAA_SINTASSI_XSD), RECEIPT_INCONSISTENT, RECEIPT_UNKNOWN_DOCUMENT.
 */
export function parseReceiptDocument(xml: string | Uint8Array, options: SafeXmlOptions = {}): ParsedReceipt {
  const documentName = options.documentName ?? 'the receipt';
  const { root, text } = parseXmlDocument(xml, { ...options, documentName });
  if (root.name === 'RT' && root.ns === RT62_NS) return parseRt62(text, { documentName, maxBytes: options.maxBytes });

  let element: XmlElement = root;
  if (root.name === 'Envelope' && root.ns === SOAP_ENV_NS) element = soapBodyContent(root);
  const version = element.name === 'paSendRTReq' ? 'V1' : element.name === 'paSendRTV2Request' ? 'V2' : undefined;
  if (version === undefined) {
    throw new DomainError(
      'RECEIPT_UNKNOWN_DOCUMENT',
      `${documentName} is a <${element.name}>: expected a paSendRTReq, a paSendRTV2Request (bare or in a SOAP envelope) or an RT 6.2`,
    );
  }
  if (element.ns !== PA_FOR_NODE_NS) {
    throw new SafeXmlError('XML_NAMESPACE_MISMATCH', `${documentName}: <${element.name}> must be in namespace ${PA_FOR_NODE_NS}, it is in ${element.ns || 'no namespace'}`);
  }
  const reader = XmlReader.of(element, element.name);
  const read = readSendRtRequest(reader, version);
  reader.finish(documentName);
  const receipt: ParsedReceipt = { channel: version === 'V1' ? 'paSendRT' : 'paSendRTV2', ...read, rawXml: text, warnings: formatIssues(reader.warnings) };
  const problems = receiptConsistencyProblems(receipt);
  if (problems.length > 0) {
    throw new DomainError('RECEIPT_INCONSISTENT', `${documentName} (receipt ${receipt.receiptId}): ${problems.join('; ')}`, 'invalid', 'transferList', { problems });
  }
  return receipt;
}
