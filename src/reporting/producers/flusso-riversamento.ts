import { invalid } from '../../kernel/errors';
import { centsToEuros } from '../../kernel/money';
import { FrRow, ParsedFr } from '../parsers/flusso-riversamento';
import { isXsDateTime, xsDateToIso } from '../parsers/iso-date';
import { IUF_PATTERN } from '../parsers/iuf';
import { xmlEscape } from '../parsers/xml';

export const FR_NAMESPACE = 'http://www.digitpa.gov.it/schemas/2011/Pagamenti/';
const NODO_NAMESPACE = 'http://ws.pagamenti.telematici.gov/';
const SOAP_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';

/** What a flow is built from: a parsed flow works as is (row indexes and envelope are ignored). */
export type FrInput = Omit<ParsedFr, 'envelope' | 'rows'> & { rows: readonly Omit<FrRow, 'index'>[] };

export interface BuildFrOptions {
  /**
   * "pagopa-1.0.4" (default): FlussoRiversamento_1_0_4.xsd as the Node publishes it, esiti 0/3/9 only.
   * "p4pa": the Piattaforma Unitaria copy, which adds esiti 4 and 8 (stand-in) and revisioneFlusso.
   */
  schema?: 'pagopa-1.0.4' | 'p4pa';
}

/**
 * Writes a FlussoRiversamento as a PSP sends it, for the Node simulator and for tests. Input that the schema would
 * refuse is refused here, naming the field, so the simulator never emits a flow the real Node would reject.
 */
export function buildFlussoRiversamento(fr: FrInput, options: BuildFrOptions = {}): string {
  const schema = options.schema ?? 'pagopa-1.0.4';
  validate(fr, schema);
  const t = (name: string, value: string | number, indent: string) => `${indent}<${name}>${xmlEscape(String(value))}</${name}>\n`;
  let xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  xml += `<FlussoRiversamento xmlns="${FR_NAMESPACE}">\n`;
  xml += t('versioneOggetto', fr.versioneOggetto, '  ');
  xml += t('identificativoFlusso', fr.identificativoFlusso, '  ');
  if (fr.revisioneFlusso !== undefined) xml += t('revisioneFlusso', fr.revisioneFlusso, '  ');
  xml += t('dataOraFlusso', fr.dataOraFlusso, '  ');
  xml += t('identificativoUnivocoRegolamento', fr.identificativoUnivocoRegolamento, '  ');
  xml += t('dataRegolamento', fr.dataRegolamento, '  ');
  xml += '  <istitutoMittente>\n    <identificativoUnivocoMittente>\n';
  xml += t('tipoIdentificativoUnivoco', fr.istitutoMittente.tipo, '      ');
  xml += t('codiceIdentificativoUnivoco', fr.istitutoMittente.codice, '      ');
  xml += '    </identificativoUnivocoMittente>\n';
  if (fr.istitutoMittente.denominazione !== undefined) xml += t('denominazioneMittente', fr.istitutoMittente.denominazione, '    ');
  xml += '  </istitutoMittente>\n';
  if (fr.codiceBicBancaDiRiversamento !== undefined) xml += t('codiceBicBancaDiRiversamento', fr.codiceBicBancaDiRiversamento, '  ');
  xml += '  <istitutoRicevente>\n    <identificativoUnivocoRicevente>\n';
  xml += t('tipoIdentificativoUnivoco', fr.istitutoRicevente.tipo, '      ');
  xml += t('codiceIdentificativoUnivoco', fr.istitutoRicevente.codice, '      ');
  xml += '    </identificativoUnivocoRicevente>\n';
  if (fr.istitutoRicevente.denominazione !== undefined) xml += t('denominazioneRicevente', fr.istitutoRicevente.denominazione, '    ');
  xml += '  </istitutoRicevente>\n';
  xml += t('numeroTotalePagamenti', fr.numeroTotalePagamenti, '  ');
  xml += t('importoTotalePagamenti', centsToEuros(fr.importoTotalePagamenti), '  ');
  for (const row of fr.rows) {
    xml += '  <datiSingoliPagamenti>\n';
    xml += t('identificativoUnivocoVersamento', row.iuv, '    ');
    xml += t('identificativoUnivocoRiscossione', row.iur, '    ');
    xml += t('indiceDatiSingoloPagamento', row.indiceDatiSingoloPagamento, '    ');
    xml += t('singoloImportoPagato', centsToEuros(row.importo), '    ');
    xml += t('codiceEsitoSingoloPagamento', row.esito, '    ');
    xml += t('dataEsitoSingoloPagamento', row.dataEsito, '    ');
    xml += '  </datiSingoliPagamenti>\n';
  }
  xml += '</FlussoRiversamento>\n';
  return xml;
}

/** The Node's answer to nodoChiediFlussoRendicontazione: the flow base64-encoded in xmlRendicontazione. */
export function wrapNodoChiediFlussoRendicontazioneRisposta(frXml: string | Buffer): string {
  const base64 = (typeof frXml === 'string' ? Buffer.from(frXml, 'utf8') : frXml).toString('base64');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_NAMESPACE}" xmlns:ppt="${NODO_NAMESPACE}">\n` +
    '  <soapenv:Body>\n' +
    '    <ppt:nodoChiediFlussoRendicontazioneRisposta>\n' +
    `      <xmlRendicontazione>${base64}</xmlRendicontazione>\n` +
    '    </ppt:nodoChiediFlussoRendicontazioneRisposta>\n' +
    '  </soapenv:Body>\n' +
    '</soapenv:Envelope>\n'
  );
}

const MAX_IMPORTO = 99_999_999_999; // 999999999.99 euros, the XSD maximum

function validate(fr: FrInput, schema: 'pagopa-1.0.4' | 'p4pa'): void {
  const fail = (field: string, why: string): never => {
    throw invalid('FR_BUILD_INVALID', field, `Cannot build the flow: ${field} ${why}`);
  };
  const text = (field: string, value: string | undefined, min: number, max: number) => {
    if (value === undefined || value.length < min || value.length > max) fail(field, `must be ${min} to ${max} characters, got "${value ?? ''}"`);
  };
  if (fr.versioneOggetto !== '1.0' && fr.versioneOggetto !== '1.1') fail('versioneOggetto', 'must be "1.0" or "1.1"');
  if (!IUF_PATTERN.test(fr.identificativoFlusso)) fail('identificativoFlusso', 'must be 1 to 35 letters, digits, "-" or "_"');
  if (fr.revisioneFlusso !== undefined) {
    if (schema !== 'p4pa') fail('revisioneFlusso', 'exists only in the p4pa schema: build with { schema: "p4pa" }');
    if (!Number.isSafeInteger(fr.revisioneFlusso) || fr.revisioneFlusso < 1 || fr.revisioneFlusso > 2147483647) fail('revisioneFlusso', 'must be a whole number from 1');
  }
  if (!isXsDateTime(fr.dataOraFlusso)) fail('dataOraFlusso', `"${fr.dataOraFlusso}" is not a date-time`);
  text('identificativoUnivocoRegolamento', fr.identificativoUnivocoRegolamento, 1, 35);
  if (xsDateToIso(fr.dataRegolamento) !== fr.dataRegolamento) fail('dataRegolamento', `"${fr.dataRegolamento}" is not a YYYY-MM-DD date`);
  if (!['G', 'A', 'B'].includes(fr.istitutoMittente.tipo)) fail('istitutoMittente.tipo', 'must be G, A or B');
  text('istitutoMittente.codice', fr.istitutoMittente.codice, 1, 35);
  if (fr.istitutoMittente.denominazione !== undefined) text('istitutoMittente.denominazione', fr.istitutoMittente.denominazione, 3, 70);
  if (fr.codiceBicBancaDiRiversamento !== undefined) text('codiceBicBancaDiRiversamento', fr.codiceBicBancaDiRiversamento, 1, 35);
  if (fr.istitutoRicevente.tipo !== 'G') fail('istitutoRicevente.tipo', 'must be G (the ente is a persona giuridica)');
  text('istitutoRicevente.codice', fr.istitutoRicevente.codice, 1, 35);
  if (fr.istitutoRicevente.denominazione !== undefined) text('istitutoRicevente.denominazione', fr.istitutoRicevente.denominazione, 1, 140);
  if (!Number.isSafeInteger(fr.numeroTotalePagamenti) || fr.numeroTotalePagamenti < 1) fail('numeroTotalePagamenti', 'must be a whole number from 1');
  if (!Number.isSafeInteger(fr.importoTotalePagamenti) || fr.importoTotalePagamenti < 0 || fr.importoTotalePagamenti > MAX_IMPORTO) {
    fail('importoTotalePagamenti', 'must be whole cents from 0 to 999999999.99 euros');
  }
  if (fr.rows.length === 0) fail('rows', 'must contain at least one payment');
  const esiti = schema === 'p4pa' ? ['0', '3', '4', '8', '9'] : ['0', '3', '9'];
  fr.rows.forEach((row, i) => {
    const p = `rows[${i + 1}]`;
    text(`${p}.iuv`, row.iuv, 1, 35);
    text(`${p}.iur`, row.iur, 1, 35);
    if (!Number.isSafeInteger(row.indiceDatiSingoloPagamento) || row.indiceDatiSingoloPagamento < 1 || row.indiceDatiSingoloPagamento > 5) {
      fail(`${p}.indiceDatiSingoloPagamento`, 'must be 1 to 5');
    }
    if (!Number.isSafeInteger(row.importo) || row.importo < 1 || row.importo > MAX_IMPORTO) fail(`${p}.importo`, 'must be whole cents from 0.01 to 999999999.99 euros');
    if (!esiti.includes(row.esito)) fail(`${p}.esito`, `must be one of ${esiti.join(', ')} for the ${schema} schema, got "${row.esito}"`);
    if (xsDateToIso(row.dataEsito) !== row.dataEsito) fail(`${p}.dataEsito`, `"${row.dataEsito}" is not a YYYY-MM-DD date`);
  });
}
