import type { EnteEvent, EnteIban, EnteLogo, EnteProfile, TipoDovuto } from './ente.events';

export interface ApiKey {
  readonly keyId: string;
  readonly hash: string;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

export type EnteState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly profile: EnteProfile;
      /** Maps, not objects: codTipo and keyId are client-chosen and "__proto__" is a valid codTipo. */
      readonly tipiDovuto: ReadonlyMap<string, TipoDovuto>;
      readonly apiKeys: ReadonlyMap<string, ApiKey>;
      /** By normalised IBAN. Optional so that states built before these events existed stay valid. */
      readonly ibans?: ReadonlyMap<string, EnteIban>;
      readonly logo?: EnteLogo;
    };

export type RegisteredEnte = Extract<EnteState, { status: 'registered' }>;

export const initialEnteState: EnteState = { status: 'unregistered' };

/** Sets a property when the value is defined, deletes it when null; leaves it alone when undefined. */
function applyOptional<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null | undefined): void {
  if (value === null) delete target[key];
  else if (value !== undefined) target[key] = value;
}

export function evolveEnte(state: EnteState, event: EnteEvent): EnteState {
  if (event.type === 'EnteRegistered') {
    const { at: _at, ...profile } = event.data;
    return { status: 'registered', profile, tipiDovuto: new Map(), apiKeys: new Map(), ibans: new Map() };
  }
  // Events of other types only exist after registration; an unregistered state ignores them rather than guessing.
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'EnteUpdated': {
      const profile: { -readonly [K in keyof typeof state.profile]: (typeof state.profile)[K] } = { ...state.profile };
      const c = event.data.changes;
      applyOptional(profile, 'denominazione', c.denominazione);
      applyOptional(profile, 'idStazione', c.idStazione);
      applyOptional(profile, 'idIntermediario', c.idIntermediario);
      applyOptional(profile, 'applicationCode', c.applicationCode);
      applyOptional(profile, 'email', c.email);
      return { ...state, profile };
    }
    case 'TipoDovutoConfigured':
      return { ...state, tipiDovuto: new Map(state.tipiDovuto).set(event.data.tipoDovuto.codTipo, event.data.tipoDovuto) };
    case 'TipoDovutoDeactivated': {
      const tipo = state.tipiDovuto.get(event.data.codTipo);
      if (!tipo) return state;
      return { ...state, tipiDovuto: new Map(state.tipiDovuto).set(tipo.codTipo, { ...tipo, active: false }) };
    }
    case 'ApiKeyIssued': {
      const { codIpa: _codIpa, ...key } = event.data;
      return { ...state, apiKeys: new Map(state.apiKeys).set(key.keyId, key) };
    }
    case 'ApiKeyRevoked': {
      const key = state.apiKeys.get(event.data.keyId);
      if (!key) return state;
      return { ...state, apiKeys: new Map(state.apiKeys).set(key.keyId, { ...key, revokedAt: event.data.at }) };
    }
    case 'EnteIbanAdded': {
      const { codIpa: _c, at: _a, ...iban } = event.data;
      return { ...state, ibans: new Map(state.ibans).set(iban.iban, iban) };
    }
    case 'EnteIbanRemoved': {
      const ibans = new Map(state.ibans);
      ibans.delete(event.data.iban);
      return { ...state, ibans };
    }
    case 'EnteLogoChanged': {
      const { codIpa: _c, at: _a, ...logo } = event.data;
      return { ...state, logo };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
