import { createHash } from 'node:crypto';
import {
  classify,
  iudKey,
  iufKey,
  iuvKey,
  treasuryKey,
  type Classification,
  type DocRef,
  type ReconciliationContext,
  type ReconciliationStateView,
} from '../../src/reconciliation/domain';
import type { MovementWithColumns, NotificationWithColumns, ReceiptWithColumns } from '../../src/reconciliation/process/sources-from-events';
import type { ReadDocument } from '../../src/read-store/read-store.port';

/** Operator annotations a record carries (ReconciliationRowHidden / Shown, SegnalazioneAdded). */
export interface Annotations {
  hidden: boolean;
  segnalazioni: number;
}

export interface RecordDoc extends ReadDocument {
  id: string;
  codIpa: string;
  kind: DocRef['kind'];
  /** The engine key of the record. */
  ref: string;
  /** Codes, comma separated in MyPivot's order ("" when none). */
  codes: string;
  classifications: Classification[];
  hidden: boolean;
  segnalazioni: number;
  hasRt: boolean;
  hasFr: boolean;
  hasTes: boolean;
  /** Identities of the position effects last told for this payment (see effectKeys); internal to the process. */
  told?: string;
}

/** Stable, URL-safe id of a record: the kind and a digest of its engine key. */
export const rowIdOf = (ref: DocRef): string => `${ref.kind}-${createHash('sha1').update(ref.key).digest('hex').slice(0, 24)}`;

/** The view columns a record takes from its sources (ROW_COLUMNS but the record's own codIpa, kind, hidden, segnalazioni). */
export const VALUE_COLUMNS = [
  'iud',
  'iuv',
  'iur',
  'importoRt',
  'dataEsito',
  'codiceFiscalePagatore',
  'anagraficaPagatore',
  'codiceFiscaleVersante',
  'anagraficaVersante',
  'attestante',
  'iuf',
  'idRegolamento',
  'dataRegolamento',
  'importoFr',
  'conto',
  'dataContabile',
  'dataValuta',
  'importoTesoreria',
  'causale',
  'ordinante',
  'tipoDovuto',
  'importoNotificato',
] as const;
type ValueColumn = (typeof VALUE_COLUMNS)[number];
type Values = Partial<Record<ValueColumn, string | number | undefined>>;

/** An empty cell is left out of the stored document (JSON drops undefined), never stored as null or "". */
const cell = (v: string | number | null | undefined): string | number | undefined => (v === null || v === '' ? undefined : v);

/*
 * Records and rows are written as one object literal with every column, an empty one undefined. Copied key by key
 * (as before) they passed V8's limit of fast properties added by computed keys and went to dictionary mode: JSON text
 * 1.3–1.75 times slower to write, and every column read by the read store a hash lookup. A literal gives every record
 * one hidden class.
 */

/**
 * The record as the views show it: its codes with their explanation, and the RT, FR and treasury columns side by
 * side. Reads through `state` only (so the caller can plan the reads with missingReads). undefined: nothing to show.
 */
export function buildRecord(state: ReconciliationStateView, ref: DocRef, ctx: ReconciliationContext, annotations: Annotations): RecordDoc | undefined {
  const columns = columnsOf(state, ref);
  if (!columns) return undefined;
  const classifications = classify(state, ref, ctx);
  const v = columns.values;
  return {
    id: rowIdOf(ref),
    codIpa: columns.codIpa,
    kind: ref.kind,
    ref: ref.key,
    codes: classifications.map((c) => c.code).join(','),
    classifications,
    hidden: annotations.hidden,
    segnalazioni: annotations.segnalazioni,
    hasRt: cell(v.importoRt) !== undefined,
    hasFr: cell(v.iuf) !== undefined && cell(v.importoFr) !== undefined,
    hasTes: cell(v.importoTesoreria) !== undefined,
    iud: cell(v.iud),
    iuv: cell(v.iuv),
    iur: cell(v.iur),
    importoRt: cell(v.importoRt),
    dataEsito: cell(v.dataEsito),
    codiceFiscalePagatore: cell(v.codiceFiscalePagatore),
    anagraficaPagatore: cell(v.anagraficaPagatore),
    codiceFiscaleVersante: cell(v.codiceFiscaleVersante),
    anagraficaVersante: cell(v.anagraficaVersante),
    attestante: cell(v.attestante),
    iuf: cell(v.iuf),
    idRegolamento: cell(v.idRegolamento),
    dataRegolamento: cell(v.dataRegolamento),
    importoFr: cell(v.importoFr),
    conto: cell(v.conto),
    dataContabile: cell(v.dataContabile),
    dataValuta: cell(v.dataValuta),
    importoTesoreria: cell(v.importoTesoreria),
    causale: cell(v.causale),
    ordinante: cell(v.ordinante),
    tipoDovuto: cell(v.tipoDovuto),
    importoNotificato: cell(v.importoNotificato),
  };
}

/**
 * One row per code of the record: what "riconciliazione" and "anomalie" page through. The evidence stays on the record
 * (the views fetch it for the page they show): copied on every row it made rows large and their writes dominate.
 * The record's codes, classifications, has* flags and `told` stay on the record.
 */
export function codeRows(record: RecordDoc): ReadDocument[] {
  const r = record as RecordDoc & Values;
  return record.classifications.map((c) => ({
    id: `${record.id}.${c.code}`,
    rowId: record.id,
    classificazione: c.code,
    view: c.view,
    reason: c.reason,
    codIpa: r.codIpa,
    kind: r.kind,
    ref: r.ref,
    hidden: r.hidden,
    segnalazioni: r.segnalazioni,
    iud: r.iud,
    iuv: r.iuv,
    iur: r.iur,
    importoRt: r.importoRt,
    dataEsito: r.dataEsito,
    codiceFiscalePagatore: r.codiceFiscalePagatore,
    anagraficaPagatore: r.anagraficaPagatore,
    codiceFiscaleVersante: r.codiceFiscaleVersante,
    anagraficaVersante: r.anagraficaVersante,
    attestante: r.attestante,
    iuf: r.iuf,
    idRegolamento: r.idRegolamento,
    dataRegolamento: r.dataRegolamento,
    importoFr: r.importoFr,
    conto: r.conto,
    dataContabile: r.dataContabile,
    dataValuta: r.dataValuta,
    importoTesoreria: r.importoTesoreria,
    causale: r.causale,
    ordinante: r.ordinante,
    tipoDovuto: r.tipoDovuto,
    importoNotificato: r.importoNotificato,
  }));
}

interface Columns {
  codIpa: string;
  values: Values;
}

function treasuryColumns(state: ReconciliationStateView, codIpa: string, movements: Readonly<Record<string, number>>): Record<string, string | number | undefined> {
  const ids = Object.keys(movements).sort();
  if (ids.length === 0) return {};
  const first = state.get('movement', treasuryKey(codIpa, ids[0]))?.movement?.data as MovementWithColumns | undefined;
  return {
    importoTesoreria: ids.reduce((s, id) => s + movements[id], 0),
    conto: first?.conto,
    dataContabile: first?.dataContabile,
    dataValuta: first?.dataValuta,
    causale: first?.causale,
    ordinante: first?.ordinante,
  };
}

function columnsOf(state: ReconciliationStateView, ref: DocRef): Columns | undefined {
  switch (ref.kind) {
    case 'payment': {
      const doc = state.get('payment', ref.key);
      if (!doc) return undefined;
      const rt = doc.receipt?.data as ReceiptWithColumns | undefined;
      const rows = Object.values(doc.reported)
        .flat()
        .sort((a, b) => (a.iuf < b.iuf ? -1 : a.iuf > b.iuf ? 1 : a.rowIndex - b.rowIndex));
      if (!rt && rows.length === 0) return undefined;
      const notification = rt?.iud !== undefined ? (state.get('iud', iudKey(doc.codIpa, rt.iud))?.notification?.data as NotificationWithColumns | undefined) : undefined;
      const row = rows[0];
      const flowDoc = row ? state.get('flow', iufKey(doc.codIpa, row.iuf)) : undefined;
      const header = flowDoc?.flow?.data.header;
      // Cumulative riversamento of the FR first; otherwise punctual movements citing the IUV.
      const byIuf = flowDoc && Object.keys(flowDoc.movements).length > 0 ? flowDoc.movements : undefined;
      const tes = treasuryColumns(state, doc.codIpa, byIuf ?? state.get('iuv', iuvKey(doc.codIpa, doc.iuv))?.movements ?? {});
      return {
        codIpa: doc.codIpa,
        values: {
          iud: rt?.iud,
          iuv: doc.iuv,
          iur: doc.iur,
          importoRt: rt?.amount,
          dataEsito: rt?.dataEsito ?? row?.dataEsito,
          codiceFiscalePagatore: rt?.codiceFiscalePagatore,
          anagraficaPagatore: rt?.anagraficaPagatore,
          codiceFiscaleVersante: rt?.codiceFiscaleVersante,
          anagraficaVersante: rt?.anagraficaVersante,
          attestante: rt?.attestante,
          iuf: row?.iuf,
          idRegolamento: header?.identificativoUnivocoRegolamento,
          dataRegolamento: header?.dataRegolamento,
          importoFr: row?.amount,
          tipoDovuto: notification?.tipoDovuto,
          importoNotificato: notification?.amount,
          ...tes,
        },
      };
    }
    case 'iud': {
      const doc = state.get('iud', ref.key);
      const n = doc?.notification?.data as NotificationWithColumns | undefined;
      // A notification that a receipt carries is shown on that payment, not twice.
      if (!doc || !n || doc.paymentKeys.length > 0) return undefined;
      return {
        codIpa: doc.codIpa,
        values: { iud: n.iud, iuv: n.iuv, importoNotificato: n.amount, dataEsito: n.dataPagamento, tipoDovuto: n.tipoDovuto, codiceFiscalePagatore: n.payerId, anagraficaPagatore: n.payerName },
      };
    }
    case 'flow': {
      const doc = state.get('flow', ref.key);
      const header = doc?.flow?.data.header;
      if (!doc || !header) return undefined;
      return {
        codIpa: doc.codIpa,
        values: {
          iuf: header.iuf,
          idRegolamento: header.identificativoUnivocoRegolamento,
          dataRegolamento: header.dataRegolamento,
          importoFr: header.totalAmount,
          attestante: header.idPSP,
          ...treasuryColumns(state, doc.codIpa, doc.movements),
        },
      };
    }
    case 'movement': {
      const doc = state.get('movement', ref.key);
      const m = doc?.movement?.data as MovementWithColumns | undefined;
      if (!doc || !m) return undefined;
      return {
        codIpa: doc.codIpa,
        values: {
          iuf: m.iuf,
          iuv: m.iuv,
          importoTesoreria: m.amount,
          conto: m.conto,
          dataContabile: m.dataContabile,
          dataValuta: m.dataValuta,
          causale: m.causale,
          ordinante: m.ordinante,
        },
      };
    }
    case 'iuv':
      return undefined;
  }
}
