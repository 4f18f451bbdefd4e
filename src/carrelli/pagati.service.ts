import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { centsToEuros } from '../kernel/money';
import type { Filter } from '../read-store/read-store.port';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import type { ReceiptSubject } from '../positions/domain/position.types';
import type { PositionDoc } from '../../projections/positions/positions.document';
import { POSITIONS_COLLECTION } from '../../projections/positions/positions.read-model';
import { instantRange, optionalText, parsePage, rangeCondition, rejectUnknownParams, type Page } from '../../projections/common/query-params';
import { paidReceipt } from './paid-receipts';

/** A position counts as paid from its first positive receipt on, whatever the reconciliation did afterwards. */
export const PAID_STATI = ['paid', 'reported', 'cashed', 'reconciled', 'assessed'] as const;

export interface PagatiParams {
  iuv?: string;
  iud?: string;
  /** Payment time range: a date (a whole Italian day, included) or a date-time with zone. */
  from?: string;
  to?: string;
  page?: string;
  pageSize?: string;
}

export interface PagatoView {
  iud: string;
  iuv: string;
  numeroAvviso: string;
  tipoDovuto: string;
  causale: string;
  datiSpecificiRiscossione: string;
  importoDovuto: string;
  stato: string;
  pagatore: { tipo: string; codiceIdentificativo: string; anagrafica: string };
  ricevuta: {
    identificativoUnivocoRiscossione: string;
    importoPagato: string;
    commissione?: string;
    idPSP: string;
    denominazionePSP?: string;
    dataOraPagamento?: string;
    esito: 'OK' | 'KO';
    pagatore?: ReceiptSubject;
    versante?: ReceiptSubject;
  };
}

/** paidAt filter of a paid-positions query, shared with the export. */
export function paidFilter(codIpa: string, extra: Filter = {}): Filter {
  return { codIpa, stato: { $in: [...PAID_STATI] }, ...extra };
}

/**
 * MyPay's paaSILChiediPagati: the ente's paid dovuti with their receipts. The positions read model finds them
 * (ente-scoped, on paidAt); each receipt's payer, versante and PSP come from the position stream.
 */
@Injectable()
export class PagatiService {
  constructor(
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async list(codIpa: string, params: PagatiParams): Promise<Page<PagatoView>> {
    rejectUnknownParams(params, ['iuv', 'iud', 'from', 'to', 'page', 'pageSize']);
    const { page, pageSize, skip } = parsePage(params);
    const filter = paidFilter(codIpa);
    const iuv = optionalText(params.iuv, 'iuv', 35);
    if (iuv !== undefined) filter.iuv = iuv;
    const iud = optionalText(params.iud, 'iud', 35);
    if (iud !== undefined) filter.iud = iud;
    const range = instantRange(params as Record<string, unknown>, 'from', 'to');
    const paidAt = rangeCondition(range.from, range.to);
    if (paidAt) filter.paidAt = paidAt;
    const found = await this.read.find<PositionDoc>(POSITIONS_COLLECTION, { filter, sort: [['paidAt', -1]], skip, limit: pageSize, count: true });
    const items = await Promise.all(found.items.map((d) => this.view(d)));
    return { items, page, pageSize, total: found.total ?? items.length };
  }

  private async view(d: PositionDoc): Promise<PagatoView> {
    const summary = d.receipts.find((r) => r.receiptId === d.paidBy);
    const full = await paidReceipt(this.store, d.codIpa, d.iud, d.paidBy);
    return {
      iud: d.iud,
      iuv: d.iuv,
      numeroAvviso: d.numeroAvviso,
      tipoDovuto: d.tipoDovuto,
      causale: d.causale,
      datiSpecificiRiscossione: d.datiSpecificiRiscossione,
      importoDovuto: centsToEuros(d.importoTotale),
      stato: d.stato,
      pagatore: { tipo: d.payer.tipo, codiceIdentificativo: d.payer.codiceIdentificativo, anagrafica: d.payer.anagrafica },
      ricevuta: {
        identificativoUnivocoRiscossione: d.paidBy ?? '',
        importoPagato: centsToEuros(full?.amount ?? summary?.amount ?? 0),
        ...(full?.fee !== undefined && { commissione: centsToEuros(full.fee) }),
        idPSP: full?.idPSP ?? summary?.idPSP ?? '',
        ...(full?.pspName && { denominazionePSP: full.pspName }),
        ...((full?.paymentDateTime ?? summary?.paymentDateTime) && { dataOraPagamento: full?.paymentDateTime ?? summary?.paymentDateTime }),
        esito: 'OK',
        ...(full?.debtor && { pagatore: full.debtor }),
        ...(full?.payer && { versante: full.payer }),
      },
    };
  }
}
