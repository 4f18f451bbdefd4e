/**
 * For e2e tests: a dovuto created over REST, then paid, reported and cashed through the position decider's own
 * commands (what the Node connector, the reporting import and the treasury import do), so the accertamenti and
 * statistics suites start from real position streams without replaying a whole reconciliation.
 */
import type { TestApp } from '../../../test/helpers/test-app';
import { CommandService } from '../../kernel/command-service';
import { eurosToCents } from '../../kernel/money';
import { PositionAggregate } from '../../positions/position.aggregate';
import { positionStreamId } from '../../positions/domain/position.streams';
import type { PositionCommand } from '../../positions/domain/position.commands';

export interface PaidPosition {
  iud: string;
  tipoDovuto?: string;
  /** Euros, e.g. '147.92'. */
  importo: string;
  bilancio?: { codCapitolo: string; codUfficio?: string; codAccertamento?: string; importo: string }[];
  /** ISO time of the payment; leave out for an unpaid dovuto. */
  paidAt?: string;
  /** YYYY-MM-DD; leave out for a payment not reported yet. */
  dataRegolamento?: string;
  /** YYYY-MM-DD; leave out for a payment not cashed yet. */
  dataValuta?: string;
}

const ctx = (now: string) => ({ correlationId: 'e2e', actor: 'system:e2e', now });

/** Creates the dovuto and records its payment facts; returns the X-Quadra-Position of the last event written. */
export async function paidPosition(t: TestApp, codIpa: string, key: string, p: PaidPosition): Promise<string> {
  const res = await t
    .http()
    .post(`/api/v1/enti/${codIpa}/dovuti`)
    .set({ Authorization: `Bearer ${key}` })
    .send({
      iud: p.iud,
      tipoDovuto: p.tipoDovuto ?? 'TARI',
      importo: p.importo,
      causale: `${p.tipoDovuto ?? 'TARI'} ${p.iud}`,
      pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
      ...(p.bilancio && { bilancio: { capitoli: p.bilancio } }),
    });
  if (res.status !== 201) throw new Error(`creating dovuto ${p.iud} failed: ${res.status} ${JSON.stringify(res.body)}`);
  let position = String(res.headers['x-quadra-position']);
  const commands = t.app.get(CommandService);
  const amount = eurosToCents(p.importo);
  const run = async (command: PositionCommand) => {
    const r = await commands.execute(PositionAggregate, positionStreamId(codIpa, p.iud), command, ctx(command.metadata.now));
    position = r.position.toString();
  };
  if (p.paidAt) {
    await run({
      type: 'ReceiveReceipt',
      data: {
        receiptId: `IUR-${p.iud}`,
        outcome: 'OK',
        amount,
        idPSP: 'BCITITMM',
        paymentDateTime: p.paidAt,
        transfers: [{ index: 1, idTransfer: 1, amount, iban: 'IT60X0542811101000000123456', cfEnte: '02438750586', remittanceInformation: p.iud }],
        channel: 'simulator',
      },
      metadata: { now: p.paidAt },
    });
  }
  if (p.dataRegolamento) {
    await run({
      type: 'MarkReported',
      data: { iuf: `${p.dataRegolamento}BCITITMM-${p.iud}`, idPSP: 'BCITITMM', rowIndex: 1, esito: '0', amount, dataRegolamento: p.dataRegolamento },
      metadata: { now: `${p.dataRegolamento}T12:00:00+01:00` },
    });
  }
  if (p.dataValuta) {
    await run({
      type: 'MarkCashed',
      data: { movementId: `GDC-${p.iud}`, amount, dataValuta: p.dataValuta, dataContabile: p.dataValuta },
      metadata: { now: `${p.dataValuta}T12:00:00+01:00` },
    });
  }
  return position;
}

/** Polls until the condition holds (for effects of the process manager, which runs after the command returns). */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
