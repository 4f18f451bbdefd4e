import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { CommandService } from '../kernel/command-service';
import { randomIds } from '../kernel/clock';
import { EnteDirectory } from '../enti/ente.directory';
import { EnteAggregate } from '../enti/ente.aggregate';
import { enteStreamId } from '../enti/domain/ente.events';
import { IuvAllocator } from './iuv-allocator';
import { PositionsService } from './positions.service';
import { PositionBatchService, type BatchItem } from './position-batch.service';
import { positionStreamId } from './domain/position.streams';
import { buildIuv, isValidIuv } from '../kernel/identifiers/iuv';

const now = '2026-11-26T10:00:00.000Z';
const ctx = { correlationId: 'import-1', actor: 'import:flow-1', now };
const input = (iud: string, over: Record<string, unknown> = {}) => ({
  iud,
  payer: { tipo: 'F' as const, codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
  importo: 14792,
  dataScadenza: '2026-12-31',
  tipoDovuto: 'TARI',
  causale: 'TARI 2026',
  ...over,
});

async function setup() {
  const store = SqliteEventStore.open(':memory:');
  const commands = new CommandService(store, randomIds);
  const service = new PositionsService(commands, new EnteDirectory(store), new IuvAllocator(store, randomIds), store);
  const batch = new PositionBatchService(commands, service, new IuvAllocator(store, randomIds), store);
  await commands.execute(EnteAggregate, enteStreamId('c_h501'), { type: 'RegisterEnte', data: { codIpa: 'c_h501', cfEnte: '02438750586', denominazione: 'Roma', segregationCode: '01', idStazione: '02438750586_01', idIntermediario: '02438750586' }, metadata: { now } }, ctx);
  await commands.execute(EnteAggregate, enteStreamId('c_h501'), { type: 'ConfigureTipoDovuto', data: { codTipo: 'TARI', descrizione: 'TARI', iban: 'IT60X0542811101000000123456', active: true, spontaneous: false, datiSpecificiRiscossione: '9/0101100IM/', scadenzaObbligatoria: false }, metadata: { now } }, ctx);
  return { store, batch };
}

describe('the import batch path', () => {
  it('applies good rows, reports each bad row with its code, and generates valid IUVs', async () => {
    const { store, batch } = await setup();
    const items: BatchItem[] = [
      { row: 2, azione: 'I', input: input('A-1') },
      { row: 3, azione: 'I', input: input('A-2', { importo: 0 }) },
      { row: 4, azione: 'I', input: input('A-3', { tipoDovuto: 'NOPE' }) },
      { row: 5, azione: 'I', input: input('A-4') },
    ];
    const r = await batch.apply('c_h501', 'flow-1', items, ctx);
    expect(r.outcomes.map((o) => [o.row, o.ok, o.error?.code])).toEqual([
      [2, true, undefined],
      [3, false, expect.any(String)],
      [4, false, 'TIPO_DOVUTO_UNKNOWN'],
      [5, true, undefined],
    ]);
    expect(r.outcomes[0].iuv).not.toBe(r.outcomes[3].iuv);
    expect(isValidIuv(r.outcomes[0].iuv!)).toBe(true);
    expect(await store.readStream(positionStreamId('c_h501', 'A-2'))).toEqual([]);
    expect(r.position).toBe(await store.headPosition());
  });

  it('running the same import again (a resume after a crash) appends nothing and reports the rows as already applied', async () => {
    const { store, batch } = await setup();
    const items: BatchItem[] = [
      { row: 2, azione: 'I', input: input('R-1') },
      { row: 3, azione: 'I', input: input('R-2') },
    ];
    const first = await batch.apply('c_h501', 'flow-r', items, ctx);
    const head = await store.headPosition();
    const again = await batch.apply('c_h501', 'flow-r', items, ctx);
    expect(await store.headPosition()).toBe(head);
    expect(again.outcomes.map((o) => [o.ok, o.alreadyApplied, o.iuv])).toEqual(first.outcomes.map((o) => [true, true, o.iuv]));
  });

  it('a later flow modifies and cancels positions of an earlier one; a second creation of an IUD is a scarto', async () => {
    const { store, batch } = await setup();
    await batch.apply('c_h501', 'flow-a', [{ row: 2, azione: 'I', input: input('M-1') }, { row: 3, azione: 'I', input: input('M-2') }], ctx);
    const r = await batch.apply(
      'c_h501',
      'flow-b',
      [
        { row: 2, azione: 'M', iud: 'M-1', changes: { importo: 20000 } },
        { row: 3, azione: 'A', iud: 'M-2', reason: 'annullato' },
        { row: 4, azione: 'I', input: input('M-1') },
        { row: 5, azione: 'M', iud: 'NEVER-CREATED', changes: { importo: 100 } },
      ],
      ctx,
    );
    expect(r.outcomes.map((o) => [o.row, o.ok, o.error?.code])).toEqual([
      [2, true, undefined],
      [3, true, undefined],
      [4, false, 'IUD_ALREADY_EXISTS'],
      [5, false, 'POSITION_NOT_FOUND'],
    ]);
    const m1 = await store.readStream(positionStreamId('c_h501', 'M-1'));
    expect(m1.map((e) => e.type)).toEqual(['PositionCreated', 'PositionUpdated']);
    expect((await store.readStream(positionStreamId('c_h501', 'M-2'))).map((e) => e.type)).toEqual(['PositionCreated', 'PositionCancelled']);
  });

  it('two rows on the same IUD in one batch: the second sees the first', async () => {
    const { store, batch } = await setup();
    const r = await batch.apply('c_h501', 'flow-c', [{ row: 2, azione: 'I', input: input('S-1') }, { row: 3, azione: 'A', iud: 'S-1' }], ctx);
    expect(r.outcomes.every((o) => o.ok)).toBe(true);
    expect((await store.readStream(positionStreamId('c_h501', 'S-1'))).map((e) => e.type)).toEqual(['PositionCreated', 'PositionCancelled']);
  });

  it('an IUV supplied twice, in the batch or before it, is a scarto IUV_ALREADY_USED', async () => {
    const { batch } = await setup();
    const iuv = buildIuv('01', '5000000000001');
    const r = await batch.apply('c_h501', 'flow-d', [{ row: 2, azione: 'I', input: input('U-1', { iuv }) }, { row: 3, azione: 'I', input: input('U-2', { iuv }) }], ctx);
    expect(r.outcomes.map((o) => o.error?.code)).toEqual([undefined, 'IUV_ALREADY_USED']);
    const later = await batch.apply('c_h501', 'flow-e', [{ row: 2, azione: 'I', input: input('U-3', { iuv }) }], ctx);
    expect(later.outcomes[0].error?.code).toBe('IUV_ALREADY_USED');
  });
});
