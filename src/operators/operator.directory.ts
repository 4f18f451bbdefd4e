import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { operatorsStreamId, type OperatorEvent } from './domain/operator.events';
import { evolveOperators, initialOperatorsState, type OperatorAccount, type OperatorsState } from './domain/operator.state';

/**
 * The operator accounts of each ente, read from its stream and cached; every call catches up from the cached
 * revision, so a removal made by another process ends that operator's sessions on their next request.
 */
@Injectable()
export class OperatorDirectory {
  private readonly cache = new Map<string, { state: OperatorsState; revision: bigint }>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async all(codIpa: string): Promise<OperatorsState> {
    const cached = this.cache.get(codIpa) ?? { state: initialOperatorsState, revision: -1n };
    const fresh = await this.store.readStream(operatorsStreamId(codIpa), { fromRevision: cached.revision + 1n });
    let { state, revision } = cached;
    for (const e of fresh) {
      state = evolveOperators(state, { type: e.type, data: e.data } as OperatorEvent);
      revision = e.revision;
    }
    if (fresh.length) this.cache.set(codIpa, { state, revision });
    return state;
  }

  async get(codIpa: string, username: string): Promise<OperatorAccount | undefined> {
    return (await this.all(codIpa)).operators.get(username);
  }
}
