import type { Cents } from '../../kernel/money';
import { isCodeEnabled, type ReconciliationContext } from './classification-codes';
import { byCodeOrder, classification, eur, sortMovements, sumAmounts, type Classification, type MovementAmount } from './classification';
import type { FrHeader, FrRow } from './sources';

/**
 * "FR total = treasury by IUF": the FR-level fact that RT_IUF_TES and IUD_RT_IUF_TES need for each
 * of the FR's payments. Treasury by IUF is the sum of the movements whose causale cites the IUF
 * (a cumulative riversamento is normally one movement, but a bank may split it).
 */
export interface FlowTreasuryFact {
  readonly iuf: string;
  readonly frTotal: Cents;
  readonly treasuryTotal: Cents;
  readonly movements: readonly MovementAmount[];
  /** At least one movement cites the IUF and together they move exactly the FR total. */
  readonly matches: boolean;
}

export function flowTreasuryFact(header: Pick<FrHeader, 'iuf' | 'totalAmount'>, treasuryByIuf: readonly MovementAmount[]): FlowTreasuryFact {
  const movements = sortMovements(treasuryByIuf);
  const treasuryTotal = sumAmounts(movements);
  return { iuf: header.iuf, frTotal: header.totalAmount, treasuryTotal, movements, matches: movements.length > 0 && treasuryTotal === header.totalAmount };
}

export interface FlowInput {
  readonly header: FrHeader;
  readonly rows: readonly FrRow[];
  /** Movements citing this IUF (cumulative riversamento). */
  readonly treasuryByIuf: readonly MovementAmount[];
  /** Punctual movements citing the IUV of one of this FR's rows (rows with esito 3 take no part, so not theirs). */
  readonly treasuryByIuv?: readonly MovementAmount[];
}

/** IUF_NO_TES and IUF_TES_DIV_IMP: the codes of an FR as a whole. Both are TES codes. */
export function classifyFlow(fr: FlowInput, ctx: ReconciliationContext): Classification[] {
  const out: Classification[] = [];
  const fact = flowTreasuryFact(fr.header, fr.treasuryByIuf);
  const flow = { iuf: fr.header.iuf, totalAmount: fr.header.totalAmount };
  const punctual = sortMovements(fr.treasuryByIuv ?? []);

  // DESIGN IUF_NO_TES: "FR present, no treasury movement by IUF or IUV".
  if (isCodeEnabled('IUF_NO_TES', ctx) && fact.movements.length === 0 && punctual.length === 0) {
    out.push(
      classification(
        'IUF_NO_TES',
        { flow },
        `FR ${fr.header.iuf} (total ${eur(fr.header.totalAmount)}, ${fr.rows.length} rows) has no treasury movement citing its IUF or the IUV of any of its rows`,
      ),
    );
  }
  // DESIGN IUF_TES_DIV_IMP: "FR present, a treasury movement of another amount".
  if (isCodeEnabled('IUF_TES_DIV_IMP', ctx) && fact.movements.length > 0 && !fact.matches) {
    out.push(
      classification(
        'IUF_TES_DIV_IMP',
        { flow, treasury: { by: 'IUF', reference: fr.header.iuf, total: fact.treasuryTotal, movements: fact.movements } },
        `FR ${fr.header.iuf} total ${eur(fact.frTotal)} ≠ treasury by IUF ${eur(fact.treasuryTotal)} (${fact.movements.map((m) => `movement ${m.movementId} ${eur(m.amount)}`).join(', ')})`,
      ),
    );
  }
  return byCodeOrder(out);
}
