import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { SqliteReadStore } from '../read-store/sqlite-read-store';
import type { DomainEvent } from '../kernel/decider';
import { accertamentoEvents, paymentEvents } from '../../projections/statistics/statistics.test-kit';
import { statisticsProjection } from '../../projections/statistics/statistics.projection';
import { registerStats, runStats, type StatsOptions } from './stats.command';

/** Writes domain events to an embedded event store, one stream per group, as the write side would. */
async function writeLog(file: string, groups: DomainEvent[][]) {
  const events = SqliteEventStore.open(file);
  await events.appendBatch(
    groups.map((g, i) => ({
      streamId: `test-${i}`,
      expectedRevision: 'no_stream' as const,
      events: g.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { correlationId: 't', actor: 'system:test', occurredAt: '2024-05-01T10:00:00Z', schemaVersion: 1 } })),
    })),
  );
  return events;
}

const sink = () => {
  let text = '';
  return { write: (s: string) => (text += s), get text() { return text; } };
};

describe('quadra stats', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-stats-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Given: two TARI payments of the Comune di Bari in March 2024, both in a closed accertamento split over two capitoli
  const groups = () => [
    paymentEvents({ iud: 'T-1', receipt: { paymentDateTime: '2024-03-05T10:00:00+01:00' } }),
    paymentEvents({ iud: 'T-2', importo: 5000, receipt: { paymentDateTime: '2024-04-02T10:00:00+02:00' } }),
    accertamentoEvents('ACC-1', [
      { iud: 'T-1', importo: 14792, dataEsito: '2024-03-05', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: 14000 }, { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: 792 }] },
      { iud: 'T-2', importo: 5000, dataEsito: '2024-04-02', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: 5000 }] },
    ]),
  ];

  it('catches the read model up and prints a table per period and capitolo, with a total line', async () => {
    const events = await writeLog(path.join(dir, 'events.db'), groups());
    const reads = SqliteReadStore.open(path.join(dir, 'read.db'));
    const out = sink();
    const err = sink();
    const opts: StatsOptions = { ente: 'c_a562', by: 'capitolo', from: '2024-01-01', to: '2024-12-31', granularity: 'month', catchUp: true };
    await runStats(events, reads, opts, out, err);
    expect(out.text.split('\n')).toEqual([
      'Periodo  Capitolo      Pagato  N.  Rendicontato  N.  Incassato  N.',
      '-------  ------------  ------  --  ------------  --  ---------  --',
      '2024-03  E.1.01.01.51  140.00   1          0.00   0       0.00   0',
      '2024-03  E.3.02.02.01    7.92   1          0.00   0       0.00   0',
      '2024-04  E.1.01.01.51   50.00   1          0.00   0       0.00   0',
      '-------  ------------  ------  --  ------------  --  ---------  --',
      'Totale                 197.92   3          0.00   0       0.00   0',
      '',
    ]);
    expect(err.text).toBe('');
    await reads.close();
    await events.close();
  });

  it('is wired into commander with the options of the issue, and says when the read model is behind', async () => {
    (await writeLog(path.join(dir, 'events.db'), groups())).close();
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dir;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const program = new Command().exitOverride();
      registerStats(program);
      await expect(program.parseAsync(['stats', '--ente', 'c_a562', '--from', '2024-01-01', '--to', '2024-12-31'], { from: 'user' })).rejects.toThrow(/--catch-up/);
      // Built up to an earlier point of the log: the table is printed with a note
      const early = SqliteReadStore.open(path.join(dir, 'read.db'));
      await early.defineVersion('statistics', 1, statisticsProjection.readModels);
      await early.promote('statistics', 1);
      await early.close();
      await program.parseAsync(['stats', '--ente', 'c_a562', '--by', 'tipoDovuto', '--from', '2024-01-01', '--to', '2024-12-31', '--granularity', 'year'], { from: 'user' });
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/statistics read model is at position 0 of \d+/);
      expect(String(write.mock.calls[0]?.[0])).toBe('no payments for c_a562 from 2024-01-01 to 2024-12-31\n');
      write.mockClear();
      await program.parseAsync(['stats', '--ente', 'c_a562', '--by', 'tipoDovuto', '--from', '2024-01-01', '--to', '2024-12-31', '--granularity', 'year', '--catch-up', '--csv'], { from: 'user' });
      expect(String(write.mock.calls[0]?.[0])).toContain('2024;TARI;197.92;2;');
      await expect(
        program.parseAsync(['stats', '--ente', 'c_a562', '--from', '2024-12-31', '--to', '2024-01-01'], { from: 'user' }),
      ).rejects.toMatchObject({ code: 'INVALID_RANGE', message: expect.stringContaining('--from (2024-12-31) is after --to (2024-01-01)') });
    } finally {
      write.mockRestore();
      warn.mockRestore();
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
  });
});
