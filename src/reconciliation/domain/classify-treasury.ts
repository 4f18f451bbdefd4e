import { isCodeEnabled, type ReconciliationContext } from './classification-codes';
import { classification, eur, type Classification } from './classification';
import type { TreasuryMovement } from './sources';

export interface TreasuryLookups {
  /** An FR with this IUF was received for the ente. */
  frExists(iuf: string): boolean;
  /** A positive RT or a notification names this IUV. */
  rtOrNotificationExistsForIuv(iuv: string): boolean;
}

/**
 * What a movement cites. The causale carries either the IUF of a cumulative riversamento or the IUV
 * of a punctual one; should a parser ever find both, the IUF wins, so a movement is counted once.
 */
export type MovementReference = { readonly by: 'IUF'; readonly iuf: string } | { readonly by: 'IUV'; readonly iuv: string } | { readonly by: 'none' };

export function movementReference(m: Pick<TreasuryMovement, 'iuf' | 'iuv'>): MovementReference {
  if (m.iuf !== undefined && m.iuf.trim() !== '') return { by: 'IUF', iuf: m.iuf };
  if (m.iuv !== undefined && m.iuv.trim() !== '') return { by: 'IUV', iuv: m.iuv };
  return { by: 'none' };
}

/** TES_NO_MATCH and TES_NO_IUF_OR_IUV: the codes of a treasury movement on its own. Both are TES codes. */
export function classifyTreasury(movement: TreasuryMovement, ctx: ReconciliationContext, lookups: TreasuryLookups): Classification[] {
  const reference = movementReference(movement);
  const evidence = {
    movement: { movementId: movement.movementId, amount: movement.amount, iuf: movement.iuf, iuv: movement.iuv, causale: movement.causale },
  };
  // DESIGN TES_NO_MATCH: "treasury movement with neither IUF nor IUV in its causale".
  if (reference.by === 'none') {
    return isCodeEnabled('TES_NO_MATCH', ctx)
      ? [classification('TES_NO_MATCH', evidence, `movement ${movement.movementId} (${eur(movement.amount)}) cites neither an IUF nor an IUV in its causale "${movement.causale}"`)]
      : [];
  }
  // DESIGN TES_NO_IUF_OR_IUV: "treasury movement with an IUF or IUV that matches no FR, RT or notification".
  if (!isCodeEnabled('TES_NO_IUF_OR_IUV', ctx)) return [];
  if (reference.by === 'IUF' && !lookups.frExists(reference.iuf)) {
    return [classification('TES_NO_IUF_OR_IUV', evidence, `movement ${movement.movementId} (${eur(movement.amount)}) cites IUF ${reference.iuf}, but no FR with that IUF was received`)];
  }
  if (reference.by === 'IUV' && !lookups.rtOrNotificationExistsForIuv(reference.iuv)) {
    return [
      classification('TES_NO_IUF_OR_IUV', evidence, `movement ${movement.movementId} (${eur(movement.amount)}) cites IUV ${reference.iuv}, but no positive RT or notification names that IUV`),
    ];
  }
  return [];
}
