import { invalid } from '../../kernel/errors';

/** The creditor ente as printed on notices and receipts. */
export interface EnteDocumento {
  denominazione: string;
  /** 11-digit codice fiscale of the ente. */
  cfEnte: string;
  codIpa?: string;
  /** Optional ente logo (PNG or JPEG), printed top right. */
  logoPng?: Buffer;
}

/** A debtor (destinatario) or payer (versante): pagoPA's ctSubject, with MyPay's Italian names. */
export interface SoggettoDocumento {
  /** Full name or company name. */
  anagrafica: string;
  /** Codice fiscale, partita IVA or ANONIMO, printed as given: the position or receipt already validated it. */
  codiceIdentificativo: string;
  /** F persona fisica, G persona giuridica. */
  tipoIdentificativo?: 'F' | 'G';
  indirizzo?: string;
  civico?: string;
  cap?: string;
  localita?: string;
  provincia?: string;
  nazione?: string;
  email?: string;
}

export function requireText(value: unknown, field: string, what: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('FIELD_REQUIRED', field, `${field} is required: ${what}`);
}

export function validateSoggetto(s: SoggettoDocumento | undefined, field: string): void {
  if (!s || typeof s !== 'object') throw invalid('FIELD_REQUIRED', field, `${field} is required`);
  requireText(s.anagrafica, `${field}.anagrafica`, 'the full name or company name to print');
  requireText(s.codiceIdentificativo, `${field}.codiceIdentificativo`, 'the codice fiscale or partita IVA to print');
}

/** "Codice fiscale" or "Partita IVA" depending on what the identifier is. */
export const identificativoLabel = (s: SoggettoDocumento): string =>
  /^\d{11}$/.test(s.codiceIdentificativo.trim()) ? 'Partita IVA / C.F.' : 'Codice fiscale';

/** Postal address lines as an Italian envelope shows them: "Via Roma 1" / "20121 Milano (MI)" / country if abroad. */
export function addressLines(s: SoggettoDocumento): string[] {
  const t = (v?: string) => v?.trim() ?? '';
  const street = [t(s.indirizzo), t(s.civico)].filter(Boolean).join(' ');
  const province = t(s.provincia) ? `(${t(s.provincia).toUpperCase()})` : '';
  const town = [t(s.cap), t(s.localita), province].filter(Boolean).join(' ');
  const country = t(s.nazione) && t(s.nazione).toUpperCase() !== 'IT' ? t(s.nazione).toUpperCase() : '';
  return [street, town, country].filter(Boolean);
}
