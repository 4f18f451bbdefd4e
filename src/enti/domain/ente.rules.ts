import { DomainError, invalid } from '../../kernel/errors';
import { isPostalIban, normaliseIban, validateIban } from '../../kernel/identifiers/iban';
import { validateSegregationCode } from '../../kernel/identifiers/iuv';
import { validatePartitaIva } from '../../kernel/identifiers/partita-iva';
import { validateDatiSpecificiRiscossione } from '../../kernel/identifiers/dati-specifici-riscossione';
import type { ConfigureTipoDovuto, RegisterApiKey, RegisterEnte, UpdateEnte } from './ente.commands';
import type { EnteChanges, EnteIban, EnteLogo, EnteProfile, TipoDovuto } from './ente.events';
import { asFieldError } from './ente.errors';
import { bilancioDefault, campi, checkCausaleTemplate } from './tipo-dovuto-form';

/** Field rules of the ente aggregate. Each returns the normalised value it accepts, or throws a field-named DomainError. */

const COD_IPA = /^[A-Za-z0-9_]{1,35}$/;
/** pagoPA station ids are "<broker CF>_<nn>"; stText35 in the Node's schemas. */
const ID_STAZIONE = /^[A-Za-z0-9_.-]{1,35}$/;
const APPLICATION_CODE = /^\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COD_TIPO = /^[A-Za-z0-9_-]{1,64}$/;
/** Tipo ente (2) + macro area (2) + servizio (3) + motivo giuridico (2 letters), e.g. 0101100IM. */
const TASSONOMIA = /^\d{7}[A-Z]{2}$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

function text(value: unknown, field: string, code: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(code, field, `${field} is required`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw invalid(code, field, `${field} has ${trimmed.length} characters, at most ${max} are allowed`);
  return trimmed;
}

export function codIpa(value: unknown): string {
  if (typeof value !== 'string' || !COD_IPA.test(value)) {
    throw invalid('INVALID_COD_IPA', 'codIpa', `codIpa "${String(value)}" must be 1 to 35 letters, digits or underscores (the ente's IPA code)`);
  }
  return value;
}

export function cfEnte(value: unknown): string {
  asFieldError('INVALID_CF_ENTE', 'cfEnte', () => validatePartitaIva(value, 'cfEnte'));
  return value as string;
}

export function idIntermediario(value: unknown): string {
  asFieldError('INVALID_ID_INTERMEDIARIO', 'idIntermediario', () => validatePartitaIva(value, 'idIntermediario'));
  return value as string;
}

export function segregationCode(value: unknown): string {
  validateSegregationCode(value, 'segregationCode');
  return value;
}

export function idStazione(value: unknown): string {
  if (typeof value !== 'string' || !ID_STAZIONE.test(value)) {
    throw invalid('INVALID_ID_STAZIONE', 'idStazione', `idStazione "${String(value)}" must be 1 to 35 letters, digits, '_', '.' or '-', e.g. 15376371009_01`);
  }
  return value;
}

export const denominazione = (value: unknown): string => text(value, 'denominazione', 'INVALID_DENOMINAZIONE', 140);

export function applicationCode(value: unknown): string {
  if (typeof value !== 'string' || !APPLICATION_CODE.test(value)) {
    throw invalid('INVALID_APPLICATION_CODE', 'applicationCode', `applicationCode "${String(value)}" must be two digits`);
  }
  return value;
}

export function email(value: unknown, field = 'email'): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!EMAIL.test(trimmed) || trimmed.length > 254) throw invalid('INVALID_EMAIL', field, `${field} "${String(value)}" is not an e-mail address`);
  return trimmed;
}

export function enteProfile(data: RegisterEnte['data']): EnteProfile {
  const profile: EnteProfile = {
    codIpa: codIpa(data.codIpa),
    cfEnte: cfEnte(data.cfEnte),
    denominazione: denominazione(data.denominazione),
    segregationCode: segregationCode(data.segregationCode),
    idStazione: idStazione(data.idStazione),
    idIntermediario: idIntermediario(data.idIntermediario),
  };
  return {
    ...profile,
    ...(data.applicationCode !== undefined && { applicationCode: applicationCode(data.applicationCode) }),
    ...(data.email !== undefined && { email: email(data.email) }),
  };
}

/** Only the fields whose value differs from the current profile. */
export function enteChanges(data: UpdateEnte['data'], current: EnteProfile): EnteChanges {
  const changes: { -readonly [K in keyof EnteChanges]: EnteChanges[K] } = {};
  if (data.denominazione !== undefined) {
    const v = denominazione(data.denominazione);
    if (v !== current.denominazione) changes.denominazione = v;
  }
  if (data.idStazione !== undefined) {
    const v = idStazione(data.idStazione);
    if (v !== current.idStazione) changes.idStazione = v;
  }
  if (data.idIntermediario !== undefined) {
    const v = idIntermediario(data.idIntermediario);
    if (v !== current.idIntermediario) changes.idIntermediario = v;
  }
  if (data.applicationCode !== undefined) {
    const v = data.applicationCode === null ? null : applicationCode(data.applicationCode);
    if (v !== (current.applicationCode ?? null)) changes.applicationCode = v;
  }
  if (data.email !== undefined) {
    const v = data.email === null ? null : email(data.email);
    if (v !== (current.email ?? null)) changes.email = v;
  }
  return changes;
}

export function tipoDovuto(data: ConfigureTipoDovuto['data']): TipoDovuto {
  if (typeof data.codTipo !== 'string' || !COD_TIPO.test(data.codTipo)) {
    throw invalid('INVALID_COD_TIPO', 'codTipo', `codTipo "${String(data.codTipo)}" must be 1 to 64 letters, digits, '_' or '-'`);
  }
  const descrizione = text(data.descrizione, 'descrizione', 'INVALID_DESCRIZIONE', 256);
  validateIban(data.iban, 'iban');
  const iban = normaliseIban(data.iban);
  let ibanPostale: string | undefined;
  if (data.ibanPostale !== undefined) {
    validateIban(data.ibanPostale, 'ibanPostale');
    ibanPostale = normaliseIban(data.ibanPostale);
    if (!isPostalIban(ibanPostale)) {
      throw invalid('IBAN_NOT_POSTAL', 'ibanPostale', `ibanPostale "${data.ibanPostale}" is not a Poste Italiane account (ABI 07601)`);
    }
  }
  for (const flag of ['active', 'spontaneous', 'scadenzaObbligatoria'] as const) {
    if (typeof data[flag] !== 'boolean') throw invalid('INVALID_FLAG', flag, `${flag} must be true or false`);
  }
  if (data.importoFisso !== undefined && (!Number.isSafeInteger(data.importoFisso) || data.importoFisso <= 0)) {
    throw invalid('INVALID_IMPORTO_FISSO', 'importoFisso', `importoFisso must be a positive amount in cents, got ${String(data.importoFisso)}`);
  }
  const causaleTemplate = data.causaleTemplate === undefined ? undefined : text(data.causaleTemplate, 'causaleTemplate', 'INVALID_CAUSALE_TEMPLATE', 500);
  if (data.tassonomia !== undefined && (typeof data.tassonomia !== 'string' || !TASSONOMIA.test(data.tassonomia))) {
    throw invalid('INVALID_TASSONOMIA', 'tassonomia', `tassonomia "${String(data.tassonomia)}" must be a pagoPA taxonomy code: 7 digits and 2 capital letters, e.g. 0101100IM`);
  }
  validateDatiSpecificiRiscossione(data.datiSpecificiRiscossione);
  const fields = data.campi === undefined ? undefined : campi(data.campi);
  if (causaleTemplate !== undefined) checkCausaleTemplate(causaleTemplate, fields);
  const quote = data.bilancioDefault === undefined ? undefined : bilancioDefault(data.bilancioDefault);
  return {
    codTipo: data.codTipo,
    descrizione,
    iban,
    ...(ibanPostale !== undefined && { ibanPostale }),
    active: data.active,
    spontaneous: data.spontaneous,
    ...(data.importoFisso !== undefined && { importoFisso: data.importoFisso }),
    ...(causaleTemplate !== undefined && { causaleTemplate }),
    ...(data.tassonomia !== undefined && { tassonomia: data.tassonomia }),
    datiSpecificiRiscossione: data.datiSpecificiRiscossione,
    scadenzaObbligatoria: data.scadenzaObbligatoria,
    ...(fields !== undefined && { campi: fields }),
    ...(quote !== undefined && { bilancioDefault: quote }),
  };
}

const TIPO_FIELDS = [
  'codTipo',
  'descrizione',
  'iban',
  'ibanPostale',
  'active',
  'spontaneous',
  'importoFisso',
  'causaleTemplate',
  'tassonomia',
  'datiSpecificiRiscossione',
  'scadenzaObbligatoria',
  'campi',
  'bilancioDefault',
] as const satisfies readonly (keyof TipoDovuto)[];

// A field added to TipoDovuto but forgotten above would make a changed configuration look unchanged.
const _everyFieldCompared: [Exclude<keyof TipoDovuto, (typeof TIPO_FIELDS)[number]>] extends [never] ? true : false = true;
void _everyFieldCompared;

// campi and bilancioDefault are lists: compared by content.
export const sameTipoDovuto = (a: TipoDovuto, b: TipoDovuto): boolean => TIPO_FIELDS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));

export const LOGO_MAX_BYTES = 200 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;

export function logo(data: { mediaType: string; sha256: string; bytes: number; storedAs: string }): EnteLogo {
  if (!(LOGO_TYPES as readonly string[]).includes(data.mediaType)) {
    throw invalid('INVALID_LOGO_TYPE', 'logo', `the logo must be a PNG or JPEG image, got ${data.mediaType}`);
  }
  if (!Number.isInteger(data.bytes) || data.bytes <= 0 || data.bytes > LOGO_MAX_BYTES) {
    throw new DomainError('LOGO_TOO_LARGE', `the logo has ${data.bytes} bytes, at most ${LOGO_MAX_BYTES} (200 KB) are accepted`, 'too_large', 'logo', { max: LOGO_MAX_BYTES });
  }
  if (!/^[0-9a-f]{64}$/.test(data.sha256)) throw invalid('INVALID_LOGO_HASH', 'logo', 'the logo hash must be a sha256 in hex');
  return { mediaType: data.mediaType as EnteLogo['mediaType'], sha256: data.sha256, bytes: data.bytes, storedAs: data.storedAs };
}

export function enteIban(data: { iban: string; postale: boolean; descrizione?: string }): EnteIban {
  validateIban(data.iban, 'iban');
  const iban = normaliseIban(data.iban);
  if (typeof data.postale !== 'boolean') throw invalid('INVALID_FLAG', 'postale', 'postale must be true or false');
  if (data.postale && !isPostalIban(iban)) throw invalid('IBAN_NOT_POSTAL', 'iban', `iban "${data.iban}" is not a Poste Italiane account (ABI 07601): add it with postale false`);
  if (!data.postale && isPostalIban(iban)) throw invalid('IBAN_IS_POSTAL', 'iban', `iban "${data.iban}" is a Poste Italiane account: add it with postale true`);
  const descrizione = data.descrizione === undefined ? undefined : text(data.descrizione, 'descrizione', 'INVALID_DESCRIZIONE', 140);
  return { iban, postale: data.postale, ...(descrizione !== undefined && { descrizione }) };
}

export function apiKey(data: RegisterApiKey['data']): RegisterApiKey['data'] {
  if (typeof data.keyId !== 'string' || !KEY_ID.test(data.keyId)) {
    throw invalid('INVALID_KEY_ID', 'keyId', `keyId "${String(data.keyId)}" must be 1 to 64 letters, digits, '_' or '-'`);
  }
  if (typeof data.hash !== 'string' || data.hash.length < 16) throw invalid('INVALID_KEY_HASH', 'hash', 'hash must be the stored hash of the key (at least 16 characters)');
  const label = text(data.label, 'label', 'INVALID_KEY_LABEL', 100);
  if (typeof data.createdAt !== 'string' || Number.isNaN(Date.parse(data.createdAt))) {
    throw invalid('INVALID_CREATED_AT', 'createdAt', `createdAt "${String(data.createdAt)}" must be an ISO-8601 timestamp`);
  }
  return { keyId: data.keyId, hash: data.hash, label, createdAt: data.createdAt };
}
