import type { FrAnomaly } from '../parsers/check-fr';
import type { ParsedFr } from '../parsers/flusso-riversamento';
import type { ReportingFlowData } from './reporting-flow.events';

export interface IuvUnknownAnomaly {
  readonly code: 'IUV_UNKNOWN';
  readonly message: string;
  readonly row: number;
  readonly iuv: string;
}

/** The event payload of a parsed flow: rows as sent (unknown esiti included, the anomaly says so), amounts in cents. */
export function reportingFlowData(
  codIpa: string,
  fr: ParsedFr,
  anomalies: readonly (FrAnomaly | IuvUnknownAnomaly)[],
  meta: { source: ReportingFlowData['source']; fileName?: string; at: string },
): ReportingFlowData {
  return {
    codIpa,
    iuf: fr.identificativoFlusso,
    idPSP: fr.istitutoMittente.codice,
    ...(fr.istitutoMittente.denominazione ? { pspName: fr.istitutoMittente.denominazione } : {}),
    dataOraFlusso: fr.dataOraFlusso,
    ...(fr.revisioneFlusso !== undefined ? { revision: fr.revisioneFlusso } : {}),
    identificativoUnivocoRegolamento: fr.identificativoUnivocoRegolamento,
    dataRegolamento: fr.dataRegolamento,
    ...(fr.codiceBicBancaDiRiversamento ? { bicRiversamento: fr.codiceBicBancaDiRiversamento } : {}),
    cfEnteRicevente: fr.istitutoRicevente.codice,
    totalAmount: fr.importoTotalePagamenti,
    totalCount: fr.numeroTotalePagamenti,
    rows: fr.rows.map((r) => ({
      index: r.index,
      iuv: r.iuv,
      iur: r.iur,
      transferIndex: r.indiceDatiSingoloPagamento,
      amount: r.importo,
      // Kept as sent: an unknown esito is an anomaly of the flow, and the reconciliation leaves such a row out.
      esito: r.esito as ReportingFlowData['rows'][number]['esito'],
      dataEsito: r.dataEsito,
    })),
    anomalies: anomalies.map((a) => ({ ...a })),
    source: meta.source,
    ...(meta.fileName ? { fileName: meta.fileName } : {}),
    at: meta.at,
  };
}

/** The same flow again: same IUF and PSP (the stream), same dataOraFlusso and revision. A new revision is a new flow. */
export const isSameFlow = (a: Pick<ReportingFlowData, 'dataOraFlusso' | 'revision'>, b: Pick<ReportingFlowData, 'dataOraFlusso' | 'revision'>): boolean =>
  a.dataOraFlusso === b.dataOraFlusso && (a.revision ?? 0) === (b.revision ?? 0);

export function iuvUnknownAnomalies(rows: readonly { index: number; iuv: string }[], known: (iuv: string) => boolean): IuvUnknownAnomaly[] {
  return rows
    .filter((r) => !known(r.iuv))
    .map((r) => ({ code: 'IUV_UNKNOWN' as const, message: `Row ${r.index}: IUV ${r.iuv} was never issued by this ente (no dovuto has it)`, row: r.index, iuv: r.iuv }));
}
