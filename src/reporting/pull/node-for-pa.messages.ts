import { buildXml, childElements, childText, el, firstChild, optEl, parseXml, type XmlElement } from '../../pagopa/xml/safe-xml';

/**
 * The nodoPerPa messages the ente's station exchanges with the Node to pull reporting flows
 * (wsdl/nodeForPa.wsdl): pure builders and readers, shared by Quadra's client and the built-in simulator.
 */
export const NODO_NS = 'http://ws.pagamenti.telematici.gov/';
const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface NodoStation {
  identificativoIntermediarioPA: string;
  identificativoStazioneIntermediarioPA: string;
  password: string;
}

export interface FlowListEntry {
  identificativoFlusso: string;
  dataOraFlusso: string;
}

export interface NodoFault {
  faultCode: string;
  faultString: string;
  description?: string;
}

export type NodoChiediRequest =
  | { operation: 'nodoChiediElencoFlussiRendicontazione'; identificativoDominio?: string; identificativoPSP?: string }
  | { operation: 'nodoChiediFlussoRendicontazione'; identificativoDominio?: string; identificativoPSP?: string; identificativoFlusso: string };

/** Past this the message is not a nodoPerPa request or answer the pull needs; a flow list of a day is tiny. */
const MAX_LIST_BYTES = 2 * 1024 * 1024;

const envelope = (operation: string, children: Parameters<typeof el>[1]): string =>
  buildXml(el('soapenv:Envelope', [el('soapenv:Body', [el(`ppt:${operation}`, children)])], { 'xmlns:soapenv': SOAP_NS, 'xmlns:ppt': NODO_NS }));

export function buildNodoChiediElencoFlussiRendicontazione(station: NodoStation, identificativoDominio: string, identificativoPSP?: string): string {
  return envelope('nodoChiediElencoFlussiRendicontazione', [
    el('identificativoIntermediarioPA', station.identificativoIntermediarioPA),
    el('identificativoStazioneIntermediarioPA', station.identificativoStazioneIntermediarioPA),
    el('password', station.password),
    el('identificativoDominio', identificativoDominio),
    optEl('identificativoPSP', identificativoPSP),
  ]);
}

export function buildNodoChiediFlussoRendicontazione(station: NodoStation, identificativoDominio: string, identificativoFlusso: string, identificativoPSP?: string): string {
  return envelope('nodoChiediFlussoRendicontazione', [
    el('identificativoIntermediarioPA', station.identificativoIntermediarioPA),
    el('identificativoStazioneIntermediarioPA', station.identificativoStazioneIntermediarioPA),
    el('password', station.password),
    el('identificativoDominio', identificativoDominio),
    optEl('identificativoPSP', identificativoPSP),
    el('identificativoFlusso', identificativoFlusso),
  ]);
}

export function buildNodoChiediElencoFlussiRendicontazioneRisposta(flows: readonly FlowListEntry[]): string {
  return envelope('nodoChiediElencoFlussiRendicontazioneRisposta', [
    el('elencoFlussiRendicontazione', [
      el('totRestituiti', String(flows.length)),
      ...flows.map((f) => el('idRendicontazione', [el('identificativoFlusso', f.identificativoFlusso), el('dataOraFlusso', f.dataOraFlusso)])),
    ]),
  ]);
}

/** A fault inside the operation's answer, as the Node sends PPT_* errors (not a SOAP Fault). */
export function buildNodoFaultRisposta(operation: string, fault: NodoFault): string {
  return envelope(`${operation}Risposta`, [
    el('fault', [el('faultCode', fault.faultCode), el('faultString', fault.faultString), el('id', 'NodoDeiPagamentiSPC'), optEl('description', fault.description)]),
  ]);
}

function bodyContent(xml: string | Uint8Array, what: string): XmlElement | undefined {
  const root = parseXml(xml, { documentName: what, maxBytes: MAX_LIST_BYTES });
  return firstChild(root, 'Body')?.children[0];
}

/** The request the simulator received; undefined when it is not one of the two pull operations. */
export function readNodoChiediRequest(xml: string | Uint8Array): NodoChiediRequest | undefined {
  const op = bodyContent(xml, 'the nodoPerPa request');
  if (!op) return undefined;
  const identificativoDominio = childText(op, 'identificativoDominio')?.trim();
  const identificativoPSP = childText(op, 'identificativoPSP')?.trim() || undefined;
  if (op.name === 'nodoChiediElencoFlussiRendicontazione') return { operation: op.name, identificativoDominio, identificativoPSP };
  if (op.name === 'nodoChiediFlussoRendicontazione') return { operation: op.name, identificativoDominio, identificativoPSP, identificativoFlusso: childText(op, 'identificativoFlusso')?.trim() ?? '' };
  return undefined;
}

/** A Risposta: its fault when the Node refused, otherwise the operation element. */
export function readNodoRisposta(xml: string | Uint8Array, operation: string): { fault: NodoFault } | { content: XmlElement } {
  const content = bodyContent(xml, `the ${operation} answer`);
  if (!content) return { fault: { faultCode: 'SOAP_NO_BODY', faultString: `the ${operation} answer has no SOAP body` } };
  if (content.name === 'Fault') return { fault: { faultCode: childText(content, 'faultcode') ?? 'Fault', faultString: childText(content, 'faultstring') ?? '' } };
  const fault = firstChild(content, 'fault');
  if (fault) return { fault: { faultCode: childText(fault, 'faultCode') ?? 'KO', faultString: childText(fault, 'faultString') ?? '', description: childText(fault, 'description') } };
  return { content };
}

/** The flows of the list answer (idRendicontazione may be nil: skipped). */
export function flowsOfElenco(content: XmlElement): FlowListEntry[] {
  const list = firstChild(content, 'elencoFlussiRendicontazione');
  if (!list) return [];
  return childElements(list, 'idRendicontazione')
    .map((e) => ({ identificativoFlusso: childText(e, 'identificativoFlusso')?.trim() ?? '', dataOraFlusso: childText(e, 'dataOraFlusso')?.trim() ?? '' }))
    .filter((f) => f.identificativoFlusso !== '');
}
