import { DomainError, invalid, ValidationErrors } from '../../kernel/errors';
import { validateDatiSpecificiRiscossione } from '../../kernel/identifiers/dati-specifici-riscossione';
import { normaliseIban, validateIban } from '../../kernel/identifiers/iban';
import { validateIud } from '../../kernel/identifiers/iud';
import { validateIuv } from '../../kernel/identifiers/iuv';
import { numeroAvvisoFromIuv } from '../../kernel/identifiers/numero-avviso';
import { validateCodiceFiscale, normaliseCodiceFiscale } from '../../kernel/identifiers/codice-fiscale';
import { validatePartitaIva } from '../../kernel/identifiers/partita-iva';
import { normalisePayerId, validatePayerId } from '../../kernel/identifiers/payer-id';
import type { Cents } from '../../kernel/money';
import { isCalendarDate } from './calendar-date';
import type { TipoDovutoContext } from './position.commands';
import type { Bilancio, Capitolo, EnteSecondario, Payer, Position } from './position.types';

/**
 * Field rules of a dovuto. They collect every problem of a position before refusing it, because a flow row or a
 * form should be fixed in one go: one problem throws that DomainError, several throw ValidationErrors.
 */

export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** pagoPA's upper bound for an amount: 999,999,999.99 euros. */
export const MAX_IMPORTO: Cents = 99_999_999_999;
export const CAUSALE_MAX_LENGTH = 140;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NAZIONE = /^[A-Z]{2}$/;

export class Problems {
  private readonly list: FieldProblem[] = [];
  private readonly errors: DomainError[] = [];

  check(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationErrors) {
        this.list.push(...e.errors);
        this.errors.push(e);
      } else if (e instanceof DomainError) {
        this.list.push({ field: e.field ?? '', code: e.code, message: e.message });
        this.errors.push(e);
      } else throw e;
    }
  }

  add(code: string, field: string, message: string): void {
    this.check(() => {
      throw invalid(code, field, message);
    });
  }

  get all(): readonly FieldProblem[] {
    return this.list;
  }

  /** One problem keeps its own error (with its details); several become one ValidationErrors. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    if (this.list.length === 1) throw this.errors[0]!;
    throw new ValidationErrors([...this.list]);
  }
}

export const isAmount = (v: unknown, min: number): v is Cents => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= MAX_IMPORTO;

/** Optional free text: blank counts as absent (CSV cells), otherwise trimmed and at most `max` characters. */
function optionalText(p: Problems, value: unknown, field: string, code: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    p.add(code, field, `${field} must be text`);
    return undefined;
  }
  const t = value.trim();
  if (t === '') return undefined;
  if (t.length > max) p.add(code, field, `${field} has ${t.length} characters, at most ${max} are allowed`);
  return t;
}

function requiredText(p: Problems, value: unknown, field: string, code: string, max: number): string {
  const t = optionalText(p, value, field, code, max);
  if (t === undefined && (typeof value === 'string' || value === undefined || value === null)) p.add(code, field, `${field} is required`);
  return t ?? '';
}

/** Address fields shared by a payer and an ente secondario; lengths are those of pagoPA's ctSubject. */
function address(p: Problems, v: Partial<Record<'indirizzo' | 'civico' | 'cap' | 'localita' | 'provincia' | 'nazione', unknown>>, prefix: string, codePrefix: string) {
  const indirizzo = optionalText(p, v.indirizzo, `${prefix}.indirizzo`, `INVALID_${codePrefix}_INDIRIZZO`, 70);
  const civico = optionalText(p, v.civico, `${prefix}.civico`, `INVALID_${codePrefix}_CIVICO`, 16);
  const cap = optionalText(p, v.cap, `${prefix}.cap`, `INVALID_${codePrefix}_CAP`, 16);
  const localita = optionalText(p, v.localita, `${prefix}.localita`, `INVALID_${codePrefix}_LOCALITA`, 35);
  const provincia = optionalText(p, v.provincia, `${prefix}.provincia`, `INVALID_${codePrefix}_PROVINCIA`, 35);
  const nazioneText = optionalText(p, v.nazione, `${prefix}.nazione`, `INVALID_${codePrefix}_NAZIONE`, 2);
  const nazione = nazioneText?.toUpperCase();
  if (nazione !== undefined && !NAZIONE.test(nazione)) {
    p.add(`INVALID_${codePrefix}_NAZIONE`, `${prefix}.nazione`, `${prefix}.nazione "${nazioneText}" must be a two-letter country code, e.g. IT`);
  }
  return {
    ...(indirizzo !== undefined && { indirizzo }),
    ...(civico !== undefined && { civico }),
    ...(cap !== undefined && { cap }),
    ...(localita !== undefined && { localita }),
    ...(provincia !== undefined && { provincia }),
    ...(nazione !== undefined && { nazione }),
  };
}

export function payer(p: Problems, v: Payer | undefined): Payer {
  if (v === undefined || v === null || typeof v !== 'object') {
    p.add('PAYER_REQUIRED', 'payer', 'payer is required: tipo, codiceIdentificativo and anagrafica of the debtor');
    return v as unknown as Payer;
  }
  p.check(() => validatePayerId(v.tipo, v.codiceIdentificativo, 'payer.codiceIdentificativo', 'payer.tipo'));
  const anagrafica = requiredText(p, v.anagrafica, 'payer.anagrafica', 'INVALID_PAYER_ANAGRAFICA', 70);
  const email = optionalText(p, v.email, 'payer.email', 'INVALID_PAYER_EMAIL', 256);
  if (email !== undefined && !EMAIL.test(email)) p.add('INVALID_PAYER_EMAIL', 'payer.email', `payer.email "${email}" is not an e-mail address`);
  return {
    tipo: v.tipo,
    codiceIdentificativo: typeof v.codiceIdentificativo === 'string' ? normalisePayerId(v.codiceIdentificativo) : v.codiceIdentificativo,
    anagrafica,
    ...address(p, v, 'payer', 'PAYER'),
    ...(email !== undefined && { email }),
  };
}

export function importo(p: Problems, v: unknown, field = 'importo'): void {
  if (!isAmount(v, 1)) p.add('INVALID_AMOUNT', field, `${field} must be a whole number of cents greater than zero (at most ${MAX_IMPORTO}), got ${String(v)}`);
}

export function calendarDate(p: Problems, v: unknown, field: string, code: string): void {
  if (!isCalendarDate(v)) p.add(code, field, `${field} "${String(v)}" must be a real calendar date written YYYY-MM-DD`);
}

export function bilancio(p: Problems, v: Bilancio, total: unknown): Bilancio {
  if (typeof v !== 'object' || v === null || !Array.isArray(v.capitoli) || v.capitoli.length === 0) {
    p.add('INVALID_BILANCIO', 'bilancio', 'bilancio must list at least one capitolo with its importo');
    return v;
  }
  const capitoli: Capitolo[] = v.capitoli.map((c, i) => {
    const f = `bilancio.capitoli[${i}]`;
    const codCapitolo = requiredText(p, c?.codCapitolo, `${f}.codCapitolo`, 'INVALID_BILANCIO', 64);
    const codUfficio = optionalText(p, c?.codUfficio, `${f}.codUfficio`, 'INVALID_BILANCIO', 64);
    const codAccertamento = optionalText(p, c?.codAccertamento, `${f}.codAccertamento`, 'INVALID_BILANCIO', 64);
    if (!isAmount(c?.importo, 1)) p.add('INVALID_BILANCIO', `${f}.importo`, `${f}.importo must be a whole number of cents greater than zero, got ${String(c?.importo)}`);
    return {
      codCapitolo,
      ...(codUfficio !== undefined && { codUfficio }),
      ...(codAccertamento !== undefined && { codAccertamento }),
      importo: c?.importo,
    };
  });
  const sum = capitoli.reduce((s, c) => s + (isAmount(c.importo, 1) ? c.importo : 0), 0);
  if (capitoli.every((c) => isAmount(c.importo, 1)) && isAmount(total, 1) && sum !== total) {
    p.add('BILANCIO_SUM_MISMATCH', 'bilancio', `the capitoli of bilancio add up to ${sum} cents, but importo is ${total} cents: they must be equal`);
  }
  return { capitoli };
}

export function secondario(p: Problems, v: EnteSecondario): EnteSecondario {
  if (typeof v !== 'object' || v === null) {
    p.add('INVALID_SECONDARIO', 'secondario', 'secondario must describe the second beneficiary ente');
    return v;
  }
  const cf = typeof v.codiceFiscale === 'string' ? normaliseCodiceFiscale(v.codiceFiscale) : v.codiceFiscale;
  p.check(() => (typeof cf === 'string' && cf.length === 16 ? validateCodiceFiscale(cf, 'secondario.codiceFiscale') : validatePartitaIva(cf, 'secondario.codiceFiscale')));
  const denominazione = requiredText(p, v.denominazione, 'secondario.denominazione', 'INVALID_SECONDARIO_DENOMINAZIONE', 70);
  p.check(() => validateIban(v.iban, 'secondario.iban'));
  p.check(() => validateDatiSpecificiRiscossione(v.datiSpecificiRiscossione, 'secondario.datiSpecificiRiscossione'));
  importo(p, v.importo, 'secondario.importo');
  const causale = optionalText(p, v.causale, 'secondario.causale', 'INVALID_SECONDARIO_CAUSALE', CAUSALE_MAX_LENGTH);
  return {
    codiceFiscale: cf,
    denominazione,
    iban: typeof v.iban === 'string' ? normaliseIban(v.iban) : v.iban,
    datiSpecificiRiscossione: v.datiSpecificiRiscossione,
    importo: v.importo,
    ...(causale !== undefined && { causale }),
    ...address(p, v, 'secondario', 'SECONDARIO'),
  };
}

/** The rules of the tipo dovuto that bind a position: importo fisso and scadenza obbligatoria. */
export function tipoDovutoRules(p: Problems, tipo: TipoDovutoContext | undefined, position: Pick<Position, 'importo' | 'dataScadenza'>): void {
  if (tipo === undefined) return;
  if (tipo.importoFisso !== undefined && isAmount(position.importo, 1) && position.importo !== tipo.importoFisso) {
    p.add('IMPORTO_FISSO_MISMATCH', 'importo', `tipo dovuto ${tipo.code} has a fixed amount of ${tipo.importoFisso} cents; importo is ${position.importo} cents`);
  }
  if (tipo.scadenzaObbligatoria && position.dataScadenza === undefined) {
    p.add('DATA_SCADENZA_REQUIRED', 'dataScadenza', `tipo dovuto ${tipo.code} requires a dataScadenza (YYYY-MM-DD)`);
  }
}

/** Builds the normalised dovuto from raw fields, collecting problems into p. The result is meaningful only when p is empty. */
export function positionFields(
  p: Problems,
  v: Omit<Position, 'numeroAvviso' | 'datiSpecificiRiscossione'> & { datiSpecificiRiscossione?: string },
  segregationCode: string | undefined,
  defaultDatiSpecificiRiscossione?: string,
): Position {
  p.check(() => validateIud(v.iud));
  p.check(() => validateIuv(v.iuv, segregationCode));
  const payerValue = payer(p, v.payer);
  importo(p, v.importo);
  if (v.dataScadenza !== undefined) calendarDate(p, v.dataScadenza, 'dataScadenza', 'INVALID_DATA_SCADENZA');
  const causale = requiredText(p, v.causale, 'causale', 'INVALID_CAUSALE', CAUSALE_MAX_LENGTH);
  const dsr = v.datiSpecificiRiscossione ?? defaultDatiSpecificiRiscossione;
  if (dsr === undefined) {
    p.add('DATI_SPECIFICI_RISCOSSIONE_REQUIRED', 'datiSpecificiRiscossione', 'datiSpecificiRiscossione is required (the tipo dovuto has no default), e.g. 9/0101100IM/');
  } else p.check(() => validateDatiSpecificiRiscossione(dsr));
  const bilancioValue = v.bilancio === undefined ? undefined : bilancio(p, v.bilancio, v.importo);
  if (v.commissioneCaricoPa !== undefined && !isAmount(v.commissioneCaricoPa, 0)) {
    p.add('INVALID_COMMISSIONE_CARICO_PA', 'commissioneCaricoPa', `commissioneCaricoPa must be a whole number of cents, zero or more, got ${String(v.commissioneCaricoPa)}`);
  }
  const secondarioValue = v.secondario === undefined ? undefined : secondario(p, v.secondario);
  return {
    codIpa: v.codIpa,
    iud: v.iud,
    iuv: v.iuv,
    numeroAvviso: p.all.some((x) => x.field === 'iuv') ? '' : numeroAvvisoFromIuv(v.iuv),
    payer: payerValue,
    importo: v.importo,
    ...(v.dataScadenza !== undefined && { dataScadenza: v.dataScadenza }),
    tipoDovuto: v.tipoDovuto,
    causale,
    datiSpecificiRiscossione: dsr ?? '',
    ...(bilancioValue !== undefined && { bilancio: bilancioValue }),
    ...(v.commissioneCaricoPa !== undefined && { commissioneCaricoPa: v.commissioneCaricoPa }),
    ...(secondarioValue !== undefined && { secondario: secondarioValue }),
  };
}

/** Deep equality for JSON-shaped values (the fields of a position), ignoring key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
