import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../event-store/sqlite-event-store';
import type { MarkReconciled, MarkReported, PositionCommand } from '../../positions/domain/position.commands';
import { tellerFor, ThreadTeller } from './position-teller-thread';

const ENTE = 'c_h501';
const AT = '2030-03-05T10:00:00.000Z';
const meta = { correlationId: 't', actor: 'test', occurredAt: AT, schemaVersion: 1 };
const ctx = { correlationId: 'reconciliation', actor: 'system:reconciliation', now: AT };
const streamOf = (i: number) => `position-${ENTE}-IUD${i}`;
const iuvOf = (i: number) => `0100000000000${String(100 + i).padStart(4, '0')}`;

async function paidPosition(events: SqliteEventStore, i: number): Promise<void> {
  const payer = { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' };
  const base = { codIpa: ENTE, iud: `IUD${i}`, iuv: iuvOf(i), at: AT };
  await events.append(
    streamOf(i),
    [
      { id: `00000001-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'PositionCreated', metadata: meta, data: { ...base, numeroAvviso: `3${iuvOf(i)}`, payer, importo: 1000, dataScadenza: '2030-12-31', tipoDovuto: 'TARI', causale: 'TARI', datiSpecificiRiscossione: '9/0101100IM/' } },
      {
        id: `00000002-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'ReceiptReceived', metadata: meta,
        data: {
          ...base, receiptId: `IUR${i}`, outcome: 'OK', amount: 1000, idPSP: 'BCITITMM', pspName: 'Intesa', paymentDateTime: AT, debtor: payer,
          transfers: [{ index: 1, idTransfer: 1, amount: 1000, iban: 'IT60X0542811101000000123456', cfEnte: '02438750586', remittanceInformation: 'TARI' }],
          channel: 'simulator', expectedAmount: 1000, amountMismatch: false, paidAfterCancellation: false, paidAfterExpiry: false,
        },
      },
    ],
    'no_stream',
  );
}

const reported = (i: number): MarkReported => ({
  type: 'MarkReported',
  data: { iuf: 'IUF1', idPSP: 'BCITITMM', rowIndex: i + 1, esito: '0', amount: 1000, dataRegolamento: '2030-03-06', iur: `IUR${i}`, transferIndex: 1 },
  metadata: { now: AT },
});
const reconciled: MarkReconciled = { type: 'MarkReconciled', data: { codes: ['RT_IUF'] }, metadata: { now: AT } };

describe('position teller thread', () => {
  let dir: string;
  let file: string;
  let events: SqliteEventStore;
  const tellers: ThreadTeller[] = [];
  const teller = (url = `sqlite:${file}`) => {
    const t = new ThreadTeller(url);
    tellers.push(t);
    return t;
  };
  const typesOf = async (i: number) => (await events.readStream(streamOf(i))).map((e) => e.type);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-teller-'));
    file = path.join(dir, 'events.db');
    events = SqliteEventStore.open(file);
    for (let i = 0; i < 4; i++) await paidPosition(events, i);
  });

  afterAll(async () => {
    for (const t of tellers) await t.close();
    await events.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('given paid positions, when the thread tells them they were reported and reconciled, then their streams carry it, once, and a stream that does not exist is left alone', async () => {
    const t = teller();
    const byStream = new Map<string, PositionCommand[]>([
      [streamOf(0), [reported(0), reconciled]],
      [streamOf(1), [reported(1)]],
      [`position-${ENTE}-NOSUCH`, [reported(9)]],
    ]);
    expect(await t.tell(byStream, ctx)).toBe(3);
    expect(await typesOf(0)).toEqual(['PositionCreated', 'ReceiptReceived', 'PositionReported', 'PositionReconciled']);
    expect(await typesOf(1)).toEqual(['PositionCreated', 'ReceiptReceived', 'PositionReported']);
    expect(await events.readStream(`position-${ENTE}-NOSUCH`)).toEqual([]);
    const told = (await events.readStream(streamOf(0)))[3];
    expect(told.metadata).toMatchObject({ correlationId: 'reconciliation', actor: 'system:reconciliation', occurredAt: AT });
    // Told again (a page replayed after a crash): the decider drops what the position already knows.
    expect(await t.tell(byStream, ctx)).toBe(0);
    expect(await typesOf(0)).toHaveLength(4);
  });

  it('given several tells sent without waiting, then they are all stored, in the order they were sent', async () => {
    const t = teller();
    const first = t.tell(new Map([[streamOf(2), [reported(2)]]]), ctx);
    const second = t.tell(new Map([[streamOf(2), [reconciled]]]), ctx);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(await typesOf(2)).toEqual(['PositionCreated', 'ReceiptReceived', 'PositionReported', 'PositionReconciled']);
  });

  it('given a teller closed, when it is told again, then a new thread tells', async () => {
    const t = teller();
    expect(await t.tell(new Map([[streamOf(3), [reported(3)]]]), ctx)).toBe(1);
    await t.close();
    expect(await t.tell(new Map([[streamOf(3), [reconciled]]]), ctx)).toBe(1);
    expect(await typesOf(3)).toEqual(['PositionCreated', 'ReceiptReceived', 'PositionReported', 'PositionReconciled']);
  });

  it('given an event store the thread cannot open, then the tell fails and says why', async () => {
    await expect(teller('postgres://nowhere').tell(new Map([[streamOf(0), [reconciled]]]), ctx)).rejects.toThrow('is neither sqlite:<file> nor esdb://<host>');
  });

  it('given nothing to tell, then no thread is needed and nothing is appended', async () => {
    expect(await teller('postgres://nowhere').tell(new Map(), ctx)).toBe(0);
  });
});

describe('where the reconciliation tells positions', () => {
  it('given an embedded event store in a file, then from a thread of their own; in memory or on a server, inline', () => {
    expect(tellerFor('sqlite:/data/events.db')).toEqual({ tellerEventStoreUrl: 'sqlite:/data/events.db' });
    expect(tellerFor('sqlite::memory:')).toEqual({});
    expect(tellerFor('esdb://localhost:2113?tls=false')).toEqual({});
  });
});
