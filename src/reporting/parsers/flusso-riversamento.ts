import { DomainError, invalid } from '../../kernel/errors';
import { Cents, eurosToCents } from '../../kernel/money';
import { isXsDateTime, xsDateToIso } from './iso-date';
import { IUF_PATTERN } from './iuf';
import { byteLength, childText, childrenNamed, firstChild, readXml, XmlElement } from './xml';

/** Largest FlussoRiversamento document accepted (the decoded XML, not its base64 envelope). */
export const FR_MAX_BYTES = 64 * 1024 * 1024;
/** A SOAP envelope carries the FR in base64 (4/3 of its size) plus a few headers. */
export const FR_MAX_ENVELOPE_BYTES = Math.ceil((FR_MAX_BYTES * 4) / 3) + 64 * 1024;
/** Most datiSingoliPagamenti rows accepted in one flow. */
export const FR_MAX_ROWS = 150_000;

export interface FrSubject {
  /** tipoIdentificativoUnivoco: G (persona giuridica), A (ABI), B (BIC). */
  tipo: string;
  /** codiceIdentificativoUnivoco: the idPSP for the sender, the CF of the ente for the receiver. */
  codice: string;
  denominazione?: string;
}

export interface FrRow {
  /** 1-based position of the datiSingoliPagamenti element in the flow: what an operator is told to look at. */
  index: number;
  iuv: string;
  iur: string;
  /** Transfer index inside the receipt; pagoPA defines an omitted one as 1. */
  indiceDatiSingoloPagamento: number;
  /** singoloImportoPagato in cents (the XSD allows no negative amount). */
  importo: Cents;
  /** codiceEsitoSingoloPagamento as sent: one digit; see ESITI_PAGAMENTO for the known ones. */
  esito: string;
  /** dataEsitoSingoloPagamento, YYYY-MM-DD. */
  dataEsito: string;
}

/** The SOAP operation the flow arrived in, with the identifiers the envelope repeats (checkFr compares them). */
export interface FrEnvelope {
  operation: 'nodoInviaFlussoRendicontazione' | 'nodoChiediFlussoRendicontazioneRisposta';
  identificativoPSP?: string;
  identificativoDominio?: string;
  identificativoFlusso?: string;
  dataOraFlusso?: string;
}

export interface ParsedFr {
  versioneOggetto: string;
  /** IUF. */
  identificativoFlusso: string;
  /** xs:dateTime as the PSP wrote it (pagoPA usually sends local Italian time without a zone). */
  dataOraFlusso: string;
  identificativoUnivocoRegolamento: string;
  dataRegolamento: string;
  istitutoMittente: FrSubject;
  codiceBicBancaDiRiversamento?: string;
  istitutoRicevente: FrSubject;
  numeroTotalePagamenti: number;
  importoTotalePagamenti: Cents;
  /** Only in the p4pa variant of the schema. */
  revisioneFlusso?: number;
  rows: FrRow[];
  envelope?: FrEnvelope;
}

const SUPPORTED_VERSIONS = ['1.0', '1.1'];
const SOAP_OPERATIONS = ['nodoInviaFlussoRendicontazione', 'nodoChiediFlussoRendicontazioneRisposta'] as const;

/**
 * Reads a FlussoRiversamento: the bare XML, or the SOAP message that carries it base64-encoded in
 * xmlRendicontazione (nodoInviaFlussoRendicontazione from a PSP, nodoChiediFlussoRendicontazioneRisposta from the
 * Node). Structural problems throw a DomainError naming the element; totals and duplicates are checkFr's business,
 * because an inconsistent flow must still be stored and shown to the operator.
 */
export function parseFlussoRiversamento(input: string | Buffer | Uint8Array): ParsedFr {
  const root = readXml(input, { what: 'FlussoRiversamento message', maxBytes: FR_MAX_ENVELOPE_BYTES, codePrefix: 'FR' });
  const operation = root.name === 'Envelope' ? soapOperation(root) : root;
  if ((SOAP_OPERATIONS as readonly string[]).includes(operation.name)) return parseEnvelope(operation);
  if (root.name !== 'FlussoRiversamento') {
    throw invalid(
      'FR_WRONG_ROOT',
      root.name,
      `Expected a FlussoRiversamento document or a nodoInviaFlussoRendicontazione / nodoChiediFlussoRendicontazioneRisposta message, found <${operation.name}>`,
    );
  }
  if (byteLength(input) > FR_MAX_BYTES) tooLarge(byteLength(input));
  return parseFrElement(root);
}

function soapOperation(envelope: XmlElement): XmlElement {
  const body = firstChild(envelope, 'Body');
  const op = body?.children[0];
  if (!op) throw invalid('FR_WRONG_ROOT', 'Body', 'The SOAP envelope has no Body operation');
  return op;
}

function parseEnvelope(op: XmlElement): ParsedFr {
  const fault = firstChild(op, 'fault');
  if (fault) {
    const faultCode = childText(fault, 'faultCode') ?? 'UNKNOWN';
    const description = childText(fault, 'description') ?? childText(fault, 'faultString') ?? '';
    throw new DomainError('FR_NODE_FAULT', `The Node answered with fault ${faultCode}${description ? `: ${description}` : ''}; there is no flow to read`, 'invalid', 'fault', {
      faultCode,
    });
  }
  const encoded = childText(op, 'xmlRendicontazione');
  if (!encoded) throw invalid('FR_MISSING_ELEMENT', 'xmlRendicontazione', `<${op.name}> has no xmlRendicontazione: the flow is missing`);
  const compact = encoded.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw invalid('FR_NOT_BASE64', 'xmlRendicontazione', `xmlRendicontazione of <${op.name}> is not base64 ("${compact.slice(0, 30)}…"): the FlussoRiversamento must be base64-encoded`);
  }
  const decoded = Buffer.from(compact, 'base64');
  if (decoded.byteLength > FR_MAX_BYTES) tooLarge(decoded.byteLength);
  const frRoot = readXml(decoded, { what: 'FlussoRiversamento in xmlRendicontazione', maxBytes: FR_MAX_BYTES, codePrefix: 'FR' });
  if (frRoot.name !== 'FlussoRiversamento') {
    throw invalid('FR_WRONG_ROOT', 'xmlRendicontazione', `xmlRendicontazione decodes to <${frRoot.name}>, expected <FlussoRiversamento>`);
  }
  const fr = parseFrElement(frRoot);
  const envelope: FrEnvelope = { operation: op.name as FrEnvelope['operation'] };
  for (const key of ['identificativoPSP', 'identificativoDominio', 'identificativoFlusso', 'dataOraFlusso'] as const) {
    const value = childText(op, key);
    if (value !== undefined) envelope[key] = value;
  }
  return { ...fr, envelope };
}

function parseFrElement(el: XmlElement): ParsedFr {
  const versioneOggetto = required(el, 'versioneOggetto');
  if (!SUPPORTED_VERSIONS.includes(versioneOggetto)) {
    throw invalid('FR_UNSUPPORTED_VERSION', 'versioneOggetto', `versioneOggetto "${versioneOggetto}" is not supported (expected ${SUPPORTED_VERSIONS.join(' or ')})`);
  }
  const identificativoFlusso = required(el, 'identificativoFlusso');
  if (!IUF_PATTERN.test(identificativoFlusso)) {
    throw invalid('FR_INVALID_VALUE', 'identificativoFlusso', `identificativoFlusso "${identificativoFlusso}" must be 1 to 35 letters, digits, "-" or "_"`);
  }
  const dataOraFlusso = required(el, 'dataOraFlusso');
  if (!isXsDateTime(dataOraFlusso)) {
    throw invalid('FR_INVALID_VALUE', 'dataOraFlusso', `dataOraFlusso "${dataOraFlusso}" is not a date-time such as 2025-03-18T08:39:23`);
  }
  const rowElements = childrenNamed(el, 'datiSingoliPagamenti');
  if (rowElements.length === 0) throw invalid('FR_MISSING_ELEMENT', 'datiSingoliPagamenti', 'The flow has no datiSingoliPagamenti: at least one payment is required');
  if (rowElements.length > FR_MAX_ROWS) {
    throw new DomainError('FR_TOO_MANY_ROWS', `The flow has ${rowElements.length} payments; the limit is ${FR_MAX_ROWS}`, 'too_large', 'datiSingoliPagamenti', {
      rows: rowElements.length,
      maxRows: FR_MAX_ROWS,
    });
  }
  const fr: ParsedFr = {
    versioneOggetto,
    identificativoFlusso,
    dataOraFlusso,
    identificativoUnivocoRegolamento: required(el, 'identificativoUnivocoRegolamento'),
    dataRegolamento: date(el, 'dataRegolamento'),
    istitutoMittente: subject(el, 'istitutoMittente', 'identificativoUnivocoMittente', 'denominazioneMittente', ['G', 'A', 'B']),
    // The receiver is always the ente, a persona giuridica.
    istitutoRicevente: subject(el, 'istitutoRicevente', 'identificativoUnivocoRicevente', 'denominazioneRicevente', ['G']),
    numeroTotalePagamenti: integer(el, 'numeroTotalePagamenti', 0),
    importoTotalePagamenti: eurosToCents(required(el, 'importoTotalePagamenti'), 'importoTotalePagamenti'),
    rows: rowElements.map((row, i) => parseRow(row, i + 1)),
  };
  const bic = childText(el, 'codiceBicBancaDiRiversamento');
  if (bic !== undefined) fr.codiceBicBancaDiRiversamento = bic;
  if (firstChild(el, 'revisioneFlusso')) fr.revisioneFlusso = integer(el, 'revisioneFlusso', 1);
  return fr;
}

function parseRow(el: XmlElement, index: number): FrRow {
  const path = `datiSingoliPagamenti[${index}]`;
  const esito = required(el, 'codiceEsitoSingoloPagamento', path);
  if (!/^\d$/.test(esito)) {
    throw invalid('FR_INVALID_VALUE', `${path}.codiceEsitoSingoloPagamento`, `Row ${index}: codiceEsitoSingoloPagamento "${esito}" must be one digit`);
  }
  return {
    index,
    iuv: required(el, 'identificativoUnivocoVersamento', path),
    iur: required(el, 'identificativoUnivocoRiscossione', path),
    indiceDatiSingoloPagamento: firstChild(el, 'indiceDatiSingoloPagamento') ? integer(el, 'indiceDatiSingoloPagamento', 1, path) : 1,
    importo: eurosToCents(required(el, 'singoloImportoPagato', path), `${path}.singoloImportoPagato`),
    esito,
    dataEsito: date(el, 'dataEsitoSingoloPagamento', path),
  };
}

function subject(el: XmlElement, name: string, idName: string, denominazioneName: string, tipi: readonly string[]): FrSubject {
  const block = firstChild(el, name);
  if (!block) throw missing(name);
  const id = firstChild(block, idName);
  if (!id) throw missing(`${name}.${idName}`);
  const tipo = required(id, 'tipoIdentificativoUnivoco', `${name}.${idName}`);
  if (!tipi.includes(tipo)) {
    throw invalid('FR_INVALID_VALUE', `${name}.${idName}.tipoIdentificativoUnivoco`, `${name} tipoIdentificativoUnivoco "${tipo}" must be ${tipi.join(' or ')}`);
  }
  const out: FrSubject = { tipo, codice: required(id, 'codiceIdentificativoUnivoco', `${name}.${idName}`) };
  const denominazione = childText(block, denominazioneName);
  if (denominazione !== undefined) out.denominazione = denominazione;
  return out;
}

function required(el: XmlElement, name: string, path?: string): string {
  const value = childText(el, name);
  if (value === undefined) throw missing(path ? `${path}.${name}` : name);
  return value;
}

function date(el: XmlElement, name: string, parent?: string): string {
  const field = parent ? `${parent}.${name}` : name;
  const text = required(el, name, parent);
  const iso = xsDateToIso(text);
  if (!iso) throw invalid('FR_INVALID_VALUE', field, `${field} "${text}" is not a date such as 2024-07-26`);
  return iso;
}

function integer(el: XmlElement, name: string, min: number, parent?: string): number {
  const field = parent ? `${parent}.${name}` : name;
  const text = required(el, name, parent);
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw invalid('FR_INVALID_VALUE', field, `${field} "${text}" must be a whole number${min > 0 ? ` of at least ${min}` : ''}`);
  }
  return value;
}

const missing = (field: string) => invalid('FR_MISSING_ELEMENT', field, `The flow has no ${field}, which is required`);

function tooLarge(size: number): never {
  throw new DomainError('FR_TOO_LARGE', `The FlussoRiversamento is ${size} bytes; the limit is ${FR_MAX_BYTES} bytes`, 'too_large', undefined, {
    size,
    maxBytes: FR_MAX_BYTES,
  });
}
