import { createHash } from 'node:crypto';
import { invalid } from '../../kernel/errors';
import { Cents, centsToEuros, sumCents } from '../../kernel/money';
import { isXsDateTime, xsDateToIso } from '../../reporting/parsers/iso-date';
import { xmlEscape } from '../../reporting/parsers/xml';
import { cumulativeCausale, punctualCausale } from '../causale/build-causale';
import { TIPO_ESECUZIONE } from '../parsers/opi-version';

/** One credit on the ente's account, as the treasurer bank records a PSP's riversamento. */
export interface OpiMovementInput {
  /** numero_bolletta_quietanza: the bank's receipt number, unique in the esercizio. */
  numeroBolletta: number;
  /** numero_documento (the sospeso number for a SOSPESO ENTRATA). */
  numeroDocumento: number;
  /** YYYY-MM-DD */
  dataMovimento: string;
  /** YYYY-MM-DD, defaults to dataMovimento. */
  dataValuta?: string;
  importo: Cents;
  /** anagrafica_cliente: who sent the money (the PSP). */
  ordinante: string;
  /** Free causale; when absent it is built from iuf (cumulative) or iuv (punctual, with the amount). */
  causale?: string;
  iuf?: string;
  iuv?: string;
  /** Default "SEPA CREDIT TRANSFER"; "SEPA INSTANT CREDIT TRANSFER" exists only from OPI 1.8. */
  tipoEsecuzione?: string;
  endToEndId?: string;
}

export interface OpiGiornaleInput {
  abiBT: string;
  /** Codice IPA of the ente: 6 of [A-Z0-9]. */
  codiceEnte: string;
  descrizioneEnte: string;
  /** Codice ISTAT / SIOPE: 9 to 15 digits. */
  codiceIstatEnte: string;
  codiceFiscaleEnte: string;
  codiceEnteBT: string;
  /** A2A-nnnnnnnn; defaults to A2A-00000000. */
  codiceTramiteEnte?: string;
  codiceTramiteBT?: string;
  /** GDC-<8 digits><10-50 alphanumerics>#nnn#nnn, see opiFlussoBtId. */
  identificativoFlussoBT: string;
  /** xs:dateTime */
  dataOraCreazione: string;
  esercizio: number;
  /** data_riferimento_GdC, YYYY-MM-DD */
  dataRiferimento: string;
  pagina?: number;
  pagineTotali?: number;
  conto: string;
  descrizioneConto?: string;
  movements: readonly OpiMovementInput[];
}

/** "GDC-" + date + an alphanumeric id + "#page#pages", the pattern identificativo_flusso_BT must follow. */
export function opiFlussoBtId(date: string, id: string, pagina = 1, pagineTotali = 1): string {
  const pad = (n: number) => String(n).padStart(3, '0');
  return `GDC-${date.replace(/-/g, '')}${id}#${pad(pagina)}#${pad(pagineTotali)}`;
}

/**
 * Writes a giornale di cassa in OPI 1.8 with the ENTRATA movements the Node simulator needs. With the default
 * tipo_esecuzione it is valid against 1.6.1 and 1.7.1 as well. The ds:Signature the schema requires is a
 * placeholder: the digest is the real SHA-256 of the journal body, the signature value is not a signature.
 */
export function buildOpiGiornaleDiCassa(input: OpiGiornaleInput): string {
  validate(input);
  const t = (name: string, value: string | number, indent: string) => `${indent}<${name}>${xmlEscape(String(value))}</${name}>\n`;
  const pagina = input.pagina ?? 1;
  const pagineTotali = input.pagineTotali ?? 1;
  let body = '  <testata_messaggio>\n';
  body += t('codice_ABI_BT', input.abiBT, '    ');
  body += t('data_ora_creazione_flusso', input.dataOraCreazione, '    ');
  body += t('codice_ente', input.codiceEnte, '    ');
  body += t('descrizione_ente', input.descrizioneEnte, '    ');
  body += t('codice_istat_ente', input.codiceIstatEnte, '    ');
  body += t('codice_fiscale_ente', input.codiceFiscaleEnte, '    ');
  body += t('codice_tramite_ente', input.codiceTramiteEnte ?? 'A2A-00000000', '    ');
  body += t('codice_tramite_BT', input.codiceTramiteBT ?? 'A2A-00000000', '    ');
  body += t('codice_ente_BT', input.codiceEnteBT, '    ');
  body += '  </testata_messaggio>\n';
  body += t('identificativo_flusso_BT', input.identificativoFlussoBT, '  ');
  body += t('pagina', pagina, '  ');
  body += t('pagine_totali', pagineTotali, '  ');
  body += t('esercizio', input.esercizio, '  ');
  body += t('data_riferimento_GdC', input.dataRiferimento, '  ');
  body += '  <informazioni_conto_evidenza>\n';
  body += t('conto_evidenza', input.conto, '    ');
  if (input.descrizioneConto) body += t('descrizione_conto_evidenza', input.descrizioneConto, '    ');
  input.movements.forEach((m, i) => {
    const indent = '      ';
    body += '    <movimento_conto_evidenza>\n';
    body += t('identificativo_flusso', `${input.identificativoFlussoBT.slice(4, 12)}${String(m.numeroBolletta)}`, indent);
    body += t('numero_movimento', i + 1, indent);
    body += t('tipo_movimento', 'ENTRATA', indent);
    body += t('tipo_documento', 'SOSPESO ENTRATA', indent);
    body += t('tipo_operazione', 'ESEGUITO', indent);
    body += t('numero_documento', m.numeroDocumento, indent);
    body += t('progressivo_documento', 0, indent);
    body += t('importo', centsToEuros(m.importo), indent);
    body += t('numero_bolletta_quietanza', m.numeroBolletta, indent);
    body += t('data_movimento', m.dataMovimento, indent);
    body += t('data_movimento_siope', m.dataMovimento, indent);
    body += t('data_valuta_ente', m.dataValuta ?? m.dataMovimento, indent);
    body += t('tipo_esecuzione', m.tipoEsecuzione ?? 'SEPA CREDIT TRANSFER', indent);
    if (m.endToEndId) body += t('end_to_end_id', m.endToEndId, indent);
    body += t('assoggettamento_bollo', 'ESENTE BOLLO', indent);
    body += t('assoggettamento_spese', 'ESENTE SPESE', indent);
    body += `${indent}<cliente>\n${t('anagrafica_cliente', m.ordinante, `${indent}  `)}${indent}</cliente>\n`;
    body += t('causale', causaleOf(m), indent);
    body += '    </movimento_conto_evidenza>\n';
  });
  const total = centsToEuros(sumCents(input.movements.map((m) => m.importo)));
  body += t('totale_entrate_conto_evidenza', total, '    ');
  body += t('totale_uscite_conto_evidenza', '0.00', '    ');
  body += '  </informazioni_conto_evidenza>\n';
  body += t('totale_complessivo_entrate', total, '  ');
  body += t('totale_complessivo_uscite', '0.00', '  ');

  const digest = createHash('sha256').update(body, 'utf8').digest('base64');
  const signature =
    '  <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\n' +
    '    <ds:SignedInfo>\n' +
    '      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>\n' +
    '      <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>\n' +
    '      <ds:Reference URI="">\n' +
    '        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>\n' +
    `        <ds:DigestValue>${digest}</ds:DigestValue>\n` +
    '      </ds:Reference>\n' +
    '    </ds:SignedInfo>\n' +
    `    <ds:SignatureValue>${Buffer.from('QUADRA NODE SIMULATOR: NOT SIGNED').toString('base64')}</ds:SignatureValue>\n` +
    '  </ds:Signature>\n';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<flusso_giornale_di_cassa>\n${body}${signature}</flusso_giornale_di_cassa>\n`;
}

function causaleOf(m: OpiMovementInput): string {
  if (m.causale !== undefined) return m.causale;
  if (m.iuf !== undefined) return cumulativeCausale(m.iuf);
  return punctualCausale(m.iuv as string, m.importo);
}

const GDC_ID = /^GDC-[0-9]{8}[A-Za-z0-9]{10,50}#[0-9]{3}#[0-9]{3}$/;
const MAX_IMPORTO = 9_999_999_999_999; // 15 digits with 2 decimals

function validate(input: OpiGiornaleInput): void {
  const fail = (field: string, why: string): never => {
    throw invalid('OPI_BUILD_INVALID', field, `Cannot build the giornale di cassa: ${field} ${why}`);
  };
  if (!/^\d{5}$/.test(input.abiBT)) fail('abiBT', 'must be 5 digits');
  if (!/^[A-Z0-9]{6}$/.test(input.codiceEnte)) fail('codiceEnte', 'must be 6 of A-Z, 0-9 (codice IPA)');
  if (input.descrizioneEnte.length === 0) fail('descrizioneEnte', 'must not be empty');
  if (!/^\d{9,15}$/.test(input.codiceIstatEnte)) fail('codiceIstatEnte', 'must be 9 to 15 digits');
  if (!/^[A-Z0-9]{11,16}$/.test(input.codiceFiscaleEnte)) fail('codiceFiscaleEnte', 'must be 11 to 16 of A-Z, 0-9');
  if (input.codiceEnteBT.length === 0) fail('codiceEnteBT', 'must not be empty');
  for (const field of ['codiceTramiteEnte', 'codiceTramiteBT'] as const) {
    const value = input[field];
    if (value !== undefined && !/^A2A-\d{8}$/.test(value)) fail(field, 'must be A2A- followed by 8 digits');
  }
  if (!GDC_ID.test(input.identificativoFlussoBT) || input.identificativoFlussoBT.length > 70) {
    fail('identificativoFlussoBT', 'must be GDC-<8 digits><10 to 50 letters or digits>#nnn#nnn (see opiFlussoBtId)');
  }
  if (!isXsDateTime(input.dataOraCreazione)) fail('dataOraCreazione', 'must be a date-time');
  if (!Number.isInteger(input.esercizio) || input.esercizio < 1999 || input.esercizio > 2099) fail('esercizio', 'must be a year from 1999 to 2099');
  if (xsDateToIso(input.dataRiferimento) !== input.dataRiferimento) fail('dataRiferimento', 'must be a YYYY-MM-DD date');
  const pagina = input.pagina ?? 1;
  const pagine = input.pagineTotali ?? 1;
  if (!Number.isInteger(pagina) || !Number.isInteger(pagine) || pagina < 1 || pagine < pagina || pagine > 9_999_999) fail('pagina', 'must be from 1 to pagineTotali');
  if (input.conto.length < 1 || input.conto.length > 25) fail('conto', 'must be 1 to 25 characters');
  input.movements.forEach((m, i) => {
    const p = `movements[${i + 1}]`;
    for (const field of ['numeroBolletta', 'numeroDocumento'] as const) {
      if (!Number.isSafeInteger(m[field]) || m[field] < 0) fail(`${p}.${field}`, 'must be a whole number from 0');
    }
    if (xsDateToIso(m.dataMovimento) !== m.dataMovimento) fail(`${p}.dataMovimento`, 'must be a YYYY-MM-DD date');
    if (m.dataValuta !== undefined && xsDateToIso(m.dataValuta) !== m.dataValuta) fail(`${p}.dataValuta`, 'must be a YYYY-MM-DD date');
    if (!Number.isSafeInteger(m.importo) || m.importo <= 0 || m.importo > MAX_IMPORTO) fail(`${p}.importo`, 'must be a positive number of cents');
    if (m.ordinante.length === 0) fail(`${p}.ordinante`, 'must not be empty');
    if (m.causale === undefined && m.iuf === undefined && m.iuv === undefined) fail(`${p}.causale`, 'is missing: give a causale, an iuf or an iuv');
    if (m.causale !== undefined && m.causale.length === 0) fail(`${p}.causale`, 'must not be empty');
    if (m.tipoEsecuzione !== undefined && !TIPO_ESECUZIONE['1.8'].has(m.tipoEsecuzione)) fail(`${p}.tipoEsecuzione`, `"${m.tipoEsecuzione}" is not allowed by OPI 1.8`);
    if (m.endToEndId !== undefined && (m.endToEndId.length < 1 || m.endToEndId.length > 35)) fail(`${p}.endToEndId`, 'must be 1 to 35 characters');
  });
}
