import { given as givenFor } from '../../../test/helpers/given-when-then';
import type { AccertamentoEvent } from './accertamento.events';
import { accertamentoDecider } from './accertamento.decider';
import { splitsFromBilancio } from './splits-from-bilancio';

const given = givenFor(accertamentoDecider);
const created: AccertamentoEvent = {
  type: 'AccertamentoCreated',
  data: { id: 'ACC-1', codIpa: 'c_a562', codTipoDovuto: 'TARI', anno: 2024, descrizione: 'TARI 2024', at: '2024-04-10T10:00:00+02:00' },
};
const anagrafica = {
  codIpa: 'c_a562',
  anno: 2024,
  capitoli: [
    { codCapitolo: 'E.1.01.01.51', codUfficio: 'UFF-TRIB', active: true },
    { codCapitolo: 'E.3.02.02.01', codUfficio: 'UFF-TRIB', active: true },
  ],
  accertamenti: [{ codAccertamento: 'ACC-2024-17', codCapitolo: 'E.1.01.01.51', active: true }],
};
const add = (splits: ReturnType<typeof splitsFromBilancio>) => ({
  type: 'AddPayment' as const,
  data: {
    paymentKey: 'c_a562|TARI-2024-0001',
    iud: 'TARI-2024-0001',
    iuv: '48000000001234539',
    importo: 14792,
    tipoDovuto: 'TARI',
    paid: true,
    reported: true,
    cashed: true,
    dataEsito: '2024-03-05',
    dataRegolamento: '2024-03-06',
    dataValuta: '2024-03-07',
    splits,
    anagrafica,
  },
  metadata: { now: '2024-04-10T10:00:00+02:00' },
});

describe('splitsFromBilancio', () => {
  it('proposes the position’s bilancio, which the accertamento accepts as it is', () => {
    const splits = splitsFromBilancio({
      capitoli: [
        { codCapitolo: 'E.1.01.01.51', codUfficio: 'UFF-TRIB', codAccertamento: 'ACC-2024-17', importo: 14000 },
        { codCapitolo: 'E.3.02.02.01', codUfficio: 'UFF-TRIB', importo: 792 },
      ],
    });
    expect(splits).toEqual([
      { codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', codAccertamento: 'ACC-2024-17', importo: 14000 },
      { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: 792 },
    ]);
    given(created).when(add(splits)).thenMatches([{ type: 'AccertamentoPaymentAdded' }]);
  });

  it('leaves a missing ufficio for the operator to fill: added as it is, it is refused', () => {
    const splits = splitsFromBilancio({ capitoli: [{ codCapitolo: 'E.1.01.01.51', importo: 14792 }] });
    expect(splits).toEqual([{ codUfficio: '', codCapitolo: 'E.1.01.01.51', importo: 14792 }]);
    given(created).when(add(splits)).thenThrows('INVALID_CODE', { field: 'splits[0].codUfficio' });
  });

  it('proposes nothing for a position without bilancio', () => {
    expect(splitsFromBilancio(undefined)).toEqual([]);
  });
});
