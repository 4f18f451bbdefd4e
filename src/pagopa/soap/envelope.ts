import { buildXml, el, SafeXmlError, type XmlChild, type XmlElement } from '../xml/safe-xml';
import { PA_FOR_NODE_NS, SOAP12_ENV_NS, SOAP_ENV_NS } from './namespaces';

/** Both prefixes are declared on the Envelope, as the pagoPA samples do. */
export function soapEnvelope(body: XmlChild): string {
  return buildXml(
    el('soapenv:Envelope', [el('soapenv:Body', [body])], {
      'xmlns:soapenv': SOAP_ENV_NS,
      'xmlns:pafn': PA_FOR_NODE_NS,
    }),
  );
}

/** A paForNode body element: qualified (pafn:), its children unqualified as paForNode.xsd declares. */
export const paForNodeElement = (localName: string, children: readonly XmlChild[]): ReturnType<typeof el> => el(`pafn:${localName}`, children);

/**
 * SOAP 1.1 Fault, for a request whose operation could not be told: the Node then has no operation response to
 * read. Client = the message is at fault; Server = we are.
 */
export function soapFaultEnvelope(faultcode: 'Client' | 'Server', faultstring: string): string {
  return buildXml(
    el('soapenv:Envelope', [el('soapenv:Body', [el('soapenv:Fault', [el('faultcode', `soapenv:${faultcode}`), el('faultstring', faultstring)])])], {
      'xmlns:soapenv': SOAP_ENV_NS,
    }),
  );
}

/**
 * The single element inside soapenv:Body. Throws SafeXmlError when the document is not a SOAP 1.1 envelope
 * (wrong namespace, no Body, nothing or several things in the Body).
 */
export function soapBodyContent(root: XmlElement): XmlElement {
  if (root.name !== 'Envelope') {
    throw new SafeXmlError('XML_UNEXPECTED_ROOT', `the message must be a SOAP envelope, its root element is <${root.name}>`, { found: root.name });
  }
  if (root.ns !== SOAP_ENV_NS) {
    const which = root.ns === SOAP12_ENV_NS ? 'SOAP 1.2' : root.ns === '' ? 'no namespace' : root.ns;
    throw new SafeXmlError('XML_NAMESPACE_MISMATCH', `the SOAP Envelope must be in namespace ${SOAP_ENV_NS} (SOAP 1.1), it is in ${which}`, {
      expected: SOAP_ENV_NS,
      found: root.ns,
    });
  }
  const bodies = root.children.filter((c) => c.name === 'Body' && c.ns === SOAP_ENV_NS);
  if (bodies.length !== 1) throw new SafeXmlError('XML_MALFORMED', `the SOAP Envelope must contain exactly one Body, it has ${bodies.length}`);
  const content = bodies[0]!.children;
  if (content.length !== 1) throw new SafeXmlError('XML_MALFORMED', `the SOAP Body must contain exactly one element, it has ${content.length}`);
  return content[0]!;
}
