/**
 * MyPivot's 14 classification codes (DESIGN "Reconciliation classes"). MyPivot shows them in two
 * views: "riconciliazione" (payments whose sources agree) and "anomalie" (what an operator must look at).
 */
export const CLASSIFICATION_CODES = [
  'IUD_RT_IUF_TES',
  'IUD_RT_IUF',
  'RT_IUF_TES',
  'RT_IUF',
  'RT_TES',
  'RT_NO_IUF',
  'RT_NO_IUD',
  'IUD_NO_RT',
  'IUV_NO_RT',
  'IUF_NO_TES',
  'IUF_TES_DIV_IMP',
  'TES_NO_IUF_OR_IUV',
  'TES_NO_MATCH',
  'DOPPI',
] as const;

export type ClassificationCode = (typeof CLASSIFICATION_CODES)[number];

/** The "riconciliazione" view of MyPivot (TIPO_VISUALIZZAZIONE R). */
export const POSITIVE_CODES: ReadonlySet<ClassificationCode> = new Set<ClassificationCode>(['IUD_RT_IUF_TES', 'IUD_RT_IUF', 'RT_IUF_TES', 'RT_IUF', 'RT_TES']);

/** The "anomalie" view of MyPivot (TIPO_VISUALIZZAZIONE A). */
export const NEGATIVE_CODES: ReadonlySet<ClassificationCode> = new Set<ClassificationCode>([
  'RT_NO_IUF',
  'RT_NO_IUD',
  'IUD_NO_RT',
  'IUV_NO_RT',
  'IUF_NO_TES',
  'IUF_TES_DIV_IMP',
  'TES_NO_IUF_OR_IUV',
  'TES_NO_MATCH',
  'DOPPI',
]);

export type ClassificationView = 'riconciliazione' | 'anomalie';
export const viewOf = (code: ClassificationCode): ClassificationView => (POSITIVE_CODES.has(code) ? 'riconciliazione' : 'anomalie');
export const isPositive = (code: ClassificationCode): boolean => POSITIVE_CODES.has(code);

/** The labels MyPivot shows operators. */
export const CLASSIFICATION_LABELS: Readonly<Record<ClassificationCode, string>> = {
  IUD_RT_IUF_TES: 'Pagamenti notificati',
  IUD_RT_IUF: 'Pagamenti notificati e riconciliati',
  RT_IUF_TES: 'Pagamenti riversati cumulativamente',
  RT_IUF: 'Pagamenti rendicontati',
  RT_TES: 'Pagamenti riversati puntualmente',
  RT_NO_IUF: 'Pagamenti non correttamente rendicontati',
  RT_NO_IUD: 'Pagamenti non correttamente notificati',
  IUD_NO_RT: 'Notifiche di pagamenti non eseguiti',
  IUV_NO_RT: 'Rendicontazioni di pagamenti non eseguiti',
  IUF_NO_TES: 'Rendicontazioni non correttamente riversate',
  IUF_TES_DIV_IMP: 'Rendicontazioni riversate con importo scorretto',
  TES_NO_IUF_OR_IUV: 'Riversamenti non rendicontati o di pagamenti non eseguiti',
  TES_NO_MATCH: 'Riversamenti di tesoreria sconosciuti',
  DOPPI: 'Pagamenti doppi',
};

/** Per-ente switches: MyPivot's flgPagati and flgTesoreria. */
export interface ReconciliationContext {
  readonly notificationsEnabled: boolean;
  readonly treasuryLoaded: boolean;
}

/**
 * DESIGN: "Codes with IUD apply only to enti with notifications on; codes with TES only to enti
 * that load treasury data." Read off the code's name, so the rule cannot drift from the table.
 */
export function isCodeEnabled(code: ClassificationCode, ctx: ReconciliationContext): boolean {
  const uses = USES.get(code) ?? usesOf(code);
  return (ctx.notificationsEnabled || !uses.iud) && (ctx.treasuryLoaded || !uses.tes);
}

function usesOf(code: string): { iud: boolean; tes: boolean } {
  const parts = code.split('_');
  return { iud: parts.includes('IUD'), tes: parts.includes('TES') };
}

/** usesOf each code, worked out once: the engine asks for every payment it classifies. */
const USES = new Map<string, { iud: boolean; tes: boolean }>(CLASSIFICATION_CODES.map((c) => [c, usesOf(c)]));

/** The codes an ente can see, in MyPivot's order: what a filter drop-down offers. */
export const enabledCodes = (ctx: ReconciliationContext): ClassificationCode[] => CLASSIFICATION_CODES.filter((c) => isCodeEnabled(c, ctx));

const ORDER = new Map<ClassificationCode, number>(CLASSIFICATION_CODES.map((c, i) => [c, i]));
export const compareCodes = (a: ClassificationCode, b: ClassificationCode): number => ORDER.get(a)! - ORDER.get(b)!;

/**
 * The positive codes that close a payment for an ente: every source it uses agrees (the notification where
 * notifications are on, the treasury where it is loaded). Anything less leaves the position reported or cashed,
 * so "reconciled" on a dovuto means the same thing an operator sees in MyPivot's top class for that ente.
 */
export function completeCodes(ctx: ReconciliationContext): ClassificationCode[] {
  return enabledCodes(ctx).filter((c) => {
    const uses = USES.get(c)!;
    return isPositive(c) && uses.iud === ctx.notificationsEnabled && uses.tes === ctx.treasuryLoaded;
  });
}

/** completeCodes of each of the four contexts, worked out once: [notificationsEnabled][treasuryLoaded]. */
const COMPLETE: readonly (readonly ReadonlySet<string>[])[] = [false, true].map((notificationsEnabled) =>
  [false, true].map((treasuryLoaded) => new Set<string>(completeCodes({ notificationsEnabled, treasuryLoaded }))),
);

export const closesPayment = (codes: readonly string[], ctx: ReconciliationContext): boolean => {
  const complete = COMPLETE[Number(ctx.notificationsEnabled)]![Number(ctx.treasuryLoaded)]!;
  return codes.some((c) => complete.has(c));
};
