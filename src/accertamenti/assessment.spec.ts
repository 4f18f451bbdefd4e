import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { CommandService } from '../kernel/command-service';
import { randomIds } from '../kernel/clock';
import type { RecordedEvent } from '../kernel/events';
import { buildIuv } from '../kernel/identifiers/iuv';
import { PositionAggregate } from '../positions/position.aggregate';
import { positionStreamId } from '../positions/domain/position.streams';
import { createPosition, markAssessed, receiveReceipt } from '../positions/domain/position.test-kit';
import { recordAll } from '../../test/helpers/recorded-event';
import { accertamentoEvents } from '../../projections/statistics/statistics.test-kit';
import { AssessmentJobHandler } from './assessment.job';
import { ASSESSMENT_QUEUE, assessmentReactor, type AssessmentJob } from './assessment.reactor';

const ctx = { correlationId: 't', actor: 'system:test', now: '2024-03-05T12:00:00+01:00' };
const pay = (iud: string) => ({ iud, importo: 14792, dataEsito: '2024-03-05', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: 14792 }] });

describe('the assessment process manager', () => {
  const closedEvent = (): RecordedEvent => recordAll(accertamentoEvents('ACC-1', [pay('T-1'), pay('T-2'), pay('T-3')])).find((e) => e.type === 'AccertamentoClosed')!;

  it('asks for one job per closed accertamento, keyed by the event, with every included payment', () => {
    const event = closedEvent();
    const jobs = assessmentReactor.jobsFor(event);
    expect(jobs).toEqual([
      {
        queue: ASSESSMENT_QUEUE,
        jobId: `accertamento-assessment-${event.id}`,
        payload: expect.objectContaining({ codIpa: 'c_a562', accertamentoId: 'ACC-1', anno: 2024, paymentKeys: ['c_a562|T-1', 'c_a562|T-2', 'c_a562|T-3'], eventId: event.id }),
      },
    ]);
    expect(assessmentReactor.handles).toEqual(['AccertamentoClosed']);
  });

  it('marks each paid position assessed once; a rerun changes nothing; a position assessed elsewhere is left as it is', async () => {
    const store = SqliteEventStore.open(':memory:');
    const commands = new CommandService(store, randomIds);
    for (const iud of ['T-1', 'T-2', 'T-3']) {
      await commands.execute(PositionAggregate, positionStreamId('c_a562', iud), createPosition({ iud, iuv: buildIuv('48', `000000001234${iud.slice(2)}`) }), ctx);
      await commands.execute(PositionAggregate, positionStreamId('c_a562', iud), receiveReceipt({ receiptId: `R-${iud}` }), ctx);
    }
    await commands.execute(PositionAggregate, positionStreamId('c_a562', 'T-3'), markAssessed('ACC-OTHER'), ctx);
    const job = assessmentReactor.jobsFor(closedEvent())[0].payload as AssessmentJob;
    const handler = new AssessmentJobHandler(commands);

    expect(await handler.run(job)).toEqual({ assessed: 2, refused: 1 });
    expect(await handler.run(job)).toEqual({ assessed: 0, refused: 1 });
    for (const [iud, acc] of [['T-1', 'ACC-1'], ['T-2', 'ACC-1'], ['T-3', 'ACC-OTHER']]) {
      const { state, events } = await commands.load(PositionAggregate, positionStreamId('c_a562', iud));
      expect(state.accertamento).toEqual({ accertamentoId: acc, anno: 2024 });
      expect(events.filter((e) => e.type === 'PositionAssessed')).toHaveLength(1);
    }
    const assessed = (await store.readStream(positionStreamId('c_a562', 'T-1'))).find((e) => e.type === 'PositionAssessed')!;
    expect(assessed.metadata).toMatchObject({ causationId: job.eventId, actor: 'system:accertamenti' });
    await store.close();
  });
});
