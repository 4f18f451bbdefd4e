import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

export const RECONCILIATION_PROJECTION = 'reconciliation';
/** Bump when the documents or indexes below change. */
export const RECONCILIATION_VERSION = 3;

/** The columns MyPivot shows side by side (RT | FR | treasury), queryable on every view. Amounts in cents. */
export const ROW_COLUMNS: Record<string, 'string' | 'number' | 'boolean' | 'date'> = {
  codIpa: 'string',
  kind: 'string',
  hidden: 'boolean',
  segnalazioni: 'number',
  iud: 'string',
  iuv: 'string',
  iur: 'string',
  importoRt: 'number',
  dataEsito: 'date',
  codiceFiscalePagatore: 'string',
  anagraficaPagatore: 'string',
  codiceFiscaleVersante: 'string',
  anagraficaVersante: 'string',
  attestante: 'string',
  iuf: 'string',
  idRegolamento: 'string',
  dataRegolamento: 'date',
  importoFr: 'number',
  conto: 'string',
  dataContabile: 'date',
  dataValuta: 'date',
  importoTesoreria: 'number',
  causale: 'string',
  ordinante: 'string',
  tipoDovuto: 'string',
  importoNotificato: 'number',
};

/**
 * reconciliation: one row per classified record AND code (MyPivot lists a payment once per class it falls in), so a
 * page "ente + classificazione, sorted" is one index range. recon_records: one row per record (payment key, IUD,
 * FR, movement) with all its codes: the ricevute / rendicontazioni / tesoreria views and the operator actions.
 * recon_state / recon_enti: the engine's documents and the per-ente switches.
 */
export const RECONCILIATION_READ_MODELS: ReadModelDefinition[] = [
  {
    collection: 'reconciliation',
    key: 'id',
    fields: { ...ROW_COLUMNS, rowId: 'string', classificazione: 'string', view: 'string' },
    indexes: [
      // hidden is always true or false, so "not hidden" is an equality and a page is one index range.
      { fields: [['codIpa', 1], ['view', 1], ['classificazione', 1], ['hidden', 1], ['dataEsito', -1]] },
      { fields: [['codIpa', 1], ['view', 1], ['hidden', 1], ['dataEsito', -1]] },
      { fields: [['codIpa', 1], ['iuv', 1]] },
      { fields: [['codIpa', 1], ['iuf', 1]] },
      { fields: [['codIpa', 1], ['iud', 1]] },
      // No index on rowId: rows are replaced by id (rowId.code), and nothing looks them up by record.
    ],
  },
  {
    collection: 'recon_records',
    key: 'id',
    fields: { ...ROW_COLUMNS, codes: 'string', hasRt: 'boolean', hasFr: 'boolean', hasTes: 'boolean' },
    indexes: [
      { fields: [['codIpa', 1], ['kind', 1], ['hasRt', 1], ['dataEsito', -1]] },
      { fields: [['codIpa', 1], ['kind', 1], ['hasFr', 1], ['dataRegolamento', -1]] },
      { fields: [['codIpa', 1], ['kind', 1], ['dataContabile', -1]] },
      // More equality columns than the dated indexes above, so SQLite picks it for a lookup by IUV even without ANALYZE.
      { fields: [['codIpa', 1], ['iuv', 1], ['kind', 1], ['hasRt', 1], ['hidden', 1], ['dataEsito', -1]] },
    ],
  },
  {
    collection: 'recon_segnalazioni',
    key: 'id',
    fields: { codIpa: 'string', rowId: 'string', author: 'string', at: 'date', classificazione: 'string', iuv: 'string', iuf: 'string' },
    indexes: [
      { fields: [['codIpa', 1], ['at', -1]] },
      { fields: [['rowId', 1], ['at', 1]] },
    ],
  },
  { collection: 'recon_state', key: 'id', fields: { codIpa: 'string', kind: 'string' }, indexes: [{ fields: [['codIpa', 1]] }] },
  { collection: 'recon_enti', key: 'codIpa', fields: {}, indexes: [] },
  // Documents whose codes are to be computed again, and how far the sources are applied (see ReconciliationProcess.step).
  { collection: 'recon_dirty', key: 'id', fields: { codIpa: 'string' }, indexes: [] },
  { collection: 'recon_meta', key: 'id', fields: {}, indexes: [] },
  { collection: 'recon_counts', key: 'id', fields: { codIpa: 'string' }, indexes: [] },
];
