/** SOAP 1.1: the only envelope version the paForNode WSDL binds (soap:binding of wsdl/paForNode.wsdl). */
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** SOAP 1.2, recognised only to answer with a clear fault. */
export const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** Target namespace of paForNode.xsd; its child elements are unqualified (no elementFormDefault). */
export const PA_FOR_NODE_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
