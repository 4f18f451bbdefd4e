import { codiceFiscaleCheckCharacter } from '../../kernel/identifiers/codice-fiscale';
import { buildIuv } from '../../kernel/identifiers/iuv';
import { partitaIvaCheckDigit } from '../../kernel/identifiers/partita-iva';
import { centsToEuros, type Cents } from '../../kernel/money';
import { FLOW_COLUMNS, type FlowColumn } from '../domain/flow-columns';
import { type FlowVersion, versionAtLeast } from '../domain/flow-version';
import { csvLine, CSV_EOL } from './csv-writer';
import { flowZipName } from './flow-file-name';
import { zipTextFile } from './zip-file';

/**
 * Builds a realistic MyPay import flow for load tests and demos: valid codici fiscali, partite IVA, IUVs and
 * IBANs, quoted causali with ';' and '"' in them, bilanci and multi-beneficiary rows where the version has them,
 * and an exact share of bad rows, each with exactly ONE known defect, cycling through every kind of defect the
 * version can carry. Pure: the same options (seed included) give the same bytes.
 */
export interface FlowGeneratorOptions {
  rows: number;
  version: FlowVersion;
  codIpa: string;
  /** Share of bad rows, 0..1; the count is round(rows * badShare). */
  badShare?: number;
  seed?: number;
  iuf?: string;
  /** The ente's station segregation code: IUVs in the flow start with it. */
  segregationCode?: string;
  tipoDovuto?: string;
  /** Date stored in the ZIP entry (keeps the output independent of the clock). */
  modifiedAt?: Date | string;
  /** Every row creates a dovuto (azione I): what an import benchmark measures. Other columns stay as without it. */
  insertOnly?: boolean;
}

export type BadRowKind =
  | 'COLUMN_COUNT'
  | 'AMOUNT_COMMA'
  | 'AMOUNT_THREE_DECIMALS'
  | 'INVALID_DATE'
  | 'INVALID_AZIONE'
  | 'INVALID_IUD'
  | 'CODICE_FISCALE_CHECK_CHARACTER'
  | 'PARTITA_IVA_CHECK_DIGIT'
  | 'IUV_CHECK_DIGITS'
  | 'INVALID_EMAIL'
  | 'INVALID_DATI_SPECIFICI_RISCOSSIONE'
  | 'BILANCIO_SUM_MISMATCH'
  | 'INVALID_FLAG'
  | 'IBAN_CHECK_DIGITS'
  | 'IUD_DUPLICATED_IN_FLOW';

/** The code the row parser must report for each kind of defect. */
export const BAD_ROW_CODE: Readonly<Record<BadRowKind, string>> = Object.freeze({
  COLUMN_COUNT: 'COLUMN_COUNT',
  AMOUNT_COMMA: 'INVALID_AMOUNT',
  AMOUNT_THREE_DECIMALS: 'INVALID_AMOUNT',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_AZIONE: 'INVALID_AZIONE',
  INVALID_IUD: 'INVALID_IUD',
  CODICE_FISCALE_CHECK_CHARACTER: 'CODICE_FISCALE_CHECK_CHARACTER',
  PARTITA_IVA_CHECK_DIGIT: 'PARTITA_IVA_CHECK_DIGIT',
  IUV_CHECK_DIGITS: 'IUV_CHECK_DIGITS',
  INVALID_EMAIL: 'INVALID_EMAIL',
  INVALID_DATI_SPECIFICI_RISCOSSIONE: 'INVALID_DATI_SPECIFICI_RISCOSSIONE',
  BILANCIO_SUM_MISMATCH: 'BILANCIO_SUM_MISMATCH',
  INVALID_FLAG: 'INVALID_FLAG',
  IBAN_CHECK_DIGITS: 'IBAN_CHECK_DIGITS',
  IUD_DUPLICATED_IN_FLOW: 'IUD_DUPLICATED_IN_FLOW',
});

/** Kinds a version can carry, in the order they are dealt out; the duplicate comes last (it needs an earlier good row). */
export function badRowKinds(version: FlowVersion): BadRowKind[] {
  const kinds: BadRowKind[] = [
    'COLUMN_COUNT',
    'AMOUNT_COMMA',
    'AMOUNT_THREE_DECIMALS',
    'INVALID_DATE',
    'INVALID_AZIONE',
    'INVALID_IUD',
    'CODICE_FISCALE_CHECK_CHARACTER',
    'PARTITA_IVA_CHECK_DIGIT',
    'IUV_CHECK_DIGITS',
    'INVALID_EMAIL',
    'INVALID_DATI_SPECIFICI_RISCOSSIONE',
  ];
  if (versionAtLeast(version, '1_2')) kinds.push('BILANCIO_SUM_MISMATCH');
  if (versionAtLeast(version, '1_3')) kinds.push('INVALID_FLAG');
  if (version === '1_4') kinds.push('IBAN_CHECK_DIGITS');
  kinds.push('IUD_DUPLICATED_IN_FLOW');
  return kinds;
}

export interface ExpectedBadRow {
  /** LINE in the CSV (header = line 1). */
  rowNumber: number;
  iud: string;
  kind: BadRowKind;
  code: string;
}

export interface GeneratedFlow {
  zipName: string;
  csvName: string;
  csv: string;
  zip: Uint8Array;
  /** Data rows written (header excluded). */
  rows: number;
  goodRows: number;
  bad: ExpectedBadRow[];
}

/** Secondary entes for multi-beneficiary rows (TEFA-like shares); CFs and IBANs carry valid check characters. */
const SECONDARY_ENTES = [
  { cf: '80002200279', denominazione: 'Provincia di Esempio', iban: 'IT24U0306902117000000012345', dsr: '9/0101100IM/' },
  { cf: '00351230271', denominazione: 'Consorzio Bonifica "Acque Chiare"', iban: 'IT17K0760102000000012345678', dsr: '9/0301102TS/' },
  { cf: '92000000270', denominazione: 'Unione dei Comuni; Area Sud', iban: 'IT12S0200802017000105678901', dsr: '9/0201101IM/' },
] as const;

const SURNAMES = ['ROSSI', 'BIANCHI', 'VERDI', 'ESPOSITO', 'COLOMBO', 'RICCI', 'MARINO', 'GRECO', 'BRUNO', 'GALLO', "D'ANGELO", 'DE LUCA'];
const NAMES = ['MARIO', 'GIULIA', 'LUCA', 'FRANCESCA', 'MARCO', 'CHIARA', 'ANDREA', 'SARA', 'PAOLO', 'ELENA', 'NICCOLÒ', 'ZOE'];
const STREETS = ['Via Roma', 'Piazza San Marco', 'Corso Italia', 'Via Garibaldi', 'Viale Europa', 'Calle Larga'];
const TOWNS: readonly (readonly [string, string, string, string])[] = [
  ['Venezia', 'VE', '30124', 'L736'],
  ['Padova', 'PD', '35121', 'G224'],
  ['Verona', 'VR', '37121', 'L781'],
  ['Milano', 'MI', '20121', 'F205'],
  ['Roma', 'RM', '00184', 'H501'],
];
const MONTH_LETTERS = 'ABCDEHLMPRST';
const CAUSALI = ['TARI 2024 rata {n}', 'Mensa scolastica; periodo {n}', 'Sanzione ZTL verbale n. {n}', 'Concessione "loculo" {n}', 'Trasporto scolastico {n}'];
const TASSONOMIA = ['9/0101100IM/', '9/0101101IM/', '9/0301109AP/', '9/0201102IM/'];

/** mulberry32: small, fast, good enough to make test data look varied. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateFlow(options: FlowGeneratorOptions): GeneratedFlow {
  const { rows, version, codIpa } = options;
  const badShare = options.badShare ?? 0;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer, got ${rows}`);
  if (!(badShare >= 0 && badShare <= 1)) throw new Error(`badShare must be between 0 and 1, got ${badShare}`);
  const seed = options.seed ?? 1;
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const iuf = options.iuf ?? `GEN${seed}_${rows}`;
  const segregationCode = options.segregationCode ?? '01';
  const tipoDovuto = options.tipoDovuto ?? 'TARI';
  const columns = FLOW_COLUMNS[version];
  const at = (c: FlowColumn): number => columns.indexOf(c);
  const iudOf = (i: number) => `GEN${seed.toString(36).toUpperCase()}-${String(i + 1).padStart(8, '0')}`;

  // Which rows are bad, and with which defect: positions drawn by a partial shuffle, kinds dealt in row order.
  const badCount = Math.round(rows * badShare);
  const positions = Array.from({ length: rows }, (_, i) => i);
  for (let k = 0; k < badCount; k++) {
    const j = k + int(rows - k);
    [positions[k], positions[j]] = [positions[j]!, positions[k]!];
  }
  const badPositions = positions.slice(0, badCount).sort((a, b) => a - b);
  const kinds = badRowKinds(version);
  const kindAt = new Map<number, BadRowKind>();
  badPositions.forEach((p, k) => kindAt.set(p, kinds[k % kinds.length]!));

  const lines: string[] = [columns.join(';')];
  const bad: ExpectedBadRow[] = [];
  let lastGoodIud: string | undefined;

  for (let i = 0; i < rows; i++) {
    let kind = kindAt.get(i);
    // A duplicate needs an earlier accepted row; with none yet, the row gets another defect instead.
    if (kind === 'IUD_DUPLICATED_IN_FLOW' && lastGoodIud === undefined) kind = 'INVALID_AZIONE';

    const f: string[] = new Array<string>(columns.length).fill('');
    const iud = iudOf(i);
    f[at('IUD')] = iud;

    // Payer: 1 in 10 is a company (G, partita IVA), the rest people (F, codice fiscale).
    const surname = pick(SURNAMES);
    const name = pick(NAMES);
    const town = pick(TOWNS);
    const company = int(10) === 0;
    f[at('tipoIdentificativoUnivoco')] = company ? 'G' : 'F';
    f[at('codiceIdentificativoUnivoco')] = company ? partitaIva(int) : codiceFiscale(surname, name, town[3], int);
    f[at('anagraficaPagatore')] = company ? `${surname} ${name} S.r.l.` : `${surname} ${name}`;
    f[at('indirizzoPagatore')] = pick(STREETS);
    f[at('civicoPagatore')] = String(1 + int(200));
    f[at('capPagatore')] = town[2];
    f[at('localitaPagatore')] = town[0];
    f[at('provinciaPagatore')] = town[1];
    f[at('nazionePagatore')] = 'IT';
    f[at('mailPagatore')] = int(3) === 0 ? '' : `${mailPart(name)}.${mailPart(surname)}${i}@example.it`;

    f[at('dataScadenzaPagamento')] = `202${5 + int(2)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
    const importo: Cents = 100 + int(200_000);
    f[at('importoDovuto')] = centsToEuros(importo);
    f[at('commissioneCaricoPa')] = int(4) === 0 ? '0.00' : '';
    f[at('tipoDovuto')] = tipoDovuto;
    f[at('tipoVersamento')] = 'ALL';
    f[at('causaleVersamento')] = pick(CAUSALI).replace('{n}', String(1 + int(12)));
    f[at('datiSpecificiRiscossione')] = pick(TASSONOMIA);

    // IUV: given by the ente for about a third of the rows; from 1_3 a third asks Quadra to generate one.
    const iuvMode = int(3);
    const iuv = buildIuv(segregationCode, String((seed % 100_000) * 100_000_000 + i).padStart(13, '0'));
    if (iuvMode === 0) f[at('codIuv')] = iuv;
    if (versionAtLeast(version, '1_3')) f[at('flgGeneraIuv')] = iuvMode === 1 ? 'true' : 'false';
    if (versionAtLeast(version, '1_2') && int(3) === 0) f[at('bilancio')] = bilancioXml(importo, int);
    if (version === '1_4') {
      const multi = int(5) === 0 || kind === 'IBAN_CHECK_DIGITS';
      f[at('flgMultibeneficiario')] = multi ? 'true' : 'false';
      if (multi) {
        const ente = pick(SECONDARY_ENTES);
        f[at('codiceFiscaleEnteSecondario')] = ente.cf;
        f[at('denominazioneEnteSecondario')] = ente.denominazione;
        f[at('ibanAccreditoEnteSecondario')] = ente.iban;
        f[at('nazioneEnteSecondario')] = 'IT';
        f[at('datiSpecificiRiscossioneEnteSecondario')] = ente.dsr;
        f[at('causaleVersamentoEnteSecondario')] = `Quota ${ente.denominazione}`;
        f[at('importoVersamentoEnteSecondario')] = centsToEuros(1 + Math.floor(importo / 20));
      }
    }
    // The draws happen either way, so an insert-only flow differs from the default one in this column only.
    const azione = int(20) === 0 ? 'M' : int(40) === 0 ? 'A' : 'I';
    f[at('azione')] = options.insertOnly ? 'I' : azione;

    let out = f;
    switch (kind) {
      case undefined:
        lastGoodIud = iud;
        break;
      case 'COLUMN_COUNT':
        out = int(2) === 0 ? f.slice(0, -1) : [...f, ''];
        break;
      case 'AMOUNT_COMMA':
        f[at('importoDovuto')] = centsToEuros(importo).replace('.', ',');
        break;
      case 'AMOUNT_THREE_DECIMALS':
        f[at('importoDovuto')] = `${centsToEuros(importo)}5`;
        break;
      case 'INVALID_DATE':
        f[at('dataScadenzaPagamento')] = pick(['2025-02-30', '2025-13-01', '2025-04-31', '31/12/2025']);
        break;
      case 'INVALID_AZIONE':
        f[at('azione')] = pick(['X', 'D', 'INS']);
        break;
      case 'INVALID_IUD':
        f[at('IUD')] = `000${iud}`.slice(0, 35);
        break;
      case 'CODICE_FISCALE_CHECK_CHARACTER': {
        f[at('tipoIdentificativoUnivoco')] = 'F';
        const cf = codiceFiscale(surname, name, town[3], int);
        f[at('codiceIdentificativoUnivoco')] = cf.slice(0, 15) + otherLetter(cf[15]!);
        f[at('anagraficaPagatore')] = `${surname} ${name}`;
        break;
      }
      case 'PARTITA_IVA_CHECK_DIGIT': {
        f[at('tipoIdentificativoUnivoco')] = 'G';
        const piva = partitaIva(int);
        f[at('codiceIdentificativoUnivoco')] = piva.slice(0, 10) + String((Number(piva[10]) + 1 + int(8)) % 10);
        break;
      }
      case 'IUV_CHECK_DIGITS':
        f[at('codIuv')] = iuv.slice(0, 15) + String((Number(iuv.slice(15)) + 1 + int(90)) % 93).padStart(2, '0');
        if (versionAtLeast(version, '1_3')) f[at('flgGeneraIuv')] = 'false';
        break;
      case 'INVALID_EMAIL':
        f[at('mailPagatore')] = pick(['mario.rossi@', 'mario rossi@example.it', 'mario@@example.it', 'mario.rossi@example']);
        break;
      case 'INVALID_DATI_SPECIFICI_RISCOSSIONE':
        f[at('datiSpecificiRiscossione')] = pick(['5/0101100IM/', '9/ab', '0101100IM', '9/01 01']);
        break;
      case 'BILANCIO_SUM_MISMATCH':
        f[at('bilancio')] = bilancioXml(importo + 1 + int(1000), int);
        break;
      case 'INVALID_FLAG':
        f[at('flgGeneraIuv')] = pick(['yes', 'si', '1', 'forse']);
        break;
      case 'IBAN_CHECK_DIGITS': {
        const iban = f[at('ibanAccreditoEnteSecondario')]!;
        const k = 17 + int(10); // a digit of the account number
        f[at('ibanAccreditoEnteSecondario')] = iban.slice(0, k) + String((Number(iban[k]) + 1 + int(8)) % 10) + iban.slice(k + 1);
        break;
      }
      case 'IUD_DUPLICATED_IN_FLOW':
        f[at('IUD')] = lastGoodIud!;
        break;
    }
    if (kind !== undefined) {
      const rowIud = kind === 'IUD_DUPLICATED_IN_FLOW' ? lastGoodIud! : (out[0] ?? iud);
      bad.push({ rowNumber: i + 2, iud: rowIud, kind, code: BAD_ROW_CODE[kind] });
    }
    lines.push(csvLine(out));
  }

  const csv = lines.join(CSV_EOL) + CSV_EOL;
  const zipName = flowZipName(codIpa, iuf, version);
  const csvName = zipName.replace(/\.zip$/, '.csv');
  return { zipName, csvName, csv, zip: zipTextFile(csvName, csv, options.modifiedAt), rows, goodRows: rows - bad.length, bad };
}

function codiceFiscale(surname: string, name: string, belfiore: string, int: (n: number) => number): string {
  const letters = (s: string) => (ascii(s).replace(/[^A-Z]/g, '') + 'XXX').slice(0, 3);
  const female = int(2) === 0;
  const day = 1 + int(28) + (female ? 40 : 0);
  const first15 = `${letters(surname)}${letters(name)}${String(50 + int(50))}${MONTH_LETTERS[int(12)]}${String(day).padStart(2, '0')}${belfiore}`;
  return first15 + codiceFiscaleCheckCharacter(first15);
}

function partitaIva(int: (n: number) => number): string {
  const first10 = String(1 + int(9)) + String(int(1_000_000_000)).padStart(9, '0');
  return first10 + partitaIvaCheckDigit(first10);
}

function bilancioXml(total: Cents, int: (n: number) => number): string {
  const first = Math.floor(total / 2) + int(Math.max(1, Math.floor(total / 4)));
  const second = total - first;
  const acc = (cod: string, cents: Cents) => `<accertamento><codAccertamento>${cod}</codAccertamento><importo>${centsToEuros(cents)}</importo></accertamento>`;
  return `<bilancio><capitolo><codCapitolo>CAP${100 + int(900)}</codCapitolo><codUfficio>UFF1</codUfficio>${acc('ACC2025/1', first)}${acc('ACC2025/2', second)}</capitolo></bilancio>`;
}

const otherLetter = (c: string): string => String.fromCharCode(65 + ((c.charCodeAt(0) - 65 + 1) % 26));
const mailPart = (s: string): string => ascii(s).replace(/[^A-Z]/g, '').toLowerCase();
const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
