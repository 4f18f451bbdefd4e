import { invalid } from '../../kernel/errors';
import { centsToEuros } from '../../kernel/money';
import type { MapEntry, ReceiptSubject } from '../receipt';
import { el, stripInvalidXmlChars, type XmlNode } from '../xml/safe-xml';
import type { XmlReader } from '../xml/xml-reader';
import * as xsd from '../xml/xsd-types';

/** The three fields every paForNode request starts with: which ente, which intermediary, which station. */
export interface PaStationHeader {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
}

/** ctQrCode: the two data printed on a pagoPA notice. */
export interface QrCode {
  fiscalCode: string;
  noticeNumber: string;
}

export type TransferType = 'POSTAL' | 'PAGOPA';

// ---------------------------------------------------------------------------------------------------------
// reading

export function readStationHeader(r: XmlReader): PaStationHeader {
  return {
    idPA: r.value('idPA', xsd.text(35)),
    idBrokerPA: r.value('idBrokerPA', xsd.text(35)),
    idStation: r.value('idStation', xsd.text(35)),
  };
}

export function readQrCode(r: XmlReader): QrCode {
  const q = r.child('qrCode');
  if (!q) return undefined as unknown as QrCode;
  const qrCode = { fiscalCode: q.value('fiscalCode', xsd.fiscalCodePA), noticeNumber: q.value('noticeNumber', xsd.noticeNumber) };
  q.reportUnexpected();
  return qrCode;
}

/**
 * ctSubject. The identifier type is kept as sent even outside F/G (pagoPA's WISP converter sends "M"), with a
 * warning: it changes nothing we do with the receipt.
 */
export function readSubject(r: XmlReader, name: 'debtor' | 'payer', required: boolean): ReceiptSubject | undefined {
  const s = required ? r.child(name) : r.optionalChild(name);
  if (!s) return undefined;
  const id = s.child('uniqueIdentifier');
  let uniqueIdentifierType = '';
  let uniqueIdentifierValue = '';
  if (id) {
    uniqueIdentifierType = id.value('entityUniqueIdentifierType', xsd.text(1));
    if (uniqueIdentifierType !== undefined && uniqueIdentifierType !== 'F' && uniqueIdentifierType !== 'G') {
      s.warn(`${id.path}.entityUniqueIdentifierType`, `"${uniqueIdentifierType}" is neither F nor G; kept as sent`);
    }
    uniqueIdentifierValue = id.value('entityUniqueIdentifierValue', xsd.text(16, 2));
    id.reportUnexpected();
  }
  const subject: ReceiptSubject = {
    uniqueIdentifierType,
    uniqueIdentifierValue,
    fullName: s.value('fullName', xsd.text(70)),
    streetName: s.optionalValue('streetName', xsd.text(70)),
    civicNumber: s.optionalValue('civicNumber', xsd.text(16)),
    postalCode: s.optionalValue('postalCode', xsd.text(16)),
    city: s.optionalValue('city', xsd.text(35)),
    stateProvinceRegion: s.optionalValue('stateProvinceRegion', xsd.text(35)),
    country: s.optionalValue('country', xsd.nazioneProvincia),
    email: s.optionalValue('e-mail', xsd.email),
  };
  s.reportUnexpected();
  return dropUndefined(subject);
}

/** ctMetadata: 1 to 15 mapEntry. */
export function readMetadata(r: XmlReader): MapEntry[] {
  const m = r.optionalChild('metadata');
  if (!m) return [];
  const entries = m.children('mapEntry', { min: 1, max: 15 }).map((e) => {
    const entry = { key: e.value('key', xsd.text(140)), value: e.value('value', xsd.text(140)) };
    e.reportUnexpected();
    return entry;
  });
  m.reportUnexpected();
  return entries;
}

export const formatIssues = (issues: readonly { path: string; message: string }[]): string[] => issues.map((i) => `${i.path}: ${i.message}`);

/** Removes keys whose value is undefined, so parsed objects compare equal to what a test writes by hand. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------------------
// rendering: what we send must validate against paForNode.xsd whatever the position holds

/**
 * Free text cut to the XSD length, counted in characters (not UTF-16 units), after removing what XML cannot
 * carry. Descriptions longer than pagoPA allows are cut rather than refused: refusing would make the position
 * unpayable for a cosmetic reason.
 */
export function fitText(value: string, maxLength: number): string {
  const chars = [...stripInvalidXmlChars(value).trim()];
  return chars.length <= maxLength ? chars.join('') : chars.slice(0, maxLength).join('').trimEnd();
}

export function optionalText(name: string, value: string | undefined, maxLength: number): XmlNode | undefined {
  if (value === undefined) return undefined;
  const fitted = fitText(value, maxLength);
  return fitted === '' ? undefined : el(name, fitted);
}

/** Mandatory free text: cut to length, but never empty (XSD minLength 1). */
export function requiredText(name: string, value: string, maxLength: number, field: string): XmlNode {
  const fitted = fitText(value ?? '', maxLength);
  if (fitted === '') throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} must not be empty: pagoPA requires it`);
  return el(name, fitted);
}

/** Identifiers are never cut: a wrong one must stop the answer, not travel truncated. */
export function identifier(name: string, value: string, check: xsd.Check<string>, field: string): XmlNode {
  const r = check(value ?? '');
  if (!r.ok) throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} ${r.message}`);
  return el(name, value);
}

/** An optional value the XSD constrains (country, e-mail): omitted when it would not validate. */
function optionalChecked(name: string, value: string | undefined, check: xsd.Check<string>): XmlNode | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return check(trimmed).ok ? el(name, trimmed) : undefined;
}

export function subjectElement(name: string, s: ReceiptSubject, field: string): XmlNode {
  const type = s.uniqueIdentifierType;
  if (type !== 'F' && type !== 'G') {
    throw invalid('PAGOPA_MESSAGE_INVALID', `${field}.uniqueIdentifierType`, `${field}.uniqueIdentifierType "${type}" must be F (persona fisica) or G (persona giuridica)`);
  }
  return el(name, [
    el('uniqueIdentifier', [
      el('entityUniqueIdentifierType', type),
      identifier('entityUniqueIdentifierValue', s.uniqueIdentifierValue, xsd.text(16, 2), `${field}.uniqueIdentifierValue`),
    ]),
    requiredText('fullName', s.fullName, 70, `${field}.fullName`),
    optionalText('streetName', s.streetName, 70),
    optionalText('civicNumber', s.civicNumber, 16),
    optionalText('postalCode', s.postalCode, 16),
    optionalText('city', s.city, 35),
    optionalText('stateProvinceRegion', s.stateProvinceRegion, 35),
    optionalChecked('country', s.country, xsd.nazioneProvincia),
    optionalChecked('e-mail', s.email, xsd.email),
  ]);
}

/** ctMetadata, or nothing when there are no entries (the XSD wants at least one mapEntry). */
export function metadataElement(entries: readonly MapEntry[] | undefined, field: string): XmlNode | undefined {
  const usable = (entries ?? []).map((e) => ({ key: fitText(e.key, 140), value: fitText(e.value, 140) })).filter((e) => e.key !== '' && e.value !== '');
  if (usable.length === 0) return undefined;
  if (usable.length > 15) throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} has ${usable.length} entries; pagoPA accepts at most 15`);
  return el(
    'metadata',
    usable.map((e) => el('mapEntry', [el('key', e.key), el('value', e.value)])),
  );
}

const MAX_AMOUNT_CENTS = 99_999_999_999;

/** stAmount / stAmountNotZero from integer cents. */
export function amountElement(name: string, cents: number, field: string, options: { notZero?: boolean } = {}): XmlNode {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_AMOUNT_CENTS) {
    throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} ${cents} must be a whole number of cents from 0 to 99999999999`);
  }
  if (options.notZero && cents === 0) throw invalid('PAGOPA_MESSAGE_INVALID', field, `${field} must be at least 0.01 euro`);
  return el(name, centsToEuros(cents));
}

/** idPA, idBrokerPA, idStation: the start of every request the Node sends. */
export function stationHeaderChildren(h: PaStationHeader): XmlNode[] {
  return [
    identifier('idPA', h.idPA, xsd.text(35), 'idPA'),
    identifier('idBrokerPA', h.idBrokerPA, xsd.text(35), 'idBrokerPA'),
    identifier('idStation', h.idStation, xsd.text(35), 'idStation'),
  ];
}

export function qrCodeElement(q: QrCode): XmlNode {
  return el('qrCode', [identifier('fiscalCode', q.fiscalCode, xsd.fiscalCodePA, 'qrCode.fiscalCode'), identifier('noticeNumber', q.noticeNumber, xsd.noticeNumber, 'qrCode.noticeNumber')]);
}
