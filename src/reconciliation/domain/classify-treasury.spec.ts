import { ALL_ON, IUF, IUV, TREASURY_OFF, given, movement, movementRef, notification, receipt, reportingFlow, row } from './reconciliation.test-kit';
import { classifyTreasury, movementReference } from './classify-treasury';
import type { TreasuryMovement } from './sources';

const UNKNOWN_IUF = '2025-03-18PSPTEST01-S9999';
const UNKNOWN_IUV = '09000000000000199';

describe('TES_NO_MATCH: treasury movement with neither IUF nor IUV in its causale', () => {
  it('holds for a movement whose causale cites nothing pagoPA knows', () => {
    const c = given(movement({ causale: 'BONIFICO DA ROSSI MARIO' })).when(movementRef()).then.has('TES_NO_MATCH', 'causale "BONIFICO DA ROSSI MARIO"');
    expect(c.evidence.movement).toMatchObject({ movementId: 'MOV-1', amount: 14792 });
    expect(c.view).toBe('anomalie');
  });

  it('does not hold once the causale carries an IUF', () => {
    given(movement({ iuf: IUF }), reportingFlow([row()])).when(movementRef()).then.exactly();
  });

  it('does not hold for an ente that loads no treasury', () => {
    given(movement()).with(TREASURY_OFF).when(movementRef()).then.exactly();
  });

  it('treats a blank IUF or IUV as none', () => {
    given(movement({ iuf: '  ', iuv: '' })).when(movementRef()).then.exactly('TES_NO_MATCH');
  });
});

describe('TES_NO_IUF_OR_IUV: treasury movement with an IUF or IUV that matches no FR, RT or notification', () => {
  it('holds for a movement citing an IUF no FR has', () => {
    given(reportingFlow([row()]), movement({ iuf: UNKNOWN_IUF })).when(movementRef()).then.has('TES_NO_IUF_OR_IUV', `cites IUF ${UNKNOWN_IUF}, but no FR with that IUF was received`);
  });

  it('does not hold once the FR with that IUF arrives, in whatever order', () => {
    given(movement({ iuf: IUF }), reportingFlow([row()])).when(movementRef()).then.exactly();
    given(reportingFlow([row()]), movement({ iuf: IUF })).when(movementRef()).then.exactly();
  });

  it('holds for a movement citing an IUV no receipt or notification names', () => {
    given(receipt(), movement({ iuv: UNKNOWN_IUV })).when(movementRef()).then.has('TES_NO_IUF_OR_IUV', `cites IUV ${UNKNOWN_IUV}, but no positive RT or notification`);
  });

  it('does not hold when a positive receipt names the IUV', () => {
    given(movement({ iuv: IUV }), receipt()).when(movementRef()).then.exactly();
  });

  it('does not hold when a notification names the IUV, even without a receipt', () => {
    given(movement({ iuv: IUV }), notification()).when(movementRef()).then.exactly();
  });

  it('still holds when the only receipt for the IUV is negative', () => {
    given(movement({ iuv: IUV }), receipt({ outcome: 'KO' })).when(movementRef()).then.exactly('TES_NO_IUF_OR_IUV');
  });

  it('does not hold for an ente that loads no treasury', () => {
    given(movement({ iuf: UNKNOWN_IUF })).with(TREASURY_OFF).when(movementRef()).then.exactly();
  });
});

describe('classifyTreasury on its own inputs', () => {
  const base: TreasuryMovement = { codIpa: 'C_TEST', movementId: 'M', amount: 100, dataValuta: '2025-03-19', dataContabile: '2025-03-19', causale: 'x' };
  const none = { frExists: () => false, rtOrNotificationExistsForIuv: () => false };

  it('lets the IUF decide when a parser found both an IUF and an IUV', () => {
    expect(movementReference({ iuf: IUF, iuv: IUV })).toEqual({ by: 'IUF', iuf: IUF });
    const lookups = { frExists: () => true, rtOrNotificationExistsForIuv: () => false };
    expect(classifyTreasury({ ...base, iuf: IUF, iuv: UNKNOWN_IUV }, ALL_ON, lookups)).toEqual([]);
  });

  it('asks the lookups with the cited identifier', () => {
    const asked: string[] = [];
    classifyTreasury({ ...base, iuv: IUV }, ALL_ON, { ...none, rtOrNotificationExistsForIuv: (iuv) => (asked.push(iuv), true) });
    expect(asked).toEqual([IUV]);
  });
});
