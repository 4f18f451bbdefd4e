import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';

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

export type EnteEvent = EnteRegistered | EnteUpdated | TipoDovutoConfigured | TipoDovutoDeactivated | ApiKeyIssued | ApiKeyRevoked;

/** Schema version of each event type, written to metadata.schemaVersion; bump it when a payload changes shape. */
export const ENTE_EVENT_VERSIONS = {
  EnteRegistered: 1,
  EnteUpdated: 1,
  TipoDovutoConfigured: 1,
  TipoDovutoDeactivated: 1,
  ApiKeyIssued: 1,
  ApiKeyRevoked: 1,
} as const satisfies Record<EnteEvent['type'], number>;

export const enteStreamId = (codIpa: string): string => `ente-${codIpa}`;
