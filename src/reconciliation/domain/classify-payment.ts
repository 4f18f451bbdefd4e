import type { Cents } from '../../kernel/money';
import { isCodeEnabled, type ReconciliationContext } from './classification-codes';
import {
  byCodeOrder,
  classification,
  eur,
  sortMovements,
  sumAmounts,
  type Classification,
  type Evidence,
  type FrRowEvidence,
  type MovementAmount,
} from './classification';
import type { FlowTreasuryFact } from './classify-flow';
import type { FrRow, IudNotification, Receipt } from './sources';

/** An FR row of the payment, with the fact about its FR that the TES codes need. */
export interface ReportedRow {
  readonly row: FrRow;
  readonly flow: FlowTreasuryFact;
}

/**
 * Everything one payment key (ente + IUV + IUR + transfer index) is classified from. A notification
 * with no receipt at all is classified from this too, with `rt` absent.
 */
export interface PaymentInput {
  /** The current receipt of the key. One key is one collection (the IUR is unique), so one receipt. */
  readonly rt?: Receipt;
  /** The notification of the IUD the receipt carries. */
  readonly notification?: IudNotification;
  /** The key's rows in the current revision of every FR that reports it. */
  readonly frRows: readonly ReportedRow[];
  /** Punctual movements citing the key's IUV. */
  readonly treasuryByIuv?: readonly MovementAmount[];
  /** Every FR row of the key's IUV, whatever its IUR: a double payment has two IURs. Defaults to the key's own rows. */
  readonly iuvReports?: readonly FrRow[];
}

const rowEvidence = (r: FrRow): FrRowEvidence => ({
  iuf: r.iuf,
  rowIndex: r.rowIndex,
  iuv: r.iuv,
  iur: r.iur,
  transferIndex: r.transferIndex,
  amount: r.amount,
  esito: r.esito,
});
const compareRows = (a: FrRow, b: FrRow): number => (a.iuf < b.iuf ? -1 : a.iuf > b.iuf ? 1 : a.rowIndex - b.rowIndex);
const rowName = (r: FrRow): string => `FR ${r.iuf} row ${r.rowIndex}`;

/** The payment-level codes: IUD_RT_IUF_TES, IUD_RT_IUF, RT_IUF_TES, RT_IUF, RT_TES, RT_NO_IUF, RT_NO_IUD, IUD_NO_RT, IUV_NO_RT, DOPPI. */
export function classifyPayment(input: PaymentInput, ctx: ReconciliationContext): Classification[] {
  // DESIGN: KO receipts do not take part; FR rows with esito 3 take no part.
  const rt = input.rt?.outcome === 'OK' ? input.rt : undefined;
  const rows = input.frRows.filter((r) => r.row.esito !== '3').sort((a, b) => compareRows(a.row, b.row));
  // DESIGN: codes with IUD only where notifications are on, codes with TES only where treasury is loaded;
  // so a switched-off source is treated as absent rather than half-used.
  const notification = ctx.notificationsEnabled ? input.notification : undefined;
  const punctual = ctx.treasuryLoaded ? sortMovements(input.treasuryByIuv ?? []) : [];
  const punctualTotal: Cents = sumAmounts(punctual);

  const rtEv: Evidence['rt'] = rt && { iuv: rt.iuv, iur: rt.iur, transferIndex: rt.transferIndex, amount: rt.amount, totalAmount: rt.totalAmount };
  const notifEv: Evidence['notification'] = notification && {
    iud: notification.iud,
    ...(notification.iuv !== undefined ? { iuv: notification.iuv } : {}),
    amount: notification.amount,
  };
  const byIuv: Evidence['treasury'] = rt && punctual.length > 0 ? { by: 'IUV', reference: rt.iuv, total: punctualTotal, movements: punctual } : undefined;
  const byIuf = (f: FlowTreasuryFact): Evidence['treasury'] => ({ by: 'IUF', reference: f.iuf, total: f.treasuryTotal, movements: f.movements });

  const sameAmount = rt ? rows.filter((r) => r.row.amount === rt.amount) : [];
  const matched = sameAmount[0];
  const matchedAndCashed = ctx.treasuryLoaded ? sameAmount.find((r) => r.flow.matches) : undefined;
  const cashedPunctually = rt !== undefined && punctual.length > 0 && punctualTotal === rt.totalAmount;
  const notifiedAsPaid = rt !== undefined && notification !== undefined && notification.amount === rt.amount;

  const out: Classification[] = [];
  const add = (code: Classification['code'], evidence: Evidence, reason: string) => {
    if (isCodeEnabled(code, ctx)) out.push(classification(code, evidence, reason));
  };
  const notifVsRt = () => `notified amount ${eur(notification!.amount)} = RT amount ${eur(rt!.amount)}`;
  const rtVsRow = (r: ReportedRow) => `RT amount ${eur(rt!.amount)} = FR row amount ${eur(r.row.amount)} (${rowName(r.row)})`;
  const frVsTes = (f: FlowTreasuryFact) => `FR ${f.iuf} total ${eur(f.frTotal)} = treasury by IUF ${eur(f.treasuryTotal)}`;
  const rtVsTes = () => `RT total ${eur(rt!.totalAmount)} = treasury by IUV ${eur(punctualTotal)}`;

  // DESIGN IUD_RT_IUF_TES: "notified amount = RT amount, and either (RT = FR row amount and FR total =
  // treasury by IUF) or RT total = treasury by IUV".
  if (notifiedAsPaid && (matchedAndCashed || cashedPunctually)) {
    if (matchedAndCashed) {
      add(
        'IUD_RT_IUF_TES',
        { notification: notifEv, rt: rtEv, frRow: rowEvidence(matchedAndCashed.row), flow: flowEv(matchedAndCashed.flow), treasury: byIuf(matchedAndCashed.flow) },
        `${notifVsRt()}; ${rtVsRow(matchedAndCashed)}; ${frVsTes(matchedAndCashed.flow)}`,
      );
    } else {
      add('IUD_RT_IUF_TES', { notification: notifEv, rt: rtEv, treasury: byIuv }, `${notifVsRt()}; ${rtVsTes()}`);
    }
  }
  // DESIGN IUD_RT_IUF: "notified amount = RT amount = FR row amount".
  if (notifiedAsPaid && matched) {
    add('IUD_RT_IUF', { notification: notifEv, rt: rtEv, frRow: rowEvidence(matched.row) }, `${notifVsRt()} = FR row amount ${eur(matched.row.amount)} (${rowName(matched.row)})`);
  }
  // DESIGN RT_IUF_TES: "RT amount = FR row amount, and FR total = treasury by IUF".
  if (matchedAndCashed) {
    add(
      'RT_IUF_TES',
      { rt: rtEv, frRow: rowEvidence(matchedAndCashed.row), flow: flowEv(matchedAndCashed.flow), treasury: byIuf(matchedAndCashed.flow) },
      `${rtVsRow(matchedAndCashed)}; ${frVsTes(matchedAndCashed.flow)}`,
    );
  }
  // DESIGN RT_IUF: "RT amount = FR row amount".
  if (matched) add('RT_IUF', { rt: rtEv, frRow: rowEvidence(matched.row) }, rtVsRow(matched));
  // DESIGN RT_TES: "RT present, no FR row, RT total = treasury by IUV".
  if (rt && rows.length === 0 && cashedPunctually) {
    add('RT_TES', { rt: rtEv, treasury: byIuv }, `RT ${rt.iuv}/${rt.iur} is in no FR; ${rtVsTes()}`);
  }
  // DESIGN RT_NO_IUF: "RT present, no treasury by IUV, and no FR row or an FR row of another amount".
  if (rt && punctual.length === 0 && !matched) {
    if (rows.length === 0) {
      add('RT_NO_IUF', { rt: rtEv }, `RT ${rt.iuv}/${rt.iur} transfer ${rt.transferIndex} (amount ${eur(rt.amount)}) is in no FR and no treasury movement cites its IUV`);
    } else {
      add(
        'RT_NO_IUF',
        { rt: rtEv, frRows: rows.map((r) => rowEvidence(r.row)) },
        `RT amount ${eur(rt.amount)} ≠ ${rows.map((r) => `FR row amount ${eur(r.row.amount)} (${rowName(r.row)})`).join(', ')}; no treasury movement cites IUV ${rt.iuv}`,
      );
    }
  }
  // DESIGN RT_NO_IUD: "RT present, no notification (only where notifications are on)".
  if (rt && !notification) {
    add(
      'RT_NO_IUD',
      { rt: rtEv },
      rt.iud === undefined
        ? `RT ${rt.iuv}/${rt.iur} carries no IUD, so no notification can match it`
        : `no notification of IUD ${rt.iud} for RT ${rt.iuv}/${rt.iur} (amount ${eur(rt.amount)})`,
    );
  }
  // DESIGN IUD_NO_RT: "notified, and no RT or an RT of another amount".
  if (notification && !notifiedAsPaid) {
    add(
      'IUD_NO_RT',
      rtEv ? { notification: notifEv, rt: rtEv } : { notification: notifEv },
      rt
        ? `notified amount ${eur(notification.amount)} ≠ RT amount ${eur(rt.amount)} (IUD ${notification.iud}, RT ${rt.iuv}/${rt.iur})`
        : `IUD ${notification.iud} notified as paid (${eur(notification.amount)}) but no positive RT carries it`,
    );
  }
  // DESIGN IUV_NO_RT: "FR row present, no RT".
  if (!rt && rows.length > 0) {
    const r = rows[0].row;
    add(
      'IUV_NO_RT',
      rows.length > 1 ? { frRow: rowEvidence(r), frRows: rows.map((x) => rowEvidence(x.row)) } : { frRow: rowEvidence(r) },
      `${rowName(r)} reports IUV ${r.iuv} IUR ${r.iur} transfer ${r.transferIndex} (${eur(r.amount)}, esito ${r.esito}) but there is no positive RT for it`,
    );
  }
  // DESIGN DOPPI: "the same IUV reported twice, once with esito 0 and once with esito 9". Shown on
  // every key of that IUV that is itself reported with esito 0 or 9.
  const iuvReports = (input.iuvReports ?? rows.map((r) => r.row)).filter((r) => r.esito !== '3');
  const paid = iuvReports.filter((r) => r.esito === '0').sort(compareRows);
  const paidWithoutRpt = iuvReports.filter((r) => r.esito === '9').sort(compareRows);
  if (paid.length > 0 && paidWithoutRpt.length > 0 && rows.some((r) => r.row.esito === '0' || r.row.esito === '9')) {
    const [a, b] = [paid[0], paidWithoutRpt[0]];
    add(
      'DOPPI',
      { frRows: [...paid, ...paidWithoutRpt].map(rowEvidence) },
      `IUV ${a.iuv} reported with esito 0 (${rowName(a)}, IUR ${a.iur}, ${eur(a.amount)}) and with esito 9 (${rowName(b)}, IUR ${b.iur}, ${eur(b.amount)})`,
    );
  }
  return byCodeOrder(out);
}

const flowEv = (f: FlowTreasuryFact): Evidence['flow'] => ({ iuf: f.iuf, totalAmount: f.frTotal });
