import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { enteStreamId, type EnteEvent } from './domain/ente.events';
import { evolveEnte, initialEnteState, type EnteState, type RegisteredEnte } from './domain/ente.state';
import { secretMatches } from '../auth/api-key';
import type { ApiKeyVerifier } from '../auth/guards';

interface Cached {
  state: EnteState;
  revision: bigint;
}

/**
 * The current state of each ente, read from its stream. Every call catches up from the cached revision, so a
 * change made by another process is seen on the next request at the cost of one indexed read.
 */
@Injectable()
export class EnteDirectory implements ApiKeyVerifier {
  private readonly cache = new Map<string, Cached>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async get(codIpa: string): Promise<RegisteredEnte | undefined> {
    const cached = this.cache.get(codIpa) ?? { state: initialEnteState, revision: -1n };
    const fresh = await this.store.readStream(enteStreamId(codIpa), { fromRevision: cached.revision + 1n });
    let { state, revision } = cached;
    for (const e of fresh) {
      state = evolveEnte(state, { type: e.type, data: e.data } as EnteEvent);
      revision = e.revision;
    }
    if (fresh.length) this.cache.set(codIpa, { state, revision });
    return state.status === 'registered' ? state : undefined;
  }

  async verify(codIpa: string, keyId: string, secret: string): Promise<boolean> {
    const ente = await this.get(codIpa);
    const key = ente?.apiKeys.get(keyId);
    return !!key && !key.revokedAt && secretMatches(secret, key.hash);
  }
}
