import { invalid } from '../../src/kernel/errors';
import type { PositionStatus } from '../../src/positions/domain/position.state';
import type { Filter, ReadStore } from '../../src/read-store/read-store.port';
import { positionKey } from '../common/position-events';
import {
  checkRange,
  instantRange,
  optionalCents,
  optionalDate,
  optionalText,
  parsePage,
  parseSort,
  rangeCondition,
  rejectUnknownParams,
  type Page,
  type PageParams,
} from '../common/query-params';
import type { PositionDoc } from './positions.document';
import { POSITIONS_COLLECTION } from './positions.read-model';
import { toPositionView, type PositionView } from './positions.view';

export const POSITION_STATUSES: readonly PositionStatus[] = ['open', 'payment_requested', 'paid', 'reported', 'cashed', 'reconciled', 'assessed', 'cancelled', 'expired'];

/** Sort names a client may use (with "-" for descending) and the stored field behind each. */
export const POSITION_SORTS = {
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  dataScadenza: 'dataScadenza',
  paidAt: 'paidAt',
  importo: 'importo',
  iud: 'iud',
} as const;
export type PositionSort = keyof typeof POSITION_SORTS | `-${keyof typeof POSITION_SORTS}`;

export interface PositionSearch extends PageParams {
  iud?: string;
  iuv?: string;
  numeroAvviso?: string;
  /** Codice fiscale / partita IVA of the payer, any case. */
  codiceFiscale?: string;
  /** Start of the payer's anagrafica, any case ("ross" finds "Rossi Mario"). */
  anagrafica?: string;
  /** One status, several, or several separated by commas ("open,payment_requested"). */
  stato?: PositionStatus | readonly PositionStatus[] | string;
  tipoDovuto?: string;
  /** Due date range, YYYY-MM-DD, both ends included. */
  scadenzaDa?: string;
  scadenzaA?: string;
  /** Creation / payment time ranges: a date (a whole Italian day, included) or a date-time with zone. */
  creatoDa?: string;
  creatoA?: string;
  pagatoDa?: string;
  pagatoA?: string;
  /** Amount range in euros ("10", "147.92"), both ends included; compared with the ente's importo. */
  importoDa?: string | number;
  importoA?: string | number;
  /** Default "-createdAt": newest first. */
  sort?: PositionSort | string;
}

const SEARCH_PARAMS = [
  'iud',
  'iuv',
  'numeroAvviso',
  'codiceFiscale',
  'anagrafica',
  'stato',
  'tipoDovuto',
  'scadenzaDa',
  'scadenzaA',
  'creatoDa',
  'creatoA',
  'pagatoDa',
  'pagatoA',
  'importoDa',
  'importoA',
  'sort',
  'page',
  'pageSize',
] as const;

function requireCodIpa(codIpa: unknown): string {
  if (typeof codIpa !== 'string' || codIpa.trim() === '') throw invalid('CODIPA_REQUIRED', 'codIpa', 'codIpa is required: every query is scoped to one ente');
  return codIpa.trim();
}

function parseStati(value: PositionSearch['stato']): PositionStatus[] | undefined {
  if (value === undefined) return undefined;
  const list = (typeof value === 'string' ? value.split(',') : [...value]).map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== '');
  if (list.length === 0) return undefined;
  for (const s of list)
    if (!POSITION_STATUSES.includes(s as PositionStatus))
      throw invalid('INVALID_FILTER', 'stato', `stato "${String(s)}" is not a position status: use ${POSITION_STATUSES.join(', ')}`);
  return [...new Set(list as PositionStatus[])];
}

/** The dovuto of an ente by its IUD; undefined when there is none. */
export async function getPosition(store: ReadStore, codIpa: string, iud: string): Promise<PositionView | undefined> {
  const ente = requireCodIpa(codIpa);
  if (typeof iud !== 'string' || iud === '') throw invalid('IUD_REQUIRED', 'iud', 'iud is required');
  const doc = await store.get<PositionDoc>(POSITIONS_COLLECTION, positionKey(ente, iud));
  return doc && toPositionView(doc);
}

/** The dovuti of one ente matching every given filter, one page at a time. */
export async function searchPositions(store: ReadStore, codIpa: string, params: PositionSearch = {}): Promise<Page<PositionView>> {
  const ente = requireCodIpa(codIpa);
  rejectUnknownParams(params, SEARCH_PARAMS);
  const { page, pageSize, skip } = parsePage(params);
  const sort = parseSort(params.sort, POSITION_SORTS, '-createdAt');

  const filter: Filter = { codIpa: ente };
  const iud = optionalText(params.iud, 'iud', 35);
  if (iud !== undefined) filter.iud = iud;
  const iuv = optionalText(params.iuv, 'iuv', 35);
  if (iuv !== undefined) filter.iuv = iuv;
  const numeroAvviso = optionalText(params.numeroAvviso, 'numeroAvviso', 18);
  if (numeroAvviso !== undefined) filter.numeroAvviso = numeroAvviso;
  const cf = optionalText(params.codiceFiscale, 'codiceFiscale', 35);
  if (cf !== undefined) filter.payerId = cf.toUpperCase();
  const anagrafica = optionalText(params.anagrafica, 'anagrafica', 70);
  if (anagrafica !== undefined) filter.payerName = { $prefix: anagrafica.toLowerCase() };
  const stati = parseStati(params.stato);
  if (stati !== undefined) filter.stato = stati.length === 1 ? stati[0] : { $in: stati };
  const tipoDovuto = optionalText(params.tipoDovuto, 'tipoDovuto', 64);
  if (tipoDovuto !== undefined) filter.tipoDovuto = tipoDovuto;

  const scadenzaDa = optionalDate(params.scadenzaDa, 'scadenzaDa');
  const scadenzaA = optionalDate(params.scadenzaA, 'scadenzaA');
  checkRange(scadenzaDa, scadenzaA, 'scadenzaDa', 'scadenzaA');
  const scadenza = rangeCondition(scadenzaDa === undefined ? undefined : { op: '$gte', value: scadenzaDa }, scadenzaA === undefined ? undefined : { op: '$lte', value: scadenzaA });
  if (scadenza) filter.dataScadenza = scadenza;

  const creato = instantRange(params as Record<string, unknown>, 'creatoDa', 'creatoA');
  const createdAt = rangeCondition(creato.from, creato.to);
  if (createdAt) filter.createdAt = createdAt;
  const pagato = instantRange(params as Record<string, unknown>, 'pagatoDa', 'pagatoA');
  const paidAt = rangeCondition(pagato.from, pagato.to);
  if (paidAt) filter.paidAt = paidAt;

  const importoDa = optionalCents(params.importoDa, 'importoDa');
  const importoA = optionalCents(params.importoA, 'importoA');
  checkRange(importoDa, importoA, 'importoDa', 'importoA', params.importoDa, params.importoA);
  const importo = rangeCondition(importoDa === undefined ? undefined : { op: '$gte', value: importoDa }, importoA === undefined ? undefined : { op: '$lte', value: importoA });
  if (importo) filter.importo = importo;

  const found = await store.find<PositionDoc>(POSITIONS_COLLECTION, { filter, sort, skip, limit: pageSize, count: true });
  return { items: found.items.map(toPositionView), page, pageSize, total: found.total ?? 0 };
}
