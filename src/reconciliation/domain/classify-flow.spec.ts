import { ALL_ON, AMOUNT, IUF, IUV, NOTIFICATIONS_OFF, TREASURY_OFF, flowRef, given, movement, receipt, reportingFlow, row } from './reconciliation.test-kit';
import { classifyFlow, flowTreasuryFact } from './classify-flow';

const header = { iuf: IUF, idPSP: 'PSPTEST01', totalAmount: 50000, dataRegolamento: '2025-03-18', identificativoUnivocoRegolamento: 'SEPA-1' };

describe('IUF_NO_TES: FR present, no treasury movement by IUF or IUV', () => {
  it('holds for an FR no movement cites', () => {
    const c = given(reportingFlow([row()])).when(flowRef()).then.has('IUF_NO_TES', `FR ${IUF} (total 147.92, 1 rows) has no treasury movement`);
    expect(c.evidence.flow).toEqual({ iuf: IUF, totalAmount: AMOUNT });
    expect(c.view).toBe('anomalie');
  });

  it('does not hold once a movement cites the IUF, whatever its amount', () => {
    given(reportingFlow([row()]), movement({ iuf: IUF, amount: 1 })).when(flowRef()).then.hasNot('IUF_NO_TES');
  });

  it('does not hold when a punctual movement cites the IUV of one of its rows', () => {
    given(reportingFlow([row()]), movement({ iuv: IUV })).when(flowRef()).then.exactly();
  });

  it('still holds when the only punctual movement cites the IUV of a revoked (esito 3) row', () => {
    given(reportingFlow([row(), row({ iuv: '09000000000000199', iur: 'R9', esito: '3' })]), movement({ iuv: '09000000000000199' }))
      .when(flowRef())
      .then.exactly('IUF_NO_TES');
  });

  it('does not hold for an ente that loads no treasury', () => {
    given(reportingFlow([row()])).with(TREASURY_OFF).when(flowRef()).then.exactly();
  });

  it('is no business of a movement citing another FR', () => {
    given(reportingFlow([row()]), movement({ iuf: '2025-03-18PSPTEST01-S9999' })).when(flowRef()).then.exactly('IUF_NO_TES');
  });
});

describe('IUF_TES_DIV_IMP: FR present, a treasury movement of another amount', () => {
  it('holds when the riversamento is 1 cent more than the FR total, naming both', () => {
    const c = given(reportingFlow([row()]), movement({ iuf: IUF, amount: AMOUNT + 1 }))
      .when(flowRef())
      .then.has('IUF_TES_DIV_IMP', `FR ${IUF} total 147.92 ≠ treasury by IUF 147.93 (movement MOV-1 147.93)`);
    expect(c.evidence.treasury).toEqual({ by: 'IUF', reference: IUF, total: AMOUNT + 1, movements: [{ movementId: 'MOV-1', amount: AMOUNT + 1 }] });
  });

  it('does not hold when the movement moves exactly the FR total', () => {
    given(reportingFlow([row()]), movement({ iuf: IUF })).when(flowRef()).then.exactly();
  });

  it('compares the FR total with the sum of all movements citing the IUF', () => {
    given(reportingFlow([row()]), movement({ iuf: IUF, movementId: 'A', amount: 10000 }), movement({ iuf: IUF, movementId: 'B', amount: 4792 }))
      .when(flowRef())
      .then.exactly();
    given(reportingFlow([row()]), movement({ iuf: IUF, movementId: 'A', amount: 10000 }), movement({ iuf: IUF, movementId: 'B', amount: 4793 }))
      .when(flowRef())
      .then.exactly('IUF_TES_DIV_IMP');
  });

  it('matches the IUF whatever its case in the causale', () => {
    given(reportingFlow([row()]), movement({ iuf: IUF.toLowerCase() })).when(flowRef()).then.exactly();
  });

  it('does not hold for an ente that loads no treasury', () => {
    given(reportingFlow([row()]), movement({ iuf: IUF, amount: 1 })).with(TREASURY_OFF).when(flowRef()).then.exactly();
  });
});

describe('classifyFlow and the FR-level fact the payments use', () => {
  it('says the FR total equals treasury by IUF only when some movement cites it', () => {
    expect(flowTreasuryFact(header, []).matches).toBe(false);
    expect(flowTreasuryFact({ iuf: IUF, totalAmount: 0 }, []).matches).toBe(false);
    expect(flowTreasuryFact(header, [{ movementId: 'B', amount: 20000 }, { movementId: 'A', amount: 30000 }])).toEqual({
      iuf: IUF,
      frTotal: 50000,
      treasuryTotal: 50000,
      movements: [
        { movementId: 'A', amount: 30000 },
        { movementId: 'B', amount: 20000 },
      ],
      matches: true,
    });
  });

  it('classifies from plain inputs', () => {
    expect(classifyFlow({ header, rows: [], treasuryByIuf: [{ movementId: 'M', amount: 49999 }] }, ALL_ON).map((c) => c.code)).toEqual(['IUF_TES_DIV_IMP']);
    expect(classifyFlow({ header, rows: [], treasuryByIuf: [] }, NOTIFICATIONS_OFF).map((c) => c.code)).toEqual(['IUF_NO_TES']);
    expect(classifyFlow({ header, rows: [], treasuryByIuf: [], treasuryByIuv: [{ movementId: 'P', amount: 1 }] }, ALL_ON)).toEqual([]);
  });

  it('lets a receipt alone change nothing about the FR', () => {
    given(reportingFlow([row()]), receipt()).when(flowRef()).then.exactly('IUF_NO_TES');
  });
});
