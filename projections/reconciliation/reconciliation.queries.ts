import { invalid } from '../../src/kernel/errors';
import { centsToEuros } from '../../src/kernel/money';
import type { Filter, FieldOperators, ReadStore } from '../../src/read-store/read-store.port';
import { CLASSIFICATION_CODES, CLASSIFICATION_LABELS, NEGATIVE_CODES, POSITIVE_CODES, type ClassificationCode } from '../../src/reconciliation/domain';
import { COUNTS_COLLECTION, countId, type CodeCount } from './reconciliation-counts';
import { checkRange, optionalCents, optionalDate, optionalText, parsePage, parseSort, rejectUnknownParams, type Page } from '../common/query-params';

export type ReconView = 'riconciliazione' | 'anomalie' | 'ricevute' | 'rendicontazioni' | 'tesoreria';

export const RECON_FILTERS = [
  'classificazione',
  'iud',
  'iuv',
  'iur',
  'nascosti',
  'codiceFiscalePagatore',
  'anagraficaPagatore',
  'codiceFiscaleVersante',
  'anagraficaVersante',
  'attestante',
  'ordinante',
  'iuf',
  'idRegolamento',
  'tipoDovuto',
  'conto',
  'importoTesoreria',
  'causale',
  'dataEsitoDa',
  'dataEsitoA',
  'dataRegolamentoDa',
  'dataRegolamentoA',
  'dataContabileDa',
  'dataContabileA',
  'dataValutaDa',
  'dataValutaA',
] as const;
const PAGING = ['page', 'pageSize', 'sort', 'minPosition', 'waitMs'];

export type ReconQueryParams = Partial<Record<(typeof RECON_FILTERS)[number] | 'page' | 'pageSize' | 'sort' | 'minPosition' | 'waitMs', string>>;

const SORTS: Record<string, string> = {
  dataEsito: 'dataEsito',
  dataRegolamento: 'dataRegolamento',
  dataContabile: 'dataContabile',
  dataValuta: 'dataValuta',
  importoRt: 'importoRt',
  importoTesoreria: 'importoTesoreria',
  iuv: 'iuv',
  iuf: 'iuf',
};
const DEFAULT_SORT: Record<ReconView, string> = {
  riconciliazione: '-dataEsito',
  anomalie: '-dataEsito',
  ricevute: '-dataEsito',
  rendicontazioni: '-dataRegolamento',
  tesoreria: '-dataContabile',
};
/** "contains" has no index behind it: a causale search reads at most this many rows of the other filters. */
export const CAUSALE_SCAN_LIMIT = 20_000;

/** The read-model filter of a view: ente scope first, then the operator's filters. */
export function reconFilter(view: ReconView, codIpa: string, params: ReconQueryParams): { collection: string; filter: Filter; causale?: string } {
  rejectUnknownParams(params, [...RECON_FILTERS, ...PAGING]);
  const filter: Filter = { codIpa };
  const codesView = view === 'riconciliazione' || view === 'anomalie';
  if (codesView) filter.view = view;
  if (view === 'ricevute') Object.assign(filter, { kind: 'payment', hasRt: true });
  if (view === 'rendicontazioni') Object.assign(filter, { kind: 'payment', hasFr: true });
  if (view === 'tesoreria') filter.kind = 'movement';

  const code = optionalText(params.classificazione, 'classificazione', 40);
  if (code !== undefined) {
    if (!(CLASSIFICATION_CODES as readonly string[]).includes(code)) throw invalid('INVALID_FILTER', 'classificazione', `classificazione "${code}" is none of ${CLASSIFICATION_CODES.join(', ')}`);
    const allowed = view === 'riconciliazione' ? POSITIVE_CODES : view === 'anomalie' ? NEGATIVE_CODES : undefined;
    if (allowed && !allowed.has(code as ClassificationCode)) throw invalid('INVALID_FILTER', 'classificazione', `${code} is not shown in ${view}: it belongs to ${view === 'anomalie' ? 'riconciliazione' : 'anomalie'}`);
    if (codesView) filter.classificazione = code;
    else filter.codes = { $prefix: '' }; // narrowed in memory below: codes is a list
  }
  const nascosti = params.nascosti ?? 'false';
  if (!['true', 'false', 'tutti'].includes(nascosti)) throw invalid('INVALID_FILTER', 'nascosti', 'nascosti must be true, false or tutti');
  if (nascosti === 'true') filter.hidden = true;
  if (nascosti === 'false') filter.hidden = false; // every row carries hidden: an equality the indexes serve

  for (const f of ['iud', 'iuv', 'iur', 'iuf', 'idRegolamento', 'tipoDovuto', 'conto', 'attestante', 'ordinante', 'anagraficaPagatore', 'anagraficaVersante'] as const) {
    const v = optionalText(params[f], f);
    if (v !== undefined) filter[f] = v;
  }
  for (const f of ['codiceFiscalePagatore', 'codiceFiscaleVersante'] as const) {
    const v = optionalText(params[f], f, 16);
    if (v !== undefined) filter[f] = v.toUpperCase();
  }
  const importo = optionalCents(params.importoTesoreria, 'importoTesoreria');
  if (importo !== undefined) filter.importoTesoreria = importo;
  for (const name of ['dataEsito', 'dataRegolamento', 'dataContabile', 'dataValuta'] as const) {
    const from = optionalDate(params[`${name}Da`], `${name}Da`);
    const to = optionalDate(params[`${name}A`], `${name}A`);
    checkRange(from, to, `${name}Da`, `${name}A`);
    const ops: FieldOperators = {};
    if (from) ops.$gte = from;
    if (to) ops.$lte = to;
    if (from || to) filter[name] = ops;
  }
  const causale = optionalText(params.causale, 'causale', 200);
  return { collection: codesView ? 'reconciliation' : 'recon_records', filter, ...(causale ? { causale } : {}) };
}

export async function queryView(store: ReadStore, view: ReconView, codIpa: string, params: ReconQueryParams): Promise<Page<Record<string, unknown>>> {
  const { collection, filter, causale } = reconFilter(view, codIpa, params);
  const { page, pageSize, skip } = parsePage(params);
  const sort = parseSort(params.sort, SORTS, DEFAULT_SORT[view]);
  const code = params.classificazione;
  const inMemory = causale !== undefined || (code !== undefined && collection === 'recon_records');
  if (!inMemory) {
    const stored = await storedTotal(store, view, filter);
    const r = await store.find<Record<string, unknown>>(collection, { filter, sort, skip, limit: pageSize, count: stored === undefined });
    const items = collection === 'reconciliation' ? await withEvidence(store, r.items) : r.items;
    return { items: items.map(present), page, pageSize, total: stored ?? r.total ?? 0 };
  }
  delete filter.codes;
  const r = await store.find<Record<string, unknown>>(collection, { filter, sort, limit: CAUSALE_SCAN_LIMIT + 1 });
  if (r.items.length > CAUSALE_SCAN_LIMIT) throw invalid('FILTER_TOO_WIDE', 'causale', `more than ${CAUSALE_SCAN_LIMIT} rows match the other filters: narrow them (dates, classificazione) before searching the causale`);
  const needle = causale?.toLowerCase();
  const matching = r.items.filter(
    (x) => (needle === undefined || String(x.causale ?? '').toLowerCase().includes(needle)) && (code === undefined || collection !== 'recon_records' || String(x.codes ?? '').split(',').includes(code)),
  );
  const pageItems = matching.slice(skip, skip + pageSize);
  return { items: (collection === 'reconciliation' ? await withEvidence(store, pageItems) : pageItems).map(present), page, pageSize, total: matching.length };
}

/**
 * The total of a code view filtered by nothing but ente, classificazione and nascosti: the process's stored counts
 * (a handful of documents) instead of counting every row, which for a large ente costs more than the page itself.
 */
async function storedTotal(store: ReadStore, view: ReconView, filter: Filter): Promise<number | undefined> {
  if (view !== 'riconciliazione' && view !== 'anomalie') return undefined;
  if (Object.keys(filter).some((k) => !['codIpa', 'view', 'classificazione', 'hidden'].includes(k))) return undefined;
  const codes = typeof filter.classificazione === 'string' ? [filter.classificazione] : [...(view === 'riconciliazione' ? POSITIVE_CODES : NEGATIVE_CODES)];
  const hidden = typeof filter.hidden === 'boolean' ? [filter.hidden] : [false, true];
  const ids = codes.flatMap((c) => hidden.map((h) => countId(filter.codIpa as string, c, h)));
  const found = await store.getMany<CodeCount>(COUNTS_COLLECTION, ids);
  return [...found.values()].reduce((n, c) => n + c.count, 0);
}

/**
 * A code row carries its reason, not its evidence (the records behind the code): that lives once on the record, and a
 * page of rows fetches its records by id (one indexed read of at most a page of documents).
 */
export async function withEvidence(store: ReadStore, rows: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const ids = [...new Set(rows.map((r) => r.rowId).filter((id): id is string => typeof id === 'string'))];
  if (ids.length === 0) return rows;
  const records = await store.getMany<{ classifications?: { code: string; evidence: unknown }[] }>('recon_records', ids);
  return rows.map((r) => {
    const c = records.get(r.rowId as string)?.classifications?.find((x) => x.code === r.classificazione);
    return c ? { ...r, evidence: c.evidence } : r;
  });
}

const AMOUNTS = ['importoRt', 'importoFr', 'importoTesoreria', 'importoNotificato'];

/** A row as the API shows it: amounts in euros, the code's label, the evidence amounts too. */
export function present(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  delete out.told;
  for (const f of AMOUNTS) if (typeof out[f] === 'number') out[f] = centsToEuros(out[f] as number);
  if (typeof out.classificazione === 'string') out.descrizioneClassificazione = CLASSIFICATION_LABELS[out.classificazione as ClassificationCode];
  if (Array.isArray(out.classifications)) {
    out.classificazioni = (out.classifications as { code: ClassificationCode; reason: string; view: string }[]).map((c) => ({ codice: c.code, descrizione: CLASSIFICATION_LABELS[c.code], vista: c.view, motivo: c.reason }));
    delete out.classifications;
  }
  if (out.evidence !== undefined) {
    out.spiegazione = { motivo: out.reason, evidenza: out.evidence };
    delete out.evidence;
    delete out.reason;
  }
  return out;
}

export async function querySegnalazioni(store: ReadStore, codIpa: string, params: { rowId?: string; page?: string; pageSize?: string; minPosition?: string; waitMs?: string }): Promise<Page<Record<string, unknown>>> {
  rejectUnknownParams(params, ['rowId', ...PAGING]);
  const { page, pageSize, skip } = parsePage(params);
  const filter: Filter = { codIpa };
  if (params.rowId) filter.rowId = params.rowId;
  const r = await store.find<Record<string, unknown>>('recon_segnalazioni', { filter, sort: [['at', -1]], skip, limit: pageSize, count: true });
  return { items: r.items, page, pageSize, total: r.total ?? 0 };
}

/** Counts per code of an ente (the CLI's `quadra reconcile`). */
export async function countsPerCode(store: ReadStore, codIpa: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const code of CLASSIFICATION_CODES) {
    const r = await store.find('reconciliation', { filter: { codIpa, view: POSITIVE_CODES.has(code) ? 'riconciliazione' : 'anomalie', classificazione: code }, limit: 0, count: true });
    if (r.total) out[code] = r.total;
  }
  return out;
}
