import { DomainError } from '../../kernel/errors';
import { validateDatiSpecificiRiscossione } from '../../kernel/identifiers/dati-specifici-riscossione';
import { validateIban, normaliseIban } from '../../kernel/identifiers/iban';
import { validateIud } from '../../kernel/identifiers/iud';
import { validateIuv } from '../../kernel/identifiers/iuv';
import { validatePartitaIva } from '../../kernel/identifiers/partita-iva';
import { validateCodiceFiscale } from '../../kernel/identifiers/codice-fiscale';
import { type PayerType, validatePayerId, normalisePayerId } from '../../kernel/identifiers/payer-id';
import { centsToEuros, eurosToCents, type Cents } from '../../kernel/money';
import { COLUMN_INDEX, columnCount, type FlowColumn } from '../domain/flow-columns';
import { type Azione, type Bilancio, type FlowPayer, type FlowRow, type FlowSecondario, type RowProblem, type RowRejection } from '../domain/flow-row';
import { type FlowVersion, versionAtLeast } from '../domain/flow-version';
import { daysInMonth } from '../../positions/domain/calendar-date';
import { isValidEmail, EMAIL_MAX_LENGTH } from '../domain/email';
import { bilancioTotal, parseBilancio, BILANCIO_MAX_LENGTH } from './bilancio';

/**
 * Maps one CSV row of a MyPay import flow to a typed FlowRow, or rejects it with EVERY problem found, each naming
 * the row, the MyPay column and why. Rules follow MyPay's batch (ImportFlussoTaskService: field lengths, required
 * fields, versions) made stricter where MyPay parses loosely: amounts are dot-decimal with at most two decimals
 * (MyPay used Double.valueOf), dates must exist, identifiers carry valid check characters.
 */
export interface FlowRowOptions {
  /** The ente's station segregation code: a codIuv given by the ente must start with it. */
  segregationCode?: string;
  /** Keep the row's fields on the FlowRow (for the MyPay-layout IUV file). */
  keepRaw?: boolean;
}

export type FlowRowResult = { ok: true; row: FlowRow } | { ok: false; rejection: RowRejection };

/** pagoPA's largest single payment: 999,999,999.99 euros. */
export const MAX_IMPORTO_CENTS: Cents = 99_999_999_999;

/** Payment channels a dovuto may restrict itself to, as MyPay names them; ALL stands alone. */
export const TIPI_VERSAMENTO = ['ALL', 'BBT', 'BP', 'AD', 'CP', 'PO', 'OBEP'] as const;

/** Lengths from MyPay's batch; causaleVersamento was 140 in 1_0 and 1024 from 1_1. */
const MAX_LENGTH: Partial<Record<FlowColumn, number>> = {
  codIuv: 35,
  codiceIdentificativoUnivoco: 35,
  anagraficaPagatore: 70,
  indirizzoPagatore: 70,
  civicoPagatore: 16,
  capPagatore: 16,
  localitaPagatore: 35,
  provinciaPagatore: 2,
  nazionePagatore: 2,
  mailPagatore: EMAIL_MAX_LENGTH,
  tipoDovuto: 64,
  tipoVersamento: 32,
  causaleVersamento: 1024,
  datiSpecificiRiscossione: 140,
  bilancio: BILANCIO_MAX_LENGTH,
  denominazioneEnteSecondario: 70,
  indirizzoEnteSecondario: 70,
  civicoEnteSecondario: 16,
  capEnteSecondario: 16,
  localitaEnteSecondario: 35,
  provinciaEnteSecondario: 35,
  nazioneEnteSecondario: 2,
  datiSpecificiRiscossioneEnteSecondario: 140,
  causaleVersamentoEnteSecondario: 1024,
};

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const PROVINCIA_PATTERN = /^[A-Z]{2}$/;
const CAP_IT_PATTERN = /^\d{5}$/;

export function parseFlowRow(fields: readonly string[], rowNumber: number, version: FlowVersion, options: FlowRowOptions = {}): FlowRowResult {
  const problems: RowProblem[] = [];
  const expected = columnCount(version);
  const iudAsWritten = fields[0]?.trim() || undefined;
  if (fields.length !== expected) {
    problems.push({
      field: 'row',
      code: 'COLUMN_COUNT',
      message: `Row ${rowNumber}: has ${fields.length} columns, version ${version} has ${expected}; check for a missing or extra ';' (a ';' inside a value must be quoted)`,
      details: { expected, found: fields.length },
    });
    // Positions are meaningless now: validating them would only report noise.
    return reject(rowNumber, iudAsWritten, problems, fields);
  }

  const index = COLUMN_INDEX[version];
  const get = (column: FlowColumn): string => {
    const i = index[column];
    return i === undefined ? '' : fields[i]!.trim();
  };
  const add = (field: string, code: string, message: string, details?: Record<string, unknown>): void => {
    problems.push(details ? { field, code, message: `Row ${rowNumber}: ${message}`, details } : { field, code, message: `Row ${rowNumber}: ${message}` });
  };
  /** Runs a kernel validator, turning its DomainError into a problem of this row. */
  const check = (field: string, validate: () => void): boolean => {
    try {
      validate();
      return true;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      add(e.field ?? field, e.code, e.message, e.details);
      return false;
    }
  };
  const lengthOk = (column: FlowColumn, v: string): boolean => {
    const max = column === 'causaleVersamento' && version === '1_0' ? 140 : MAX_LENGTH[column];
    if (max !== undefined && v.length > max) {
      add(column, 'FIELD_TOO_LONG', `${column} has ${v.length} characters, at most ${max} are allowed in version ${version}`, { max, length: v.length });
      return false;
    }
    return true;
  };
  const required = (column: FlowColumn, what: string): string | undefined => {
    const v = get(column);
    if (v === '') {
      add(column, 'FIELD_REQUIRED', `${column} is required (${what})`);
      return undefined;
    }
    return lengthOk(column, v) ? v : undefined;
  };
  const optional = (column: FlowColumn): string | undefined => {
    const v = get(column);
    return v === '' || !lengthOk(column, v) ? undefined : v;
  };
  const amount = (column: FlowColumn, v: string, allowZero: boolean): Cents | undefined => {
    let cents: Cents;
    try {
      cents = eurosToCents(v, column);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      add(column, 'INVALID_AMOUNT', e.message);
      return undefined;
    }
    if (!allowZero && cents === 0) {
      add(column, 'INVALID_AMOUNT', `${column} must be greater than zero`);
      return undefined;
    }
    if (cents > MAX_IMPORTO_CENTS) {
      add(column, 'INVALID_AMOUNT', `${column} "${v}" exceeds 999999999.99, the largest amount pagoPA accepts`);
      return undefined;
    }
    return cents;
  };
  const flag = (column: FlowColumn): boolean | undefined => {
    const v = get(column);
    if (v === '') return false;
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    add(column, 'INVALID_FLAG', `${column} "${v}" must be true or false (or empty for false)`);
    return undefined;
  };

  // IUD
  const iud = required('IUD', "the ente's id of the dovuto");
  if (iud !== undefined) check('IUD', () => validateIud(iud, 'IUD'));

  // IUV: given by the ente, or left empty.
  const codIuv = optional('codIuv');
  if (codIuv !== undefined) check('codIuv', () => validateIuv(codIuv, options.segregationCode, 'codIuv'));

  // Payer
  const tipo = get('tipoIdentificativoUnivoco').toUpperCase();
  const codiceId = get('codiceIdentificativoUnivoco');
  if (lengthOk('codiceIdentificativoUnivoco', codiceId)) {
    check('codiceIdentificativoUnivoco', () => validatePayerId(tipo, codiceId, 'codiceIdentificativoUnivoco', 'tipoIdentificativoUnivoco'));
  }
  const anagrafica = required('anagraficaPagatore', "the payer's name");
  const indirizzo = optional('indirizzoPagatore');
  const civico = optional('civicoPagatore');
  const localita = optional('localitaPagatore');
  const nazione = optional('nazionePagatore')?.toUpperCase();
  if (nazione !== undefined && !COUNTRY_PATTERN.test(nazione)) {
    add('nazionePagatore', 'INVALID_NAZIONE', `nazionePagatore "${nazione}" must be a two-letter ISO 3166 country code, e.g. IT`);
  }
  const inItaly = nazione === undefined || nazione === 'IT';
  const provincia = optional('provinciaPagatore')?.toUpperCase();
  if (provincia !== undefined && inItaly && !PROVINCIA_PATTERN.test(provincia)) {
    add('provinciaPagatore', 'INVALID_PROVINCIA', `provinciaPagatore "${provincia}" must be the two-letter sigla of an Italian province, e.g. VE`);
  }
  const cap = optional('capPagatore');
  if (cap !== undefined && inItaly && !CAP_IT_PATTERN.test(cap)) {
    add('capPagatore', 'INVALID_CAP', `capPagatore "${cap}" must be 5 digits for an Italian address`);
  }
  const email = optional('mailPagatore');
  if (email !== undefined && !isValidEmail(email)) {
    add('mailPagatore', 'INVALID_EMAIL', `mailPagatore "${email}" is not an e-mail address (name@domain.tld)`);
  }

  // Due date: mandatory up to 1_1; from 1_2 the tipo dovuto decides, which the command checks.
  const dataText = versionAtLeast(version, '1_2') ? optional('dataScadenzaPagamento') : required('dataScadenzaPagamento', 'the due date, YYYY-MM-DD');
  let dataScadenza: string | undefined;
  if (dataText !== undefined) {
    const why = dateProblem(dataText);
    if (why) add('dataScadenzaPagamento', 'INVALID_DATE', `dataScadenzaPagamento "${dataText}" ${why}`);
    else dataScadenza = dataText;
  }

  // Amounts
  const importoText = required('importoDovuto', 'the amount in euros, e.g. 147.92');
  const importo = importoText === undefined ? undefined : amount('importoDovuto', importoText, false);
  const commissioneText = optional('commissioneCaricoPa');
  const commissioneCaricoPa = commissioneText === undefined ? undefined : amount('commissioneCaricoPa', commissioneText, true);

  // Classification
  const tipoDovuto = required('tipoDovuto', 'the code of a tipo dovuto of the ente');
  const tipoVersamento = optional('tipoVersamento') ?? 'ALL';
  const tipoVersamentoProblem = tipoVersamentoError(tipoVersamento);
  if (tipoVersamentoProblem) add('tipoVersamento', 'INVALID_TIPO_VERSAMENTO', `tipoVersamento "${tipoVersamento}" ${tipoVersamentoProblem}`);
  const causale = required('causaleVersamento', 'the reason for payment shown to the payer');
  const dsr = required('datiSpecificiRiscossione', 'e.g. 9/0101100IM/');
  if (dsr !== undefined) check('datiSpecificiRiscossione', () => validateDatiSpecificiRiscossione(dsr, 'datiSpecificiRiscossione'));

  // 1_2+: bilancio
  let bilancio: Bilancio | undefined;
  if (versionAtLeast(version, '1_2')) {
    const xml = optional('bilancio');
    if (xml !== undefined) {
      if (check('bilancio', () => (bilancio = parseBilancio(xml))) && bilancio && importo !== undefined) {
        const total = bilancioTotal(bilancio);
        if (total !== importo) {
          add('bilancio', 'BILANCIO_SUM_MISMATCH', `bilancio accertamenti add up to ${centsToEuros(total)}, but importoDovuto is ${centsToEuros(importo)}`, {
            bilancio: total,
            importo,
          });
        }
      }
    }
  }

  // 1_3+: flgGeneraIuv
  const flagGeneraIuv = versionAtLeast(version, '1_3') ? flag('flgGeneraIuv') : false;

  // 1_4: multi-beneficiary
  let secondario: FlowSecondario | undefined;
  if (version === '1_4' && flag('flgMultibeneficiario') === true) {
    secondario = parseSecondario(required, optional, amount, check, add);
    if (secondario && importo !== undefined && importo + secondario.importo > MAX_IMPORTO_CENTS) {
      add('importoVersamentoEnteSecondario', 'INVALID_AMOUNT', `importoDovuto plus importoVersamentoEnteSecondario exceeds 999999999.99, the largest amount pagoPA accepts`);
    }
  }

  // azione
  const azioneText = get('azione');
  let azione: Azione | undefined;
  if (azioneText === 'I' || azioneText === 'M' || azioneText === 'A') azione = azioneText;
  else if (azioneText === '') add('azione', 'INVALID_AZIONE', 'azione is required: I (insert), M (modify) or A (annul)');
  else add('azione', 'INVALID_AZIONE', `azione "${azioneText}" must be I (insert), M (modify) or A (annul)`);

  if (problems.length > 0) return reject(rowNumber, iudAsWritten, problems, fields);

  const payer: FlowPayer = {
    tipoIdentificativoUnivoco: tipo as PayerType,
    codiceIdentificativoUnivoco: normalisePayerId(codiceId),
    anagrafica: anagrafica!,
  };
  assignDefined(payer, {
    indirizzo,
    civico,
    cap,
    localita,
    provincia,
    nazione,
    email,
  });
  const row: FlowRow = {
    rowNumber,
    azione: azione!,
    iud: iud!,
    flagGeneraIuv: flagGeneraIuv!,
    payer,
    importo: importo!,
    tipoDovuto: tipoDovuto!,
    tipoVersamento: tipoVersamento.toUpperCase(),
    causale: causale!,
    datiSpecificiRiscossione: dsr!,
  };
  assignDefined(row, { iuv: codIuv, dataScadenza, commissioneCaricoPa, bilancio, secondario, raw: options.keepRaw ? fields : undefined });
  return { ok: true, row };
}

function parseSecondario(
  required: (c: FlowColumn, what: string) => string | undefined,
  optional: (c: FlowColumn) => string | undefined,
  amount: (c: FlowColumn, v: string, allowZero: boolean) => Cents | undefined,
  check: (field: string, validate: () => void) => boolean,
  add: (field: string, code: string, message: string) => void,
): FlowSecondario | undefined {
  let ok = true;
  const cfText = required('codiceFiscaleEnteSecondario', "the ente secondario's codice fiscale");
  const cf = cfText?.toUpperCase();
  if (cf !== undefined) {
    // Public bodies have an 11-digit CF; a 16-character one is accepted as MyPay's isValidCFOrPIVA does.
    ok =
      check('codiceFiscaleEnteSecondario', () =>
        cf.length === 16 ? validateCodiceFiscale(cf, 'codiceFiscaleEnteSecondario') : validatePartitaIva(cf, 'codiceFiscaleEnteSecondario'),
      ) && ok;
  } else ok = false;
  const denominazione = required('denominazioneEnteSecondario', "the ente secondario's name");
  const ibanText = required('ibanAccreditoEnteSecondario', "the account credited with the ente secondario's share");
  if (ibanText !== undefined) ok = check('ibanAccreditoEnteSecondario', () => validateIban(ibanText, 'ibanAccreditoEnteSecondario')) && ok;
  const nazione = optional('nazioneEnteSecondario')?.toUpperCase();
  if (nazione !== undefined && !COUNTRY_PATTERN.test(nazione)) {
    add('nazioneEnteSecondario', 'INVALID_NAZIONE', `nazioneEnteSecondario "${nazione}" must be a two-letter ISO 3166 country code, e.g. IT`);
    ok = false;
  }
  const inItaly = nazione === undefined || nazione === 'IT';
  const cap = optional('capEnteSecondario');
  if (cap !== undefined && inItaly && !CAP_IT_PATTERN.test(cap)) {
    add('capEnteSecondario', 'INVALID_CAP', `capEnteSecondario "${cap}" must be 5 digits for an Italian address`);
    ok = false;
  }
  const provincia = optional('provinciaEnteSecondario')?.toUpperCase();
  if (provincia !== undefined && inItaly && !PROVINCIA_PATTERN.test(provincia)) {
    add('provinciaEnteSecondario', 'INVALID_PROVINCIA', `provinciaEnteSecondario "${provincia}" must be the two-letter sigla of an Italian province, e.g. VE`);
    ok = false;
  }
  const dsr = required('datiSpecificiRiscossioneEnteSecondario', 'e.g. 9/0101100IM/');
  if (dsr !== undefined) {
    ok = check('datiSpecificiRiscossioneEnteSecondario', () => validateDatiSpecificiRiscossione(dsr, 'datiSpecificiRiscossioneEnteSecondario')) && ok;
  }
  const importoText = required('importoVersamentoEnteSecondario', "the ente secondario's share in euros");
  const importo = importoText === undefined ? undefined : amount('importoVersamentoEnteSecondario', importoText, false);
  const indirizzo = optional('indirizzoEnteSecondario');
  const civico = optional('civicoEnteSecondario');
  const localita = optional('localitaEnteSecondario');
  const causale = optional('causaleVersamentoEnteSecondario');
  if (!ok || cf === undefined || denominazione === undefined || ibanText === undefined || dsr === undefined || importo === undefined) return undefined;
  const secondario: FlowSecondario = { codiceFiscale: cf, denominazione, iban: normaliseIban(ibanText), datiSpecificiRiscossione: dsr, importo };
  assignDefined(secondario, {
    indirizzo,
    civico,
    cap,
    localita,
    provincia,
    nazione,
    causale,
  });
  return secondario;
}

function reject(rowNumber: number, iud: string | undefined, problems: RowProblem[], fields: readonly string[]): FlowRowResult {
  const rejection: RowRejection = { rowNumber, problems, fields };
  if (iud !== undefined) rejection.iud = iud;
  return { ok: false, rejection };
}

/** Why a YYYY-MM-DD text is not a real date, or undefined when it is one. */
export function dateProblem(text: string): string | undefined {
  const m = DATE_PATTERN.exec(text);
  if (!m) return 'must be a date written YYYY-MM-DD, e.g. 2024-03-31';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return `has month ${m[2]}: there is no such month`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `is not a date: ${m[1]}-${m[2]} has ${days} days`;
  return undefined;
}

function tipoVersamentoError(value: string): string | undefined {
  if (value === 'ALL') return undefined; // the default, on nearly every row
  const tokens = value.split('|').map((t) => t.trim().toUpperCase());
  const unknown = tokens.filter((t) => !(TIPI_VERSAMENTO as readonly string[]).includes(t));
  if (unknown.length > 0) return `has unknown channel ${unknown.map((t) => `"${t}"`).join(', ')}; use ${TIPI_VERSAMENTO.join(', ')} separated by '|'`;
  if (tokens.length > 1 && tokens.includes('ALL')) return 'combines ALL with other channels; ALL must stand alone';
  return undefined;
}

/** Copies only the defined values, so optional properties are absent rather than undefined. */
function assignDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] | undefined }): void {
  for (const key of Object.keys(values) as (keyof T)[]) {
    const v = values[key];
    if (v !== undefined) target[key] = v as T[keyof T];
  }
}
