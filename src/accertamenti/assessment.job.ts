import { Injectable, Logger } from '@nestjs/common';
import { CommandService } from '../kernel/command-service';
import { DomainError } from '../kernel/errors';
import { PositionAggregate } from '../positions/position.aggregate';
import { positionStreamId } from '../positions/domain/position.streams';
import type { AssessmentJob } from './assessment.reactor';

/**
 * Appends PositionAssessed (MarkAssessed) to each payment of a closed accertamento. A refusal of the position
 * decider (e.g. assessed meanwhile by another accertamento) cannot be fixed by retrying: it is logged and the
 * others go on. Any other failure (store down) fails the job after the rest, so the queue retries it.
 */
@Injectable()
export class AssessmentJobHandler {
  private readonly logger = new Logger('accertamenti.assessment');

  constructor(private readonly commands: CommandService) {}

  async run(job: AssessmentJob): Promise<{ assessed: number; refused: number }> {
    let assessed = 0;
    let refused = 0;
    let transient: unknown;
    const prefix = `${job.codIpa}|`;
    for (const key of job.paymentKeys) {
      if (!key.startsWith(prefix)) continue; // the decider only lets payments of its own ente in
      const iud = key.slice(prefix.length);
      try {
        const r = await this.commands.execute(
          PositionAggregate,
          positionStreamId(job.codIpa, iud),
          { type: 'MarkAssessed', data: { accertamentoId: job.accertamentoId, anno: job.anno }, metadata: { now: job.at } },
          { correlationId: job.correlationId, causationId: job.eventId, actor: 'system:accertamenti', now: job.at },
        );
        if (r.events.length > 0) assessed++;
      } catch (e) {
        if (e instanceof DomainError) {
          refused++;
          this.logger.warn({ msg: 'payment not assessed', correlationId: job.correlationId, codIpa: job.codIpa, iud, accertamentoId: job.accertamentoId, code: e.code, reason: e.message });
        } else transient = e;
      }
    }
    if (transient) throw transient;
    return { assessed, refused };
  }
}
