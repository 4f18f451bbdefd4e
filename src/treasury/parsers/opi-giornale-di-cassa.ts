import { DomainError, invalid } from '../../kernel/errors';
import { xsDateToIso } from '../../reporting/parsers/iso-date';
import { childText, childrenNamed, firstChild, readXml, XmlElement } from '../../reporting/parsers/xml';
import { parseCausaleFields } from '../causale/parse-causale';
import { OpiVersion, TIPO_ESECUZIONE, normalizeTipoEsecuzione, versionsAccepting } from './opi-version';
import { disambiguateKeys, parseAmountText, ParsedTreasuryMovement } from './treasury-movement';

/** Largest giornale di cassa accepted (one page as the bank sends it). */
export const OPI_MAX_BYTES = 64 * 1024 * 1024;
/** Most movimento_conto_evidenza elements accepted in one document. */
export const OPI_MAX_MOVEMENTS = 200_000;

export interface OpiWarning {
  code: string;
  message: string;
  field?: string;
}

export interface ParsedOpiGiornale {
  /** The oldest schema the document satisfies; see compatibleVersions for all of them. */
  version: OpiVersion;
  /**
   * 1.6.1, 1.7.1 and 1.8 share one structure and differ only in the tipo_esecuzione values they allow, so a
   * document using none of the distinguishing values is valid under several versions at once.
   */
  compatibleVersions: OpiVersion[];
  abiBT: string;
  codiceEnte?: string;
  descrizioneEnte?: string;
  codiceFiscaleEnte?: string;
  identificativoFlussoBT: string;
  pagina?: number;
  pagineTotali?: number;
  esercizio: number;
  /** data_riferimento_GdC (1.6.1 and later). */
  dataRiferimento?: string;
  /** data_inizio / data_fine_periodo_riferimento (1.4). */
  periodo?: { dal: string; al: string };
  /** ENTRATA movements that moved money: executed or restored (+) and reversed (-). */
  movements: ParsedTreasuryMovement[];
  /** Movements left out on purpose (USCITA/MANDATO, regularisations): counted so nothing disappears unseen. */
  ignored: { count: number; byReason: Record<string, number> };
  warnings: OpiWarning[];
}

const ONLY_FROM_1_6_1 = ['identificativo_flusso', 'numero_movimento', 'data_movimento_siope', 'sospeso'];
const ONLY_IN_1_4 = ['numero_sospeso'];
const GDC_ID = /^GDC-[0-9]{8}[A-Za-z0-9]{10,50}#[0-9]{3}#[0-9]{3}$/;

/**
 * Reads an OPI (SIOPE+) giornale di cassa, versions 1.4 to 1.8, and returns the credits pagoPA reconciliation
 * needs. Anything that makes a movement unusable (no amount, no date, an unknown layout, page 0) throws a
 * DomainError naming the element; oddities that do not change the money are returned as warnings.
 */
export function parseOpiGiornaleDiCassa(input: string | Buffer | Uint8Array): ParsedOpiGiornale {
  const root = readXml(input, { what: 'giornale di cassa OPI', maxBytes: OPI_MAX_BYTES, codePrefix: 'OPI' });
  if (root.name !== 'flusso_giornale_di_cassa') {
    throw invalid('OPI_WRONG_ROOT', root.name, `Expected an OPI giornale di cassa (<flusso_giornale_di_cassa>), found <${root.name}>`);
  }
  const warnings: OpiWarning[] = [];
  const conti = childrenNamed(root, 'informazioni_conto_evidenza');
  if (conti.length === 0) throw missing('informazioni_conto_evidenza');
  const movementCount = conti.reduce((n, c) => n + childrenNamed(c, 'movimento_conto_evidenza').length, 0);
  if (movementCount > OPI_MAX_MOVEMENTS) {
    throw new DomainError('OPI_TOO_MANY_MOVEMENTS', `The giornale di cassa has ${movementCount} movements; the limit is ${OPI_MAX_MOVEMENTS}`, 'too_large', undefined, {
      movements: movementCount,
      maxMovements: OPI_MAX_MOVEMENTS,
    });
  }
  const { version, compatibleVersions } = detectVersion(root, conti);

  const testata = firstChild(root, 'testata_messaggio');
  if (!testata) throw missing('testata_messaggio');
  const abiBT = required(testata, 'codice_ABI_BT', 'testata_messaggio');
  if (!/^\d{5}$/.test(abiBT)) throw invalid('OPI_INVALID_VALUE', 'testata_messaggio.codice_ABI_BT', `codice_ABI_BT "${abiBT}" must be 5 digits`);

  const identificativoFlussoBT = required(root, 'identificativo_flusso_BT');
  if (version !== '1.4' && !GDC_ID.test(identificativoFlussoBT)) {
    warnings.push({
      code: 'IDENTIFICATIVO_FLUSSO_BT_FORMAT',
      field: 'identificativo_flusso_BT',
      message: `identificativo_flusso_BT "${identificativoFlussoBT}" does not follow GDC-<8 digits><10-50 alphanumerics>#nnn#nnn`,
    });
  }

  const esercizioText = required(root, 'esercizio');
  const esercizio = Number(esercizioText);
  if (!/^\d{4}$/.test(esercizioText) || esercizio < 1999 || esercizio > 2099) {
    throw invalid('OPI_INVALID_VALUE', 'esercizio', `esercizio "${esercizioText}" must be a year from 1999 to 2099`);
  }

  const result: ParsedOpiGiornale = {
    version,
    compatibleVersions,
    abiBT,
    identificativoFlussoBT,
    esercizio,
    movements: [],
    ignored: { count: 0, byReason: {} },
    warnings,
  };
  for (const [key, name] of [
    ['codiceEnte', 'codice_ente'],
    ['descrizioneEnte', 'descrizione_ente'],
    ['codiceFiscaleEnte', 'codice_fiscale_ente'],
  ] as const) {
    const value = childText(testata, name);
    if (value !== undefined) result[key] = value;
  }
  readPages(root, result);
  if (version === '1.4') {
    const dal = date(root, 'data_inizio_periodo_riferimento');
    const al = date(root, 'data_fine_periodo_riferimento');
    result.periodo = { dal, al };
    if (dal > al) warnings.push({ code: 'PERIOD_INVERTED', field: 'data_inizio_periodo_riferimento', message: `The reference period starts on ${dal}, after it ends (${al})` });
  } else {
    result.dataRiferimento = date(root, 'data_riferimento_GdC');
  }

  conti.forEach((conto, c) => {
    const contoPath = `informazioni_conto_evidenza[${c + 1}]`;
    const contoEvidenza = required(conto, 'conto_evidenza', contoPath);
    childrenNamed(conto, 'movimento_conto_evidenza').forEach((mov, m) => {
      const path = `${contoPath}.movimento_conto_evidenza[${m + 1}]`;
      const movement = readMovement(mov, path, { abiBT, conto: contoEvidenza, esercizio }, result);
      if (movement) result.movements.push(movement);
    });
  });
  disambiguateKeys(result.movements);
  return result;
}

function detectVersion(root: XmlElement, conti: XmlElement[]): { version: OpiVersion; compatibleVersions: OpiVersion[] } {
  const has14 = !!firstChild(root, 'data_inizio_periodo_riferimento') || !!firstChild(root, 'data_fine_periodo_riferimento');
  const has16 = !!firstChild(root, 'data_riferimento_GdC');
  if (has14 === has16) {
    throw invalid(
      'OPI_UNKNOWN_VERSION',
      'data_riferimento_GdC',
      has14
        ? 'The giornale di cassa has both data_riferimento_GdC (OPI 1.6.1 and later) and data_inizio/fine_periodo_riferimento (OPI 1.4): no known version has both'
        : 'The giornale di cassa has neither data_riferimento_GdC (OPI 1.6.1 and later) nor data_inizio/fine_periodo_riferimento (OPI 1.4): its version is unknown',
    );
  }
  const family: OpiVersion[] = has14 ? ['1.4'] : ['1.6.1', '1.7.1', '1.8'];
  const foreign = has14 ? ONLY_FROM_1_6_1 : ONLY_IN_1_4;
  const tipi = new Set<string>();
  conti.forEach((conto, c) =>
    childrenNamed(conto, 'movimento_conto_evidenza').forEach((mov, m) => {
      const path = `informazioni_conto_evidenza[${c + 1}].movimento_conto_evidenza[${m + 1}]`;
      const alien = mov.children.find((e) => foreign.includes(e.name));
      if (alien) {
        throw invalid(
          'OPI_UNKNOWN_VERSION',
          `${path}.${alien.name}`,
          `${path} has <${alien.name}>, which OPI ${has14 ? '1.4' : '1.6.1 and later'} does not have: the document mixes versions`,
        );
      }
      const tipo = childText(mov, 'tipo_esecuzione');
      if (tipo !== undefined) tipi.add(normalizeTipoEsecuzione(tipo));
    }),
  );
  const compatibleVersions = versionsAccepting(family, tipi);
  if (compatibleVersions.length === 0) {
    const unknown = [...tipi].filter((t) => !family.some((v) => TIPO_ESECUZIONE[v].has(t)));
    const mixed = unknown.length === 0;
    throw invalid(
      'OPI_UNKNOWN_VERSION',
      'tipo_esecuzione',
      mixed
        ? `The tipo_esecuzione values ${[...tipi].map((t) => `"${t}"`).join(', ')} are never allowed together by one of OPI ${family.join(', ')}`
        : `tipo_esecuzione ${unknown.map((t) => `"${t}"`).join(', ')} is not allowed by OPI ${family.join(', ')}: the version is unknown`,
    );
  }
  return { version: compatibleVersions[0], compatibleVersions };
}

function readPages(root: XmlElement, result: ParsedOpiGiornale): void {
  const page = (name: string): number | undefined => {
    const text = childText(root, name);
    if (text === undefined) return undefined;
    const n = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
    // Pages identify the parts of a multi-page journal; a page 0 would make completeness impossible to check.
    if (!(n >= 1)) throw invalid('OPI_INVALID_PAGE', name, `${name} "${text}" is not valid: pages are numbered from 1`);
    return n;
  };
  const pagina = page('pagina');
  const pagineTotali = page('pagine_totali');
  if (pagina !== undefined && pagineTotali !== undefined && pagina > pagineTotali) {
    throw invalid('OPI_INVALID_PAGE', 'pagina', `pagina ${pagina} is beyond pagine_totali ${pagineTotali}`);
  }
  if (pagina !== undefined) result.pagina = pagina;
  if (pagineTotali !== undefined) result.pagineTotali = pagineTotali;
}

interface ContoContext {
  abiBT: string;
  conto: string;
  esercizio: number;
}

function readMovement(mov: XmlElement, path: string, ctx: ContoContext, result: ParsedOpiGiornale): ParsedTreasuryMovement | undefined {
  const ignore = (reason: string) => {
    result.ignored.count++;
    result.ignored.byReason[reason] = (result.ignored.byReason[reason] ?? 0) + 1;
    return undefined;
  };
  const tipoMovimento = required(mov, 'tipo_movimento', path);
  const tipoDocumento = childText(mov, 'tipo_documento') ?? '';
  if (tipoMovimento === 'USCITA') return ignore(`USCITA ${tipoDocumento}`.trim());
  if (tipoMovimento !== 'ENTRATA') throw invalid('OPI_INVALID_VALUE', `${path}.tipo_movimento`, `${path}: tipo_movimento "${tipoMovimento}" must be ENTRATA or USCITA`);

  const tipoOperazione = required(mov, 'tipo_operazione', path);
  let segno: '+' | '-';
  if (tipoOperazione === 'ESEGUITO' || tipoOperazione === 'RIPRISTINATO') segno = '+';
  else if (tipoOperazione === 'STORNATO') segno = '-';
  // A regularisation books an earlier sospeso on a reversale: no new money arrives, counting it would double it.
  else if (tipoOperazione === 'REGOLARIZZATO') return ignore('ENTRATA REGOLARIZZATO');
  else throw invalid('OPI_INVALID_VALUE', `${path}.tipo_operazione`, `${path}: tipo_operazione "${tipoOperazione}" is not ESEGUITO, STORNATO, REGOLARIZZATO or RIPRISTINATO`);

  const importoText = required(mov, 'importo', path);
  const amount = /^[+-]?\d+(\.\d+)?$/.test(importoText) ? parseAmountText(importoText, '.') : undefined;
  if (!amount?.ok) throw invalid('OPI_INVALID_AMOUNT', `${path}.importo`, `${path}: importo "${importoText}" is not an amount such as 1234.56`);
  if (amount.cents === 0) return ignore('ENTRATA importo 0');
  if (amount.negative) segno = segno === '+' ? '-' : '+';

  const dataContabile = date(mov, 'data_movimento', path);
  const dataValuta = childText(mov, 'data_valuta_ente') !== undefined ? date(mov, 'data_valuta_ente', path) : dataContabile;
  const numeroDocumento = required(mov, 'numero_documento', path);
  const progressivo = childText(mov, 'progressivo_documento') ?? '0';
  const numeroBolletta = childText(mov, 'numero_bolletta_quietanza');
  const causale = childText(mov, 'causale') ?? '';
  const endToEndId = childText(mov, 'end_to_end_id');
  const datiBT = firstChild(mov, 'dati_a_disposizione_BT');

  let parsed: ReturnType<typeof parseCausaleFields> = { kind: 'none' };
  try {
    parsed = parseCausaleFields([causale, endToEndId, ...(datiBT ? leafTexts(datiBT) : [])]);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    result.warnings.push({ code: e.code, field: `${path}.causale`, message: `${path}: ${e.message}` });
  }

  const n = (s: string) => s.replace(/^0+(?=\d)/, '');
  const key = ['OPI', ctx.abiBT, ctx.conto, ctx.esercizio, numeroBolletta ? n(numeroBolletta) : '-', n(numeroDocumento), n(progressivo)].join(':') + (tipoOperazione === 'STORNATO' ? ':STORNO' : '');
  const movement: ParsedTreasuryMovement = {
    source: 'OPI',
    key,
    esercizio: ctx.esercizio,
    dataContabile,
    dataValuta,
    importo: amount.cents,
    segno,
    conto: ctx.conto,
    abi: ctx.abiBT,
    causale,
    causaleKind: parsed.kind,
    numeroDocumento,
    tipoDocumento,
    tipoOperazione,
  };
  if (numeroBolletta !== undefined) movement.numeroBolletta = numeroBolletta;
  const cliente = firstChild(mov, 'cliente');
  const ordinante = cliente ? childText(cliente, 'anagrafica_cliente') : undefined;
  if (ordinante !== undefined) movement.ordinante = ordinante;
  if (parsed.iuf) movement.iuf = parsed.iuf;
  if (parsed.iuv) movement.iuv = parsed.iuv;
  if (endToEndId !== undefined) movement.endToEndId = endToEndId;
  return movement;
}

/** Each text of a free-form block separately, so two neighbouring fields never glue into one fake IUF. */
function leafTexts(el: XmlElement): string[] {
  const own = el.text.trim();
  return [...(own ? [own] : []), ...el.children.flatMap(leafTexts)];
}

function required(el: XmlElement, name: string, parent?: string): string {
  const value = childText(el, name);
  if (value === undefined) throw missing(parent ? `${parent}.${name}` : name);
  return value;
}

function date(el: XmlElement, name: string, parent?: string): string {
  const field = parent ? `${parent}.${name}` : name;
  const text = required(el, name, parent);
  const iso = xsDateToIso(text);
  if (!iso) throw invalid('OPI_INVALID_VALUE', field, `${field} "${text}" is not a date such as 2022-09-29`);
  return iso;
}

const missing = (field: string) => invalid('OPI_MISSING_ELEMENT', field, `The giornale di cassa has no ${field}, which is required`);
