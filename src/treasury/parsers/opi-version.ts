/**
 * OPI giornale di cassa versions and what tells them apart. The documents carry no version number, so it is read
 * from their structure (1.4 has a reference period, 1.6.1 and later a single reference day plus per-movement
 * identificativo_flusso / numero_movimento / data_movimento_siope) and, inside the 1.6.1+ family whose structure
 * is identical, from the tipo_esecuzione values each schema enumerates.
 */
export type OpiVersion = '1.4' | '1.6.1' | '1.7.1' | '1.8';

export const OPI_VERSIONS: readonly OpiVersion[] = ['1.4', '1.6.1', '1.7.1', '1.8'];

const COMMON_UP_TO_1_6_1 = [
  'CASSA',
  "ACCREDITO BANCA D'ITALIA",
  'REGOLARIZZAZIONE',
  "REGOLARIZZAZIONE ACCREDITO BANCA D'ITALIA",
  'PRELIEVO DA CC POSTALE',
  'ASSEGNO BANCARIO E POSTALE',
  'SEPA CREDIT TRANSFER',
  'ASSEGNO CIRCOLARE',
  'ACCREDITO CONTO CORRENTE POSTALE',
  'ACCREDITO TESORERIA PROVINCIALE STATO PER TAB A',
  'ACCREDITO TESORERIA PROVINCIALE STATO PER TAB B',
  'F24EP',
  'REGOLARIZZAZIONE ACCREDITO TESORERIA PROVINCIALE STATO PER TAB A',
  'REGOLARIZZAZIONE ACCREDITO TESORERIA PROVINCIALE STATO PER TAB B',
  'ADDEBITO PREAUTORIZZATO',
  'DISPOSIZIONE DOCUMENTO ESTERNO',
  'COMPENSAZIONE',
  'BONIFICO ESTERO EURO',
  'AVVISO PAGOPA',
  'SOSTITUZIONE',
];

const FROM_1_7_1 = [
  "ACCREDITO BANCA D'ITALIA",
  'ACCREDITO CONTO CORRENTE POSTALE',
  'ACCREDITO TESORERIA PROVINCIALE STATO',
  'ADDEBITO PREAUTORIZZATO',
  'ASSEGNO BANCARIO E POSTALE',
  'ASSEGNO CIRCOLARE',
  'ASSEGNO DI TRAENZA PER COMMUTAZIONE EX ART 219 TUEL',
  'AVVISO PAGOPA',
  'BONIFICO ESTERO EURO',
  'CASSA',
  'COMPENSAZIONE',
  'DISPOSIZIONE DOCUMENTO ESTERNO',
  'F24EP',
  'PRELIEVO DA CC POSTALE',
  'REGOLARIZZAZIONE',
  'SEPA CREDIT TRANSFER',
  'SOSTITUZIONE',
];

/** The tipo_esecuzione enumeration of each schema (copied from the XSDs in shared/fixtures/schemas). */
export const TIPO_ESECUZIONE: Readonly<Record<OpiVersion, ReadonlySet<string>>> = {
  '1.4': new Set([...COMMON_UP_TO_1_6_1, 'VAGLIA POSTALE', 'VAGLIA TESORO']),
  '1.6.1': new Set(COMMON_UP_TO_1_6_1),
  '1.7.1': new Set(FROM_1_7_1),
  '1.8': new Set([...FROM_1_7_1, 'SEPA INSTANT CREDIT TRANSFER']),
};

/** Typographic apostrophes (the 1.7.1 documentation writes D’ITALIA) are read as the ASCII one the enumeration uses. */
export const normalizeTipoEsecuzione = (value: string): string => value.trim().replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/\s+/g, ' ');

/** Versions of the given structural family whose enumeration accepts every tipo_esecuzione used. */
export function versionsAccepting(family: readonly OpiVersion[], tipiEsecuzione: Iterable<string>): OpiVersion[] {
  const values = [...tipiEsecuzione].map(normalizeTipoEsecuzione);
  return family.filter((v) => values.every((t) => TIPO_ESECUZIONE[v].has(t)));
}
