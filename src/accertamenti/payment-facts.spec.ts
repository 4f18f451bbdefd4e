import { fold } from '../kernel/decider';
import { positionDecider } from '../positions/domain/position.decider';
import { assessed, cashed, created, receiptReceived, reported } from '../positions/domain/position.test-kit';
import type { PositionEvent } from '../positions/domain/position.events';
import { paymentFacts } from './payment-facts';

const facts = (...events: PositionEvent[]) => paymentFacts(fold(positionDecider, events));

describe('paymentFacts: what an accertamento learns from a position stream', () => {
  it('given no position, there is nothing to add', () => {
    expect(facts()).toBeUndefined();
  });

  it('given a created, unpaid dovuto: not paid, no dates', () => {
    expect(facts(created())).toMatchObject({ iud: 'TARI-2024-0001', tipoDovuto: 'TARI', paid: false, reported: false, cashed: false, importo: 14792 });
    expect(facts(created())?.dataEsito).toBeUndefined();
  });

  it('given a paid, reported and cashed payment: the Italian day of the payment, the earliest settlement and value dates', () => {
    const f = facts(
      created({ bilancio: { capitoli: [{ codCapitolo: 'E.1', codUfficio: 'U', importo: 14792 }] } }),
      // 23:30 UTC on 5 March is already 6 March in Rome
      receiptReceived({ paymentDateTime: '2024-03-05T23:30:00Z' }),
      reported({ iuf: 'FR-B', dataRegolamento: '2024-03-09' }),
      reported({ iuf: 'FR-A', rowIndex: 2, dataRegolamento: '2024-03-08' }),
      reported({ iuf: 'FR-0', rowIndex: 3, esito: '3', dataRegolamento: '2024-03-07' }),
      cashed({ movementId: 'M-2', dataValuta: '2024-03-12' }),
      cashed({ movementId: 'M-1', dataValuta: '2024-03-11' }),
    );
    expect(f).toMatchObject({
      paid: true,
      reported: true,
      cashed: true,
      importo: 14792,
      iur: 'c1a5e4b2d9f84c6e8a0b',
      dataEsito: '2024-03-06',
      dataRegolamento: '2024-03-08',
      dataValuta: '2024-03-11',
      bilancio: { capitoli: [{ codCapitolo: 'E.1', codUfficio: 'U', importo: 14792 }] },
    });
    expect(f?.assessedIn).toBeUndefined();
  });

  it("counts only the ente's share when part of the payment goes to an ente secondario", () => {
    const secondario = { codiceFiscale: '80016350821', denominazione: 'Provincia', iban: 'IT60X0542811101000000123456', datiSpecificiRiscossione: '9/0101100IM/', importo: 792 };
    const f = facts(created({ importo: 14000, secondario }), receiptReceived({ amount: 14792 }));
    expect(f?.importo).toBe(14000);
  });

  it('given an assessed payment, names the accertamento that holds it', () => {
    expect(facts(created(), receiptReceived(), assessed('ACC-9', 2024))?.assessedIn).toBe('ACC-9');
  });
});
