import type { AccertamentoPayment } from '../../src/accertamenti/domain/accertamento.events';
import { DomainError, invalid } from '../../src/kernel/errors';
import { centsToEuros } from '../../src/kernel/money';
import type { Filter, ReadStore } from '../../src/read-store/read-store.port';
import { positionKey } from '../common/position-events';
import { optionalText, parsePage, rejectUnknownParams, type Page, type PageParams } from '../common/query-params';
import { romeDayStartUtc } from '../common/rome-time';
import type { PositionDoc } from '../positions/positions.document';
import { POSITIONS_COLLECTION } from '../positions/positions.read-model';
import { ACCERTAMENTI, ACCERTAMENTO_PAYMENTS, accertamentoKey, type AccertamentoDoc, type AccertamentoPaymentDoc } from './accertamenti.read-model';

const STATI = ['APERTO', 'CHIUSO', 'ANNULLATO'] as const;
/** An ente has tens or hundreds of accertamenti a year; past this a filter is missing. */
const MAX_SCAN = 20_000;

export interface AccertamentoSearch extends PageParams {
  anno?: string | number;
  tipoDovuto?: string;
  stato?: string;
  /** Words of the id or the description, any case. */
  text?: string;
}

export interface SplitView {
  codUfficio: string;
  codCapitolo: string;
  codAccertamento?: string;
  importo: string;
}

export interface AccertamentoPaymentView extends Omit<AccertamentoPayment, 'importo' | 'splits'> {
  importo: string;
  splits: SplitView[];
}

export interface AccertamentoSummary {
  id: string;
  codIpa: string;
  codTipoDovuto: string;
  anno: number;
  descrizione: string;
  stato: AccertamentoDoc['stato'];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  cancelledAt?: string;
  motivoAnnullamento?: string;
  numeroPagamenti: number;
  /** Euros. */
  totale: string;
  lastPosition: string;
}

export interface AccertamentoView extends AccertamentoSummary {
  pagamenti: AccertamentoPaymentView[];
}

export function parseAnno(value: unknown, field = 'anno'): number | undefined {
  const text = optionalText(typeof value === 'number' ? String(value) : value, field, 4);
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) throw invalid('INVALID_ANNO', field, `${field} "${text}" must be a four-digit budget year, e.g. 2024`);
  return Number(text);
}

const paymentView = (p: AccertamentoPayment): AccertamentoPaymentView => ({
  ...p,
  importo: centsToEuros(p.importo),
  splits: p.splits.map((s) => ({ ...s, importo: centsToEuros(s.importo) })),
});

function summary(doc: AccertamentoDoc): AccertamentoSummary {
  return {
    id: doc.accertamentoId,
    codIpa: doc.codIpa,
    codTipoDovuto: doc.codTipoDovuto,
    anno: doc.anno,
    descrizione: doc.descrizione,
    stato: doc.stato,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    ...(doc.closedAt !== undefined && { closedAt: doc.closedAt }),
    ...(doc.cancelledAt !== undefined && { cancelledAt: doc.cancelledAt }),
    ...(doc.motivoAnnullamento !== undefined && { motivoAnnullamento: doc.motivoAnnullamento }),
    numeroPagamenti: doc.numeroPagamenti,
    totale: centsToEuros(doc.totale),
    lastPosition: doc.lastPosition,
  };
}

/** The accertamenti of an ente, newest first, filtered by year, tipo dovuto, state and words of id or description. */
export async function listAccertamenti(store: ReadStore, codIpa: string, params: AccertamentoSearch = {}): Promise<Page<AccertamentoSummary>> {
  rejectUnknownParams(params, ['anno', 'tipoDovuto', 'stato', 'text', 'page', 'pageSize']);
  const { page, pageSize, skip } = parsePage(params);
  const filter: Filter = { codIpa };
  const anno = parseAnno(params.anno);
  if (anno !== undefined) filter.anno = anno;
  const tipo = optionalText(params.tipoDovuto, 'tipoDovuto', 64);
  if (tipo !== undefined) filter.codTipoDovuto = tipo;
  const stato = optionalText(params.stato, 'stato', 20)?.toUpperCase();
  if (stato !== undefined) {
    if (!(STATI as readonly string[]).includes(stato)) throw invalid('INVALID_FILTER', 'stato', `stato "${params.stato}" must be one of ${STATI.join(', ')}`);
    filter.stato = stato;
  }
  const words = (optionalText(params.text, 'text', 100) ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    const found = await store.find<AccertamentoDoc>(ACCERTAMENTI, { filter, sort: [['createdAt', -1]], skip, limit: pageSize, count: true });
    return { items: found.items.map(summary), page, pageSize, total: found.total ?? 0 };
  }
  // Free text has no index: narrow by the other filters, then match words in memory.
  const { items } = await store.find<AccertamentoDoc>(ACCERTAMENTI, { filter, sort: [['createdAt', -1]], limit: MAX_SCAN });
  const matching = items.filter((d) => words.every((w) => d.searchText.includes(w)));
  return { items: matching.slice(skip, skip + pageSize).map(summary), page, pageSize, total: matching.length };
}

export async function getAccertamento(store: ReadStore, codIpa: string, id: string): Promise<AccertamentoView | undefined> {
  const doc = await store.get<AccertamentoDoc>(ACCERTAMENTI, accertamentoKey(codIpa, id));
  return doc && { ...summary(doc), pagamenti: doc.pagamenti.map(paymentView) };
}

/** The closed accertamento holding this payment, other than `except`; undefined when there is none. */
export async function closedAccertamentoOf(store: ReadStore, codIpa: string, iud: string, except?: string): Promise<string | undefined> {
  const { items } = await store.find<AccertamentoPaymentDoc>(ACCERTAMENTO_PAYMENTS, { filter: { paymentKey: positionKey(codIpa, iud), chiuso: true }, limit: 10 });
  return items.find((d) => d.accertamentoId !== except)?.accertamentoId;
}

/** Of these payments, those in a closed accertamento other than `except`, with that accertamento. */
export async function closedElsewhere(store: ReadStore, paymentKeys: readonly string[], except: string): Promise<{ paymentKey: string; accertamentoId: string }[]> {
  const out: { paymentKey: string; accertamentoId: string }[] = [];
  for (let i = 0; i < paymentKeys.length; i += 200) {
    const chunk = paymentKeys.slice(i, i + 200);
    const { items } = await store.find<AccertamentoPaymentDoc>(ACCERTAMENTO_PAYMENTS, { filter: { paymentKey: { $in: chunk }, chiuso: true } });
    for (const d of items) if (d.accertamentoId !== except) out.push({ paymentKey: d.paymentKey, accertamentoId: d.accertamentoId });
  }
  return out;
}

export interface AvailablePaymentsParams extends PageParams {
  /** Year of the payment (data esito, Italian calendar). */
  anno?: string | number;
  tipoDovuto?: string;
  /** 'true': also paid payments not yet reported or cashed (MyPivot's default shows only reported and cashed ones). */
  tutti?: string | boolean;
}

export interface AvailablePayment {
  iud: string;
  iuv: string;
  tipoDovuto: string;
  stato: PositionDoc['stato'];
  importo: string;
  paidAt?: string;
  reported: boolean;
  cashed: boolean;
  /** The position's bilancio: the pre-filled split. */
  bilancio?: { codCapitolo: string; codUfficio?: string; codAccertamento?: string; importo: string }[];
  /** An open accertamento already holding it, if any (it may still be moved). */
  inAccertamentiAperti: string[];
}

const PAID_STATES = ['paid', 'reported', 'cashed', 'reconciled'];
/** Past this many candidates the operator must narrow by tipo dovuto or year. */
const MAX_CANDIDATES = 100_000;
const CHUNK = 1000;

/**
 * Paid payments of an ente that can still be assessed: paid (by default also reported and cashed), not assessed and
 * not in a closed accertamento. From the positions read model, joined with this one.
 */
export async function availablePayments(store: ReadStore, codIpa: string, params: AvailablePaymentsParams = {}): Promise<Page<AvailablePayment>> {
  rejectUnknownParams(params, ['anno', 'tipoDovuto', 'tutti', 'page', 'pageSize']);
  const { page, pageSize, skip } = parsePage(params);
  const filter: Filter = { codIpa, stato: { $in: PAID_STATES } };
  const tipo = optionalText(params.tipoDovuto, 'tipoDovuto', 64);
  if (tipo !== undefined) filter.tipoDovuto = tipo;
  const anno = parseAnno(params.anno);
  if (anno !== undefined) filter.paidAt = { $gte: romeDayStartUtc(`${anno}-01-01`), $lt: romeDayStartUtc(`${anno + 1}-01-01`) };
  const tutti = params.tutti === true || params.tutti === 'true';
  if (params.tutti !== undefined && typeof params.tutti !== 'boolean' && !['true', 'false'].includes(String(params.tutti)))
    throw invalid('INVALID_FILTER', 'tutti', 'tutti must be true or false');

  const { items: open } = await store.find<AccertamentoPaymentDoc>(ACCERTAMENTO_PAYMENTS, { filter: { codIpa, chiuso: false } });
  const { items: closed } = await store.find<AccertamentoPaymentDoc>(ACCERTAMENTO_PAYMENTS, { filter: { codIpa, chiuso: true } });
  const closedKeys = new Set(closed.map((d) => d.paymentKey));
  const { items: aperti } = await store.find<AccertamentoDoc>(ACCERTAMENTI, { filter: { codIpa, stato: 'APERTO' } });
  const apertiIds = new Set(aperti.map((a) => a.accertamentoId));
  const openBy = new Map<string, string[]>();
  // Payments of a cancelled accertamento keep chiuso false; only the open ones are worth showing.
  for (const d of open) if (apertiIds.has(d.accertamentoId)) openBy.set(d.paymentKey, [...(openBy.get(d.paymentKey) ?? []), d.accertamentoId]);

  const matching: PositionDoc[] = [];
  for (let offset = 0; ; offset += CHUNK) {
    const { items } = await store.find<PositionDoc>(POSITIONS_COLLECTION, { filter, sort: [['paidAt', 1]], skip: offset, limit: CHUNK });
    for (const d of items) if (!d.assessed && !closedKeys.has(d.id) && (tutti || (d.reported && d.cashed))) matching.push(d);
    if (items.length < CHUNK) break;
    if (offset + CHUNK >= MAX_CANDIDATES)
      throw new DomainError('RESULT_TOO_LARGE', `more than ${MAX_CANDIDATES} paid payments match: filter by tipoDovuto and anno`, 'too_large', 'anno');
  }
  const items = matching.slice(skip, skip + pageSize).map(
    (d): AvailablePayment => ({
      iud: d.iud,
      iuv: d.iuv,
      tipoDovuto: d.tipoDovuto,
      stato: d.stato,
      importo: centsToEuros(d.importo),
      ...(d.paidAt !== undefined && { paidAt: d.paidAt }),
      reported: d.reported,
      cashed: d.cashed,
      ...(d.bilancio && { bilancio: d.bilancio.capitoli.map((c) => ({ ...c, importo: centsToEuros(c.importo) })) }),
      inAccertamentiAperti: openBy.get(d.id) ?? [],
    }),
  );
  return { items, page, pageSize, total: matching.length };
}
