import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';
import type { CampoSpontaneo, QuotaBilancio } from './tipo-dovuto-form';

export interface EnteProfile {
  readonly codIpa: string;
  readonly cfEnte: string;
  readonly denominazione: string;
  readonly segregationCode: string;
  readonly idStazione: string;
  readonly idIntermediario: string;
  readonly applicationCode?: string;
  readonly email?: string;
}

/** A tipo dovuto as stored: IBANs normalised (upper case, no spaces), optional values absent when not set. */
export interface TipoDovuto {
  readonly codTipo: string;
  readonly descrizione: string;
  readonly iban: string;
  readonly ibanPostale?: string;
  readonly active: boolean;
  readonly spontaneous: boolean;
  readonly importoFisso?: Cents;
  readonly causaleTemplate?: string;
  readonly tassonomia?: string;
  readonly datiSpecificiRiscossione: string;
  readonly scadenzaObbligatoria: boolean;
  /** The form of a spontaneous payment (schemaVersion 2). */
  readonly campi?: readonly CampoSpontaneo[];
  /** Default budget split of a dovuto of this tipo (schemaVersion 2). */
  readonly bilancioDefault?: readonly QuotaBilancio[];
}

/** An account of the ente: bank, or Poste (ABI 07601) for notices payable by bollettino. */
export interface EnteIban {
  readonly iban: string;
  readonly postale: boolean;
  readonly descrizione?: string;
}

/** The logo printed on notices; the image is a file under <dataDir>/enti/<codIpa>/, the event keeps its hash. */
export interface EnteLogo {
  readonly mediaType: 'image/png' | 'image/jpeg';
  readonly sha256: string;
  readonly bytes: number;
  readonly storedAs: string;
}

/** Fields that can change after registration; null = the optional value was removed. */
export interface EnteChanges {
  readonly denominazione?: string;
  readonly idStazione?: string;
  readonly idIntermediario?: string;
  readonly applicationCode?: string | null;
  readonly email?: string | null;
}

export type EnteRegistered = DomainEvent<'EnteRegistered', EnteProfile & { readonly at: string }>;
export type EnteUpdated = DomainEvent<'EnteUpdated', { readonly codIpa: string; readonly changes: EnteChanges; readonly at: string }>;
/** `created` tells a new tipo from a reconfigured one; the full configuration is carried so projections need nothing else. */
export type TipoDovutoConfigured = DomainEvent<
  'TipoDovutoConfigured',
  { readonly codIpa: string; readonly tipoDovuto: TipoDovuto; readonly created: boolean; readonly at: string }
>;
export type TipoDovutoDeactivated = DomainEvent<'TipoDovutoDeactivated', { readonly codIpa: string; readonly codTipo: string; readonly at: string }>;
export type ApiKeyIssued = DomainEvent<
  'ApiKeyIssued',
  { readonly codIpa: string; readonly keyId: string; readonly hash: string; readonly label: string; readonly createdAt: string }
>;
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', { readonly codIpa: string; readonly keyId: string; readonly reason?: string; readonly at: string }>;

export type EnteIbanAdded = DomainEvent<'EnteIbanAdded', EnteIban & { readonly codIpa: string; readonly at: string }>;
export type EnteIbanRemoved = DomainEvent<'EnteIbanRemoved', { readonly codIpa: string; readonly iban: string; readonly at: string }>;
export type EnteLogoChanged = DomainEvent<'EnteLogoChanged', EnteLogo & { readonly codIpa: string; readonly at: string }>;

export type EnteEvent =
  | EnteRegistered
  | EnteUpdated
  | TipoDovutoConfigured
  | TipoDovutoDeactivated
  | ApiKeyIssued
  | ApiKeyRevoked
  | EnteIbanAdded
  | EnteIbanRemoved
  | EnteLogoChanged;

/** Schema version of each event type, written to metadata.schemaVersion; bump it when a payload changes shape. */
export const ENTE_EVENT_VERSIONS = {
  EnteRegistered: 1,
  EnteUpdated: 1,
  // 2: optional campi and bilancioDefault added; every field of version 1 kept as it was.
  TipoDovutoConfigured: 2,
  TipoDovutoDeactivated: 1,
  ApiKeyIssued: 1,
  ApiKeyRevoked: 1,
  EnteIbanAdded: 1,
  EnteIbanRemoved: 1,
  EnteLogoChanged: 1,
} as const satisfies Record<EnteEvent['type'], number>;

export const enteStreamId = (codIpa: string): string => `ente-${codIpa}`;
