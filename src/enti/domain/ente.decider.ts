import type { Decider } from '../../kernel/decider';
import { conflict, notFound } from '../../kernel/errors';

const ibanNotFound = (iban: string) => notFound('IBAN_NOT_FOUND', `IBAN ${iban} is not among the accounts of this ente`);
import type { EnteCommand } from './ente.commands';
import { apiKeyAlreadyExists, apiKeyNotFound, enteAlreadyRegistered, enteNotFound, tipoDovutoNotFound } from './ente.errors';
import type { EnteEvent } from './ente.events';
import * as rules from './ente.rules';
import { evolveEnte, initialEnteState, type EnteState, type RegisteredEnte } from './ente.state';

function registered(state: EnteState): RegisteredEnte {
  if (state.status !== 'registered') throw enteNotFound();
  return state;
}

export function decideEnte(command: EnteCommand, state: EnteState): EnteEvent[] {
  const at = command.metadata.now;
  switch (command.type) {
    case 'RegisterEnte': {
      if (state.status === 'registered') throw enteAlreadyRegistered(state.profile.codIpa);
      return [{ type: 'EnteRegistered', data: { ...rules.enteProfile(command.data), at } }];
    }
    case 'UpdateEnte': {
      const s = registered(state);
      const changes = rules.enteChanges(command.data, s.profile);
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'EnteUpdated', data: { codIpa: s.profile.codIpa, changes, at } }];
    }
    case 'ConfigureTipoDovuto': {
      const s = registered(state);
      const tipoDovuto = rules.tipoDovuto(command.data);
      const current = s.tipiDovuto.get(tipoDovuto.codTipo);
      if (current && rules.sameTipoDovuto(current, tipoDovuto)) return [];
      return [{ type: 'TipoDovutoConfigured', data: { codIpa: s.profile.codIpa, tipoDovuto, created: current === undefined, at } }];
    }
    case 'DeactivateTipoDovuto': {
      const s = registered(state);
      const current = s.tipiDovuto.get(command.data.codTipo);
      if (!current) throw tipoDovutoNotFound(command.data.codTipo);
      if (!current.active) return [];
      return [{ type: 'TipoDovutoDeactivated', data: { codIpa: s.profile.codIpa, codTipo: current.codTipo, at } }];
    }
    case 'RegisterApiKey': {
      const s = registered(state);
      const key = rules.apiKey(command.data);
      const existing = s.apiKeys.get(key.keyId);
      if (existing) {
        // A retried request (same key, same hash) is a repeat, not a clash.
        if (existing.hash === key.hash && existing.revokedAt === undefined) return [];
        throw apiKeyAlreadyExists(key.keyId);
      }
      return [{ type: 'ApiKeyIssued', data: { codIpa: s.profile.codIpa, ...key } }];
    }
    case 'RevokeApiKey': {
      const s = registered(state);
      const existing = s.apiKeys.get(command.data.keyId);
      if (!existing) throw apiKeyNotFound(command.data.keyId);
      if (existing.revokedAt !== undefined) return [];
      const reason = command.data.reason?.trim();
      return [{ type: 'ApiKeyRevoked', data: { codIpa: s.profile.codIpa, keyId: existing.keyId, ...(reason ? { reason } : {}), at } }];
    }
    case 'AddEnteIban': {
      const s = registered(state);
      const iban = rules.enteIban(command.data);
      const current = s.ibans?.get(iban.iban);
      if (current && JSON.stringify(current) === JSON.stringify(iban)) return [];
      return [{ type: 'EnteIbanAdded', data: { codIpa: s.profile.codIpa, ...iban, at } }];
    }
    case 'RemoveEnteIban': {
      const s = registered(state);
      const iban = command.data.iban.replace(/\s+/g, '').toUpperCase();
      if (!s.ibans?.has(iban)) throw ibanNotFound(command.data.iban);
      // An account still credited by a tipo dovuto cannot go: the riversamenti of that tipo would have nowhere to land.
      const user = [...s.tipiDovuto.values()].find((t) => t.active && (t.iban === iban || t.ibanPostale === iban));
      if (user) throw conflict('IBAN_IN_USE', `IBAN ${iban} is the account of tipo dovuto "${user.codTipo}": change the tipo first`, 'iban');
      return [{ type: 'EnteIbanRemoved', data: { codIpa: s.profile.codIpa, iban, at } }];
    }
    case 'ChangeEnteLogo': {
      const s = registered(state);
      const logo = rules.logo(command.data);
      if (s.logo?.sha256 === logo.sha256) return [];
      return [{ type: 'EnteLogoChanged', data: { codIpa: s.profile.codIpa, ...logo, at } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown ente command ${JSON.stringify(unknown)}`);
    }
  }
}

export const enteDecider: Decider<EnteCommand, EnteEvent, EnteState> = {
  initialState: initialEnteState,
  evolve: evolveEnte,
  decide: decideEnte,
};
