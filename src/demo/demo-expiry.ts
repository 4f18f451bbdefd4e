import type { CommandContext } from '../kernel/command-context';
import type { CommandService } from '../kernel/command-service';
import { PositionAggregate } from '../positions/position.aggregate';
import { positionStreamId } from '../positions/domain/position.streams';

/**
 * Expiry has no REST route: it is the daily job's command (ExpirePosition with the date it runs for). The demo runs
 * that same command, through the decider, for the dovuti it created already overdue; it refuses what is not due.
 */
export function expireOverdue(commands: CommandService): (codIpa: string, iuds: readonly string[], today: string) => Promise<number> {
  return async (codIpa, iuds, today) => {
    let expired = 0;
    for (const iud of iuds) {
      const now = new Date().toISOString();
      const ctx: CommandContext = { correlationId: `demo-expiry-${today}`, actor: 'system:demo-expiry', now };
      const r = await commands.execute(PositionAggregate, positionStreamId(codIpa, iud), { type: 'ExpirePosition', data: { today }, metadata: { now } }, ctx);
      expired += r.events.length > 0 ? 1 : 0;
    }
    return expired;
  };
}
