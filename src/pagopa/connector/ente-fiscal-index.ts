import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { EnteDirectory } from '../../enti/ente.directory';
import type { EnteProfile } from '../../enti/domain/ente.events';
import type { RegisteredEnte } from '../../enti/domain/ente.state';

const BATCH = 5000;

/**
 * The Node names an ente by its fiscal code (idPA), Quadra by its codIpa. The mapping never changes (cfEnte
 * cannot be updated), so it is learnt once from the EnteRegistered events of the log and kept in memory; an
 * unknown fiscal code makes it catch up with the log from where it stopped, so an ente registered by another
 * process is found on its first request. Current profiles always come from EnteDirectory.
 */
@Injectable()
export class EnteFiscalIndex {
  private readonly byFiscalCode = new Map<string, string>();
  private readonly codIpas = new Set<string>();
  private after = 0n;
  private catchingUp: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly enti: EnteDirectory,
  ) {}

  /** The registered ente with this fiscal code, as it is now. */
  async byIdPA(fiscalCode: string): Promise<RegisteredEnte | undefined> {
    let codIpa = this.byFiscalCode.get(fiscalCode);
    if (codIpa === undefined) {
      await this.catchUp();
      codIpa = this.byFiscalCode.get(fiscalCode);
    }
    if (codIpa === undefined) return undefined;
    return this.enti.get(codIpa);
  }

  /** Every registered ente (after catching up): only needed to explain a request for an unknown idPA. */
  async all(): Promise<EnteProfile[]> {
    await this.catchUp();
    const out: EnteProfile[] = [];
    for (const codIpa of this.codIpas) {
      const ente = await this.enti.get(codIpa);
      if (ente) out.push(ente.profile);
    }
    return out;
  }

  /** One catch-up at a time; concurrent callers wait for the same one. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= this.readNew().finally(() => (this.catchingUp = undefined));
    return this.catchingUp;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const { events, scannedTo } = await this.store.readTypes({ after: this.after, maxCount: BATCH, types: ['EnteRegistered'] });
      for (const e of events) {
        const { codIpa, cfEnte } = e.data as { codIpa: string; cfEnte: string };
        this.byFiscalCode.set(cfEnte, codIpa);
        this.codIpas.add(codIpa);
      }
      this.after = scannedTo;
      if (events.length < BATCH) return;
    }
  }
}
