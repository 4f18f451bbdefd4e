/**
 * Given/when/then for the reconciliation engine, used by the specs only:
 *   given(receipt(), reportingFlow([row()])).when(payment()).then.has('RT_IUF')
 * Defaults describe one 147.92 payment of ente C_TEST that every source agrees on; a test overrides
 * only what its rule is about.
 */
import type { ClassificationCode, ReconciliationContext } from './classification-codes';
import type { Classification } from './classification';
import { InMemoryReconciliationState } from './in-memory-state';
import { iudKey, iufKey, paymentKey, treasuryKey, type DocRef } from './keys';
import type { FrHeader, FrRow, IudNotification, Receipt, ReconciliationSource, TreasuryMovement } from './sources';

export const ENTE = 'C_TEST';
export const IUV = '01000000000000144';
export const IUR = 'IUR-0001';
export const IUD = 'TARI-2025-0001';
export const IUF = '2025-03-18PSPTEST01-S0001';
export const AMOUNT = 14792;

export const ALL_ON: ReconciliationContext = { notificationsEnabled: true, treasuryLoaded: true };
export const NOTIFICATIONS_OFF: ReconciliationContext = { notificationsEnabled: false, treasuryLoaded: true };
export const TREASURY_OFF: ReconciliationContext = { notificationsEnabled: true, treasuryLoaded: false };
export const ALL_OFF: ReconciliationContext = { notificationsEnabled: false, treasuryLoaded: false };

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${String(++seq).padStart(4, '0')}`;
const T0 = '2025-03-20T10:00:00Z';

type Meta = { id?: string; recordedAt?: string };

export function receipt(over: Partial<Receipt> & Meta = {}): ReconciliationSource {
  const { id, recordedAt, ...data } = over;
  const amount = data.amount ?? AMOUNT;
  return {
    type: 'receipt',
    id: id ?? nextId('rt'),
    recordedAt: recordedAt ?? T0,
    data: {
      codIpa: ENTE,
      iuv: IUV,
      iur: IUR,
      transferIndex: 1,
      totalAmount: amount,
      iud: IUD,
      outcome: 'OK',
      dataEsito: '2025-03-17',
      attestante: 'PSP TEST',
      ...data,
      amount,
    },
  };
}

export function notification(over: Partial<IudNotification> & Meta = {}): ReconciliationSource {
  const { id, recordedAt, ...data } = over;
  return {
    type: 'notification',
    id: id ?? nextId('iud'),
    recordedAt: recordedAt ?? T0,
    data: { codIpa: ENTE, iud: IUD, iuv: IUV, amount: AMOUNT, dataPagamento: '2025-03-17', ...data },
  };
}

export function row(over: Partial<FrRow> = {}): FrRow {
  return { iuf: IUF, rowIndex: 1, iuv: IUV, iur: IUR, transferIndex: 1, amount: AMOUNT, esito: '0', dataEsito: '2025-03-17', ...over };
}

/** An FR whose header total is the sum of its rows unless told otherwise; row indexes follow the order given. */
export function reportingFlow(
  rows: FrRow[],
  over: Partial<FrHeader> & Meta & { codIpa?: string } = {},
): ReconciliationSource {
  const { id, recordedAt, codIpa, ...header } = over;
  const iuf = header.iuf ?? IUF;
  const numbered = rows.map((r, i) => ({ ...r, iuf, rowIndex: i + 1 }));
  return {
    type: 'reportingFlow',
    id: id ?? nextId('fr'),
    recordedAt: recordedAt ?? T0,
    data: {
      codIpa: codIpa ?? ENTE,
      header: {
        iuf,
        idPSP: 'PSPTEST01',
        totalAmount: numbered.filter((r) => r.esito !== '3').reduce((s, r) => s + r.amount, 0),
        dataRegolamento: '2025-03-18',
        identificativoUnivocoRegolamento: 'Bonifico SEPA-0001',
        dataOraFlusso: '2025-03-18T08:00:00',
        ...header,
      },
      rows: numbered,
    },
  };
}

export function movement(over: Partial<TreasuryMovement> & Meta = {}): ReconciliationSource {
  const { id, recordedAt, ...data } = over;
  const causale = data.iuf ? `/PUR/LGPE-RIVERSAMENTO/URI/${data.iuf}` : data.iuv ? `/RFB/${data.iuv}/${data.amount ?? AMOUNT}/TXT/TARI` : 'BONIFICO DA CLIENTE';
  return {
    type: 'treasuryMovement',
    id: id ?? nextId('tes'),
    recordedAt: recordedAt ?? T0,
    data: { codIpa: ENTE, movementId: 'MOV-1', amount: AMOUNT, dataValuta: '2025-03-19', dataContabile: '2025-03-19', causale, ...data },
  };
}

export const payment = (over: { codIpa?: string; iuv?: string; iur?: string; transferIndex?: number } = {}): DocRef => ({
  kind: 'payment',
  key: paymentKey(over.codIpa ?? ENTE, over.iuv ?? IUV, over.iur ?? IUR, over.transferIndex ?? 1),
});
export const notified = (iud = IUD, codIpa = ENTE): DocRef => ({ kind: 'iud', key: iudKey(codIpa, iud) });
export const flowRef = (iuf = IUF, codIpa = ENTE): DocRef => ({ kind: 'flow', key: iufKey(codIpa, iuf) });
export const movementRef = (movementId = 'MOV-1', codIpa = ENTE): DocRef => ({ kind: 'movement', key: treasuryKey(codIpa, movementId) });

export interface Outcome {
  readonly classifications: Classification[];
  readonly codes: ClassificationCode[];
  /** Asserts the code is there (and its reason mentions `reasonIncludes`), returns it for more checks. */
  has(code: ClassificationCode, reasonIncludes?: string): Classification;
  hasNot(...codes: ClassificationCode[]): void;
  exactly(...codes: ClassificationCode[]): void;
}

export function given(...sources: ReconciliationSource[]) {
  const state = new InMemoryReconciliationState();
  for (const s of sources) state.apply(s);
  let ctx = ALL_ON;
  const scenario = {
    state,
    /** The ente's switches (default: notifications on, treasury loaded). */
    with(switches: ReconciliationContext) {
      ctx = switches;
      return scenario;
    },
    when(target: DocRef): { then: Outcome } {
      return { then: outcome(state.classify(target, ctx)) };
    },
  };
  return scenario;
}

function outcome(classifications: Classification[]): Outcome {
  const codes = classifications.map((c) => c.code);
  return {
    classifications,
    codes,
    has(code, reasonIncludes) {
      expect(codes).toContain(code);
      const found = classifications.find((c) => c.code === code)!;
      if (reasonIncludes !== undefined) expect(found.reason).toContain(reasonIncludes);
      return found;
    },
    hasNot(...absent) {
      for (const code of absent) expect(codes).not.toContain(code);
    },
    exactly(...expected) {
      expect([...codes].sort()).toEqual([...expected].sort());
    },
  };
}
