import {
  ALL_OFF,
  ALL_ON,
  AMOUNT,
  IUD,
  IUF,
  IUR,
  IUV,
  NOTIFICATIONS_OFF,
  TREASURY_OFF,
  given,
  movement,
  notification,
  notified,
  payment,
  receipt,
  reportingFlow,
  row,
} from './reconciliation.test-kit';
import { classifyPayment } from './classify-payment';
import { flowTreasuryFact } from './classify-flow';

const OTHER_IUF = '2025-03-19PSPTEST02-S0002';

describe('IUD_RT_IUF_TES: notified = RT, and (RT = FR row and FR total = treasury by IUF) or RT total = treasury by IUV', () => {
  it('holds for a payment notified, received, reported and cashed cumulatively: with RT_IUF, RT_IUF_TES and IUD_RT_IUF', () => {
    const { then } = given(notification(), receipt(), reportingFlow([row()]), movement({ iuf: IUF })).when(payment());
    then.exactly('IUD_RT_IUF_TES', 'IUD_RT_IUF', 'RT_IUF_TES', 'RT_IUF');
    const c = then.has('IUD_RT_IUF_TES', 'notified amount 147.92 = RT amount 147.92');
    expect(c.reason).toContain(`FR ${IUF} total 147.92 = treasury by IUF 147.92`);
    expect(c.view).toBe('riconciliazione');
    expect(c.evidence.treasury).toEqual({ by: 'IUF', reference: IUF, total: AMOUNT, movements: [{ movementId: 'MOV-1', amount: AMOUNT }] });
  });

  it('holds for a payment cashed punctually (RT total = treasury by IUV), with no FR', () => {
    const { then } = given(notification(), receipt(), movement({ iuv: IUV })).when(payment());
    then.exactly('IUD_RT_IUF_TES', 'RT_TES');
    then.has('IUD_RT_IUF_TES', 'RT total 147.92 = treasury by IUV 147.92');
  });

  it('does not hold when the cumulative riversamento is 1 cent short', () => {
    const { then } = given(notification(), receipt(), reportingFlow([row()]), movement({ iuf: IUF, amount: AMOUNT - 1 })).when(payment());
    then.hasNot('IUD_RT_IUF_TES', 'RT_IUF_TES');
    then.exactly('IUD_RT_IUF', 'RT_IUF');
  });

  it('does not hold when the notified amount is 1 cent off the RT', () => {
    const { then } = given(notification({ amount: AMOUNT + 1 }), receipt(), reportingFlow([row()]), movement({ iuf: IUF })).when(payment());
    then.hasNot('IUD_RT_IUF_TES', 'IUD_RT_IUF');
    then.has('IUD_NO_RT', 'notified amount 147.93 ≠ RT amount 147.92');
  });

  it('does not hold for an ente that loads no treasury, nor for one with notifications off', () => {
    const sources = [notification(), receipt(), reportingFlow([row()]), movement({ iuf: IUF })];
    given(...sources).with(TREASURY_OFF).when(payment()).then.exactly('IUD_RT_IUF', 'RT_IUF');
    given(...sources).with(NOTIFICATIONS_OFF).when(payment()).then.exactly('RT_IUF_TES', 'RT_IUF');
  });
});

describe('IUD_RT_IUF: notified amount = RT amount = FR row amount', () => {
  it('holds without any treasury', () => {
    given(notification(), receipt(), reportingFlow([row()])).with(TREASURY_OFF).when(payment()).then.has('IUD_RT_IUF', 'notified amount 147.92 = RT amount 147.92 = FR row amount 147.92');
  });

  it('does not hold when the FR row is 1 cent off: the payment is badly reported instead', () => {
    const { then } = given(notification(), receipt(), reportingFlow([row({ amount: AMOUNT - 1 })])).with(TREASURY_OFF).when(payment());
    then.hasNot('IUD_RT_IUF', 'RT_IUF');
    then.has('RT_NO_IUF', 'RT amount 147.92 ≠ FR row amount 147.91');
  });

  it('does not hold where notifications are off', () => {
    given(notification(), receipt(), reportingFlow([row()])).with(ALL_OFF).when(payment()).then.exactly('RT_IUF');
  });
});

describe('RT_IUF_TES: RT amount = FR row amount, and FR total = treasury by IUF', () => {
  it('holds when the FR is cashed in one movement', () => {
    given(receipt(), reportingFlow([row()]), movement({ iuf: IUF })).with(NOTIFICATIONS_OFF).when(payment()).then.has('RT_IUF_TES');
  });

  it('holds when the bank split the riversamento in two movements that add up to the FR total', () => {
    const fr = reportingFlow([row(), row({ iuv: '02000000000000155', iur: 'IUR-0002', amount: 5000 })]);
    const { then } = given(receipt(), fr, movement({ iuf: IUF, movementId: 'MOV-A', amount: 10000 }), movement({ iuf: IUF, movementId: 'MOV-B', amount: AMOUNT + 5000 - 10000 }))
      .with(NOTIFICATIONS_OFF)
      .when(payment());
    then.has('RT_IUF_TES', 'FR 2025-03-18PSPTEST01-S0001 total 197.92 = treasury by IUF 197.92');
  });

  it('does not hold when the movement moves another amount than the FR total', () => {
    given(receipt(), reportingFlow([row()]), movement({ iuf: IUF, amount: AMOUNT + 1 })).with(NOTIFICATIONS_OFF).when(payment()).then.exactly('RT_IUF');
  });

  it('does not hold when the RT and the FR row differ, even if the FR is cashed', () => {
    given(receipt({ amount: AMOUNT + 1 }), reportingFlow([row()]), movement({ iuf: IUF })).with(NOTIFICATIONS_OFF).when(payment()).then.hasNot('RT_IUF_TES', 'RT_IUF');
  });

  it('does not hold for an ente that loads no treasury', () => {
    given(receipt(), reportingFlow([row()]), movement({ iuf: IUF })).with(ALL_OFF).when(payment()).then.exactly('RT_IUF');
  });
});

describe('RT_IUF: RT amount = FR row amount', () => {
  it('holds, and says which records and amounts matched', () => {
    const c = given(receipt(), reportingFlow([row()])).with(ALL_OFF).when(payment()).then.has('RT_IUF');
    expect(c.reason).toBe(`RT amount 147.92 = FR row amount 147.92 (FR ${IUF} row 1)`);
    expect(c.evidence).toEqual({
      rt: { iuv: IUV, iur: IUR, transferIndex: 1, amount: AMOUNT, totalAmount: AMOUNT },
      frRow: { iuf: IUF, rowIndex: 1, iuv: IUV, iur: IUR, transferIndex: 1, amount: AMOUNT, esito: '0' },
    });
  });

  it('does not hold when the FR row is 1 cent more', () => {
    given(receipt(), reportingFlow([row({ amount: AMOUNT + 1 })])).with(ALL_OFF).when(payment()).then.exactly('RT_NO_IUF');
  });

  it('does not hold for an FR row with esito 3 (revoked): such rows take no part', () => {
    given(receipt(), reportingFlow([row({ esito: '3' })])).with(ALL_OFF).when(payment()).then.exactly('RT_NO_IUF');
  });

  it('matches one transfer of a multi-transfer RT on its own amount, not on the RT total', () => {
    const second = { iuv: IUV, iur: IUR, transferIndex: 2 };
    const { then } = given(receipt({ amount: 10000, totalAmount: 14792 }), receipt({ transferIndex: 2, amount: 4792, totalAmount: 14792 }), reportingFlow([row({ amount: 10000 }), row({ transferIndex: 2, amount: 4792 })]))
      .with(ALL_OFF)
      .when(payment(second));
    then.has('RT_IUF', 'RT amount 47.92 = FR row amount 47.92 (FR 2025-03-18PSPTEST01-S0001 row 2)');
  });

  it('finds the matching row when the key is reported twice with different amounts', () => {
    const { then } = given(receipt(), reportingFlow([row({ amount: 1 })], { iuf: OTHER_IUF }), reportingFlow([row()])).with(ALL_OFF).when(payment());
    then.exactly('RT_IUF');
    expect(then.has('RT_IUF').evidence.frRow?.iuf).toBe(IUF);
  });
});

describe('RT_TES: RT present, no FR row, RT total = treasury by IUV', () => {
  it('holds for a punctual riversamento of the whole RT, even when this transfer is only part of it', () => {
    given(receipt({ amount: 10000, totalAmount: 14792 }), movement({ iuv: IUV, amount: 14792 })).with(NOTIFICATIONS_OFF).when(payment()).then.exactly('RT_TES');
  });

  it('holds when the punctual riversamento came in two movements', () => {
    given(receipt(), movement({ iuv: IUV, movementId: 'A', amount: 10000 }), movement({ iuv: IUV, movementId: 'B', amount: 4792 }))
      .with(NOTIFICATIONS_OFF)
      .when(payment())
      .then.has('RT_TES', 'RT total 147.92 = treasury by IUV 147.92');
  });

  it('does not hold once an FR reports the payment', () => {
    given(receipt(), reportingFlow([row()]), movement({ iuv: IUV })).with(NOTIFICATIONS_OFF).when(payment()).then.hasNot('RT_TES');
  });

  it('does not hold when the punctual movement is 1 cent short', () => {
    given(receipt(), movement({ iuv: IUV, amount: AMOUNT - 1 })).with(NOTIFICATIONS_OFF).when(payment()).then.hasNot('RT_TES');
  });

  it('does not hold for an ente that loads no treasury: the payment is simply not reported', () => {
    given(receipt(), movement({ iuv: IUV })).with(ALL_OFF).when(payment()).then.exactly('RT_NO_IUF');
  });
});

describe('RT_NO_IUF: RT present, no treasury by IUV, and no FR row or an FR row of another amount', () => {
  it('holds for a receipt nobody reported', () => {
    given(receipt()).with(NOTIFICATIONS_OFF).when(payment()).then.has('RT_NO_IUF', 'is in no FR and no treasury movement cites its IUV');
  });

  it('holds for a receipt reported with another amount, naming both amounts', () => {
    const c = given(receipt(), reportingFlow([row({ amount: 14700 })])).with(NOTIFICATIONS_OFF).when(payment()).then.has('RT_NO_IUF', 'RT amount 147.92 ≠ FR row amount 147.00');
    expect(c.view).toBe('anomalie');
    expect(c.evidence.frRows).toHaveLength(1);
  });

  it('does not hold when a punctual movement cites the IUV', () => {
    given(receipt(), movement({ iuv: IUV })).with(NOTIFICATIONS_OFF).when(payment()).then.hasNot('RT_NO_IUF');
  });

  it('does not hold when an FR row matches', () => {
    given(receipt(), reportingFlow([row()])).with(NOTIFICATIONS_OFF).when(payment()).then.hasNot('RT_NO_IUF');
  });
});

describe('RT_NO_IUD: RT present, no notification (only where notifications are on)', () => {
  it('holds for a receipt whose IUD was never notified', () => {
    given(receipt(), reportingFlow([row()])).with(TREASURY_OFF).when(payment()).then.has('RT_NO_IUD', `no notification of IUD ${IUD}`);
  });

  it('holds for a receipt that carries no IUD at all', () => {
    given(notification(), receipt({ iud: undefined })).with(TREASURY_OFF).when(payment()).then.has('RT_NO_IUD', 'carries no IUD');
  });

  it('does not hold where notifications are off', () => {
    given(receipt()).with(ALL_OFF).when(payment()).then.hasNot('RT_NO_IUD');
  });

  it('does not hold once the notification arrives, whatever its amount', () => {
    given(receipt(), notification({ amount: 1 })).with(TREASURY_OFF).when(payment()).then.hasNot('RT_NO_IUD');
  });

  it('does not link a notification of another ente with the same IUD', () => {
    given(receipt(), notification({ codIpa: 'C_OTHER' })).with(TREASURY_OFF).when(payment()).then.has('RT_NO_IUD');
  });
});

describe('IUD_NO_RT: notified, and no RT or an RT of another amount', () => {
  it('holds for a notification no receipt carries; it is filed under the IUD', () => {
    const c = given(notification()).with(TREASURY_OFF).when(notified()).then.has('IUD_NO_RT', `IUD ${IUD} notified as paid (147.92) but no positive RT carries it`);
    expect(c.evidence.notification).toEqual({ iud: IUD, iuv: IUV, amount: AMOUNT });
  });

  it('holds on the payment when the RT carrying the IUD is of another amount, and the IUD has no code of its own', () => {
    const g = given(notification(), receipt({ amount: AMOUNT + 1 })).with(TREASURY_OFF);
    g.when(payment()).then.has('IUD_NO_RT', 'notified amount 147.92 ≠ RT amount 147.93');
    g.when(notified()).then.exactly();
  });

  it('still holds when the only receipt is negative (KO receipts take no part)', () => {
    given(notification(), receipt({ outcome: 'KO' })).with(TREASURY_OFF).when(notified()).then.exactly('IUD_NO_RT');
  });

  it('does not hold once an RT of the same amount carries the IUD', () => {
    const g = given(notification(), receipt()).with(TREASURY_OFF);
    g.when(notified()).then.exactly();
    g.when(payment()).then.hasNot('IUD_NO_RT');
  });

  it('does not hold where notifications are off', () => {
    given(notification()).with(NOTIFICATIONS_OFF).when(notified()).then.exactly();
  });
});

describe('IUV_NO_RT: FR row present, no RT', () => {
  it('holds for a reported payment with no receipt', () => {
    given(reportingFlow([row()])).with(ALL_OFF).when(payment()).then.has('IUV_NO_RT', `FR ${IUF} row 1 reports IUV ${IUV} IUR ${IUR}`);
  });

  it('holds when the only receipt is negative', () => {
    given(reportingFlow([row()]), receipt({ outcome: 'KO' })).with(ALL_OFF).when(payment()).then.exactly('IUV_NO_RT');
  });

  it('does not hold once the receipt arrives', () => {
    given(reportingFlow([row()]), receipt()).with(ALL_OFF).when(payment()).then.exactly('RT_IUF');
  });

  it('does not hold for a row with esito 3', () => {
    given(reportingFlow([row({ esito: '3' })])).with(ALL_OFF).when(payment()).then.exactly();
  });

  it('does not hold when the receipt is for another transfer of the IUV', () => {
    given(reportingFlow([row()]), receipt({ transferIndex: 2 })).with(ALL_OFF).when(payment()).then.exactly('IUV_NO_RT');
  });
});

describe('DOPPI: the same IUV reported twice, once with esito 0 and once with esito 9', () => {
  const doubled = [
    receipt(),
    reportingFlow([row({ esito: '0' })]),
    reportingFlow([row({ iur: 'IUR-STANDIN', esito: '9' })], { iuf: OTHER_IUF }),
  ];

  it('holds on both keys, each naming the two reports', () => {
    const g = given(...doubled).with(ALL_OFF);
    const c = g.when(payment()).then.has('DOPPI', `IUV ${IUV} reported with esito 0 (FR ${IUF} row 1, IUR ${IUR}, 147.92) and with esito 9 (FR ${OTHER_IUF} row 1, IUR IUR-STANDIN, 147.92)`);
    expect(c.evidence.frRows?.map((r) => r.esito)).toEqual(['0', '9']);
    g.when(payment({ iur: 'IUR-STANDIN' })).then.exactly('IUV_NO_RT', 'DOPPI');
  });

  it('does not hold for esito 0 and esito 8 (a stand-in, not a payment without RPT)', () => {
    given(receipt(), reportingFlow([row()]), reportingFlow([row({ iur: 'IUR-STANDIN', esito: '8' })], { iuf: OTHER_IUF }))
      .with(ALL_OFF)
      .when(payment())
      .then.hasNot('DOPPI');
  });

  it('does not hold for esito 0 and esito 9 on two different IUVs', () => {
    given(receipt(), reportingFlow([row()]), reportingFlow([row({ iuv: '02000000000000155', esito: '9' })], { iuf: OTHER_IUF }))
      .with(ALL_OFF)
      .when(payment())
      .then.hasNot('DOPPI');
  });

  it('disappears when a new revision of the FR withdraws the esito 9 row', () => {
    const revised = reportingFlow([row({ iuv: '02000000000000155', iur: 'IUR-X' })], { iuf: OTHER_IUF, revision: 2 });
    given(...doubled, revised).with(ALL_OFF).when(payment()).then.exactly('RT_IUF');
  });
});

describe('classifyPayment on its own inputs', () => {
  const fr = { iuf: IUF, totalAmount: AMOUNT };
  const rt = receipt().data as Parameters<typeof classifyPayment>[0]['rt'];

  it('ignores a KO receipt passed in', () => {
    const codes = classifyPayment({ rt: { ...rt!, outcome: 'KO' }, frRows: [{ row: row(), flow: flowTreasuryFact(fr, []) }] }, ALL_OFF).map((c) => c.code);
    expect(codes).toEqual(['IUV_NO_RT']);
  });

  it('returns the codes in MyPivot order, each once, even for a row reported many times', () => {
    const rows = Array.from({ length: 12 }, () => ({ row: row(), flow: flowTreasuryFact(fr, [{ movementId: 'M', amount: AMOUNT }]) }));
    const codes = classifyPayment({ rt, frRows: rows }, NOTIFICATIONS_OFF).map((c) => c.code);
    expect(codes).toEqual(['RT_IUF_TES', 'RT_IUF']);
  });

  it('with every switch on, a fully matched payment carries exactly the four positive codes', () => {
    const n = notification().data as Parameters<typeof classifyPayment>[0]['notification'];
    const codes = classifyPayment({ rt, notification: n, frRows: [{ row: row(), flow: flowTreasuryFact(fr, [{ movementId: 'M', amount: AMOUNT }]) }] }, ALL_ON).map((c) => c.code);
    expect(codes).toEqual(['IUD_RT_IUF_TES', 'IUD_RT_IUF', 'RT_IUF_TES', 'RT_IUF']);
  });
});
