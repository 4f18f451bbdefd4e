import { invalid } from '../../src/kernel/errors';
import { ANONYMOUS_PAYER_ID, normalisePayerId } from '../../src/kernel/identifiers/payer-id';
import { validateCodiceFiscale } from '../../src/kernel/identifiers/codice-fiscale';
import { validatePartitaIva } from '../../src/kernel/identifiers/partita-iva';
import { centsToEuros } from '../../src/kernel/money';
import type { PositionStatus } from '../../src/positions/domain/position.state';
import type { Filter, ReadStore, SortDirection } from '../../src/read-store/read-store.port';
import { parsePage, rejectUnknownParams, type Page, type PageParams } from '../common/query-params';
import type { PayerEnteDoc, PayerPositionDoc, PayerReceipt, PayerStatus } from './payer.documents';
import { PAYER_ENTI_COLLECTION, PAYER_POSITIONS_COLLECTION } from './payer.read-model';

export type PayerFilter = 'da_pagare' | 'pagati' | 'tutti';
const PAYER_FILTERS: readonly PayerFilter[] = ['da_pagare', 'pagati', 'tutti'];

export interface PayerReceiptView {
  receiptId: string;
  /** Euros, "147.92". */
  importo: string;
  idPSP: string;
  pspName?: string;
  paymentDateTime?: string;
}

export interface PayerPositionView {
  codIpa: string;
  /** Absent when the ente's registration was never seen. */
  enteName?: string;
  iud: string;
  iuv: string;
  numeroAvviso: string;
  tipoDovuto: string;
  causale: string;
  /** Euros: what the payer pays. */
  importo: string;
  dataScadenza?: string;
  stato: PositionStatus;
  statoPagatore: PayerStatus;
  pagabile: boolean;
  ricevuta?: PayerReceiptView;
  paidAt?: string;
  /** Payments of the same dovuto made again: the ente owes them back. */
  pagamentiDoppi: PayerReceiptView[];
}

export interface PayerReceiptItem extends PayerReceiptView {
  codIpa: string;
  enteName?: string;
  iud: string;
  iuv: string;
  numeroAvviso: string;
  causale: string;
  paidAt: string;
  pagamentiDoppi: PayerReceiptView[];
}

/**
 * The codice fiscale (16 characters) or partita IVA (11 digits) of a real payer, upper case. ANONIMO is refused:
 * it names no one, and listing every anonymous payment to whoever asks would leak them.
 */
function payerIdParam(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('PAYER_ID_REQUIRED', 'codiceFiscale', 'codiceFiscale is required: the payer\'s codice fiscale or partita IVA');
  const id = normalisePayerId(value);
  if (id === ANONYMOUS_PAYER_ID) throw invalid('ANONYMOUS_PAYER', 'codiceFiscale', 'ANONIMO is not a payer: anonymous payments cannot be listed by payer');
  if (/^\d{11}$/.test(id)) validatePartitaIva(id, 'codiceFiscale');
  else validateCodiceFiscale(id, 'codiceFiscale');
  return id;
}

const receiptView = (r: PayerReceipt): PayerReceiptView => ({
  receiptId: r.receiptId,
  importo: centsToEuros(r.amount),
  idPSP: r.idPSP,
  ...(r.pspName !== undefined && { pspName: r.pspName }),
  ...(r.paymentDateTime !== undefined && { paymentDateTime: r.paymentDateTime }),
});

async function enteNames(store: ReadStore, docs: readonly PayerPositionDoc[]): Promise<Map<string, string>> {
  const enti = await store.getMany<PayerEnteDoc>(PAYER_ENTI_COLLECTION, [...new Set(docs.map((d) => d.codIpa))]);
  return new Map([...enti].map(([codIpa, e]) => [codIpa, e.denominazione]));
}

function positionView(d: PayerPositionDoc, enteName: string | undefined): PayerPositionView {
  return {
    codIpa: d.codIpa,
    ...(enteName !== undefined && { enteName }),
    iud: d.iud,
    iuv: d.iuv,
    numeroAvviso: d.numeroAvviso,
    tipoDovuto: d.tipoDovuto,
    causale: d.causale,
    importo: centsToEuros(d.importo),
    ...(d.dataScadenza !== undefined && { dataScadenza: d.dataScadenza }),
    stato: d.stato,
    statoPagatore: d.statoPagatore,
    pagabile: d.pagabile,
    ...(d.receipt && { ricevuta: receiptView(d.receipt) }),
    ...(d.paidAt !== undefined && { paidAt: d.paidAt }),
    pagamentiDoppi: d.duplicates.map(receiptView),
  };
}

/**
 * A citizen's dovuti at every ente. 'da_pagare': still owed, most urgent due date first (expired ones included,
 * marked statoPagatore 'scaduto' and pagabile false: they are owed but need a new due date from the ente);
 * 'pagati': newest payment first; 'tutti' (default): everything including cancelled dovuti, newest first.
 */
export async function payerPositions(
  store: ReadStore,
  codiceFiscale: string,
  params: { stato?: PayerFilter } & PageParams = {},
): Promise<Page<PayerPositionView>> {
  const payerId = payerIdParam(codiceFiscale);
  rejectUnknownParams(params, ['stato', 'page', 'pageSize']);
  const stato = params.stato ?? 'tutti';
  if (!PAYER_FILTERS.includes(stato)) throw invalid('INVALID_FILTER', 'stato', `stato "${String(stato)}" must be one of ${PAYER_FILTERS.join(', ')}`);
  const { page, pageSize, skip } = parsePage(params);
  const filter: Filter = { payerId };
  let sort: [string, SortDirection][] = [['createdAt', -1]];
  if (stato === 'da_pagare') {
    filter.gruppo = 'da_pagare';
    sort = [['dueSort', 1]];
  } else if (stato === 'pagati') {
    filter.gruppo = 'pagati';
    sort = [['paidAt', -1]];
  }
  const found = await store.find<PayerPositionDoc>(PAYER_POSITIONS_COLLECTION, { filter, sort, skip, limit: pageSize, count: true });
  const names = await enteNames(store, found.items);
  return { items: found.items.map((d) => positionView(d, names.get(d.codIpa))), page, pageSize, total: found.total ?? 0 };
}

/** The receipts of a citizen's payments at every ente, newest first: one per paid dovuto, with any double payment. */
export async function payerReceipts(store: ReadStore, codiceFiscale: string, params: PageParams = {}): Promise<Page<PayerReceiptItem>> {
  const payerId = payerIdParam(codiceFiscale);
  rejectUnknownParams(params, ['page', 'pageSize']);
  const { page, pageSize, skip } = parsePage(params);
  const found = await store.find<PayerPositionDoc>(PAYER_POSITIONS_COLLECTION, {
    filter: { payerId, gruppo: 'pagati' },
    sort: [['paidAt', -1]],
    skip,
    limit: pageSize,
    count: true,
  });
  const names = await enteNames(store, found.items);
  const items = found.items.flatMap((d): PayerReceiptItem[] => {
    if (!d.receipt || d.paidAt === undefined) return [];
    const enteName = names.get(d.codIpa);
    return [
      {
        codIpa: d.codIpa,
        ...(enteName !== undefined && { enteName }),
        iud: d.iud,
        iuv: d.iuv,
        numeroAvviso: d.numeroAvviso,
        causale: d.causale,
        ...receiptView(d.receipt),
        paidAt: d.paidAt,
        pagamentiDoppi: d.duplicates.map(receiptView),
      },
    ];
  });
  return { items, page, pageSize, total: found.total ?? 0 };
}
