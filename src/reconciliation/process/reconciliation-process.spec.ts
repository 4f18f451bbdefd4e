import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openEventStore } from '../../event-store/open-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import type { NewEvent } from '../../kernel/events';
import { openReadStore } from '../../read-store/open-read-store';
import type { ReadStore } from '../../read-store/read-store.port';
import { ReconciliationProcess } from './reconciliation-process';
import { queryView } from '../../../projections/reconciliation/reconciliation.queries';

const ENTE = 'c_h501';
const meta = { correlationId: 't', actor: 'test', occurredAt: '2030-03-05T10:00:00Z', schemaVersion: 1 };
const ev = (id: string, streamId: string, type: string, data: Record<string, unknown>): NewEvent & { streamId: string } => ({ id, streamId, type, data: { codIpa: ENTE, at: '2030-03-05T10:00:00Z', ...data }, metadata: meta });

const receipt = (n: number, iuv: string, amount: number) =>
  ev(`00000000-0000-4000-8000-00000000000${n}`, `position-${ENTE}-IUD${n}`, 'ReceiptReceived', {
    iud: `IUD${n}`,
    iuv,
    receiptId: `IUR${n}`,
    outcome: 'OK',
    amount,
    idPSP: 'BCITITMM',
    pspName: 'Intesa',
    paymentDateTime: '2030-03-05T11:00:00+01:00',
    payer: { tipo: 'F', codiceIdentificativo: 'VRDLGU75B02F205X', anagrafica: 'Luigi Verdi' },
    debtor: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
    transfers: [{ index: 1, idTransfer: 1, amount, cfEnte: '02438750586', remittanceInformation: 'x' }],
    channel: 'paSendRTV2',
  });

/** One ente with notifications on and treasury loaded: a fully matched payment, a lone RT, a lone FR row, an unknown movement. */
function scenario(): (NewEvent & { streamId: string })[] {
  return [
    ev('10000000-0000-4000-8000-000000000001', `reconciliation-settings-${ENTE}`, 'ReconciliationSettingsChanged', { notificationsEnabled: true }),
    receipt(1, '01000000000000101', 14792),
    receipt(2, '01000000000000202', 5000),
    ev('20000000-0000-4000-8000-000000000001', `notification-${ENTE}-IUD1`, 'PaymentNotified', { iud: 'IUD1', iuv: '01000000000000101', amount: 14792, tipoDovuto: 'TARI', fileId: 'f', row: 1 }),
    ev('30000000-0000-4000-8000-000000000001', `reporting-${ENTE}-IUF1-BCITITMM`, 'ReportingFlowReceived', {
      iuf: 'IUF1',
      idPSP: 'BCITITMM',
      dataOraFlusso: '2030-03-06T08:00:00',
      identificativoUnivocoRegolamento: 'REG1',
      dataRegolamento: '2030-03-06',
      cfEnteRicevente: '02438750586',
      totalAmount: 14792 + 700,
      totalCount: 2,
      rows: [
        { index: 1, iuv: '01000000000000101', iur: 'IUR1', transferIndex: 1, amount: 14792, esito: '0', dataEsito: '2030-03-05' },
        { index: 2, iuv: '01000000000000303', iur: 'IUR3', transferIndex: 1, amount: 700, esito: '0', dataEsito: '2030-03-05' },
      ],
      anomalies: [],
      source: 'upload',
    }),
    ev('40000000-0000-4000-8000-000000000001', `treasury-${ENTE}-M1`, 'TreasuryMovementRecorded', {
      key: 'M1', fileId: 'f', source: 'OPI', dataContabile: '2030-03-07', dataValuta: '2030-03-07', importo: 14792 + 700, segno: '+', conto: '0001234', ordinante: 'Intesa', causale: '/PUR/LGPE-RIVERSAMENTO/URI/IUF1', iuf: 'IUF1',
    }),
    ev('40000000-0000-4000-8000-000000000002', `treasury-${ENTE}-M2`, 'TreasuryMovementRecorded', {
      key: 'M2', fileId: 'f', source: 'OPI', dataContabile: '2030-03-07', dataValuta: '2030-03-07', importo: 999, segno: '+', causale: 'bonifico generico',
    }),
  ];
}

async function reconcileInOrder(order: number[]): Promise<{ rows: Record<string, unknown>[]; dir: string; events: EventStore; reads: ReadStore }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-recon-'));
  const events = await openEventStore(`sqlite:${path.join(dir, 'events.db')}`);
  const reads = await openReadStore(`sqlite:${path.join(dir, 'read.db')}`);
  const all = scenario();
  // Small batches so the sources meet across batches, not only inside one.
  const process = new ReconciliationProcess(events, reads, undefined, { batchSize: 2 });
  for (const i of order) {
    const { streamId, ...e } = all[i];
    await events.append(streamId, [e], 'any');
    await process.catchUp();
  }
  const { items } = await reads.find<Record<string, unknown>>('reconciliation', { sort: [['id', 1]] });
  return { rows: items, dir, events, reads };
}

describe('reconciliation process', () => {
  const opened: { dir: string; events: EventStore; reads: ReadStore }[] = [];
  afterAll(async () => {
    for (const o of opened) {
      await o.reads.close();
      await o.events.close();
      fs.rmSync(o.dir, { recursive: true, force: true });
    }
  });

  it('given the same sources in three orders into three fresh stores, then the reconciliation read models are identical', async () => {
    const n = scenario().length;
    const orders = [[...Array(n).keys()], [...Array(n).keys()].reverse(), [3, 5, 1, 6, 0, 4, 2]];
    const results: Record<string, unknown>[][] = [];
    for (const o of orders) {
      const r = await reconcileInOrder(o);
      opened.push(r);
      results.push(r.rows);
    }
    expect(results[0].length).toBeGreaterThan(0);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);

    const codesOf = (pred: (r: Record<string, unknown>) => boolean) => results[0].filter(pred).map((r) => r.classificazione).sort();
    expect(codesOf((r) => r.iuv === '01000000000000101' && r.kind === 'payment')).toEqual(['IUD_RT_IUF', 'IUD_RT_IUF_TES', 'RT_IUF', 'RT_IUF_TES']);
    expect(codesOf((r) => r.iuv === '01000000000000202')).toEqual(['RT_NO_IUD', 'RT_NO_IUF']);
    expect(codesOf((r) => r.iuv === '01000000000000303')).toEqual(['IUV_NO_RT']);
    expect(codesOf((r) => r.kind === 'movement')).toEqual(['TES_NO_MATCH']);
    const full = results[0].find((r) => r.classificazione === 'RT_IUF_TES')!;
    expect(full).toMatchObject({ iud: 'IUD1', iur: 'IUR1', importoRt: 14792, importoFr: 14792, iuf: 'IUF1', idRegolamento: 'REG1', importoTesoreria: 15492, conto: '0001234', anagraficaVersante: 'Luigi Verdi', anagraficaPagatore: 'Mario Rossi', tipoDovuto: 'TARI', view: 'riconciliazione' });
    expect(full.reason).toMatch(/RT amount 147.92 = FR row amount 147.92/);
  });

  it('given sources met across many small batches, then each view total (stored per code) equals its rows, and a total stays right when a payment changes codes', async () => {
    for (const r of opened.slice(0, 3)) {
      for (const view of ['riconciliazione', 'anomalie'] as const) {
        const rows = (await r.reads.find<Record<string, unknown>>('reconciliation', { filter: { codIpa: ENTE, view, hidden: false } })).items;
        const page = await queryView(r.reads, view, ENTE, {});
        expect(page.total).toBe(rows.length);
        for (const code of new Set(rows.map((x) => x.classificazione as string))) {
          expect((await queryView(r.reads, view, ENTE, { classificazione: code })).total).toBe(rows.filter((x) => x.classificazione === code).length);
        }
      }
      // IUD1 was RT_NO_IUF until its FR row came (in the first order): only IUD2 is still counted there.
      expect((await queryView(r.reads, 'anomalie', ENTE, { classificazione: 'RT_NO_IUF' })).total).toBe(1);
    }
  });

  it('given notifications switched off after the fact, then the IUD codes disappear and the others stay', async () => {
    const r = opened[0];
    const process = new ReconciliationProcess(r.events, r.reads, undefined);
    await r.events.append(`reconciliation-settings-${ENTE}`, [{ id: '10000000-0000-4000-8000-000000000002', type: 'ReconciliationSettingsChanged', data: { codIpa: ENTE, notificationsEnabled: false, at: '2030-03-08T00:00:00Z' }, metadata: meta }], 'any');
    await process.catchUp();
    const { items } = await r.reads.find<Record<string, unknown>>('reconciliation', { filter: { iuv: '01000000000000101', kind: 'payment' } });
    expect(items.map((x) => x.classificazione).sort()).toEqual(['RT_IUF', 'RT_IUF_TES']);
  });
});
