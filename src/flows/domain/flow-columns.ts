import { type FlowVersion } from './flow-version';

/**
 * Positional columns of the MyPay import flow, named as MyPay's own header and batch name them
 * (RegioneDelVeneto/mypay, ImportFlussoTaskService.leggiVerificaRiga). Files are read by position; the header
 * row is informative only (older files call column 13 dataEsecuzionePagamento).
 */
/** The first twelve columns, shared by the dovuti flows and MyPivot's pagati notificati: the dovuto and its payer. */
export const PAYER_COLUMNS = [
  'IUD',
  'codIuv',
  'tipoIdentificativoUnivoco',
  'codiceIdentificativoUnivoco',
  'anagraficaPagatore',
  'indirizzoPagatore',
  'civicoPagatore',
  'capPagatore',
  'localitaPagatore',
  'provinciaPagatore',
  'nazionePagatore',
  'mailPagatore',
] as const;

const BASE = [
  ...PAYER_COLUMNS,
  'dataScadenzaPagamento',
  'importoDovuto',
  'commissioneCaricoPa',
  'tipoDovuto',
  'tipoVersamento',
  'causaleVersamento',
  'datiSpecificiRiscossione',
] as const;

/** Version 1_4: the share of the dovuto credited to a second ente (pagoPA multi-beneficiary, e.g. TARI + TEFA). */
export const SECONDARY_COLUMNS = [
  'flgMultibeneficiario',
  'codiceFiscaleEnteSecondario',
  'denominazioneEnteSecondario',
  'ibanAccreditoEnteSecondario',
  'indirizzoEnteSecondario',
  'civicoEnteSecondario',
  'capEnteSecondario',
  'localitaEnteSecondario',
  'provinciaEnteSecondario',
  'nazioneEnteSecondario',
  'datiSpecificiRiscossioneEnteSecondario',
  'causaleVersamentoEnteSecondario',
  'importoVersamentoEnteSecondario',
] as const;

export type FlowColumn = (typeof BASE)[number] | 'bilancio' | 'flgGeneraIuv' | (typeof SECONDARY_COLUMNS)[number] | 'azione';

export const FLOW_COLUMNS: Readonly<Record<FlowVersion, readonly FlowColumn[]>> = Object.freeze({
  '1_0': [...BASE, 'azione'],
  '1_1': [...BASE, 'azione'],
  '1_2': [...BASE, 'bilancio', 'azione'],
  '1_3': [...BASE, 'bilancio', 'flgGeneraIuv', 'azione'],
  '1_4': [...BASE, 'bilancio', 'flgGeneraIuv', ...SECONDARY_COLUMNS, 'azione'],
});

/** 20, 20, 21, 22, 35: what MyPay's batch accepts per version. */
export const columnCount = (version: FlowVersion): number => FLOW_COLUMNS[version].length;

/** Column name → 0-based position, per version. */
export const COLUMN_INDEX: Readonly<Record<FlowVersion, Readonly<Partial<Record<FlowColumn, number>>>>> = Object.freeze(
  Object.fromEntries(
    Object.entries(FLOW_COLUMNS).map(([version, columns]) => [version, Object.fromEntries(columns.map((c, i) => [c, i]))]),
  ) as Record<FlowVersion, Partial<Record<FlowColumn, number>>>,
);

/** The header line MyPay documents for a version (what the generator writes). */
export const flowHeader = (version: FlowVersion): string => FLOW_COLUMNS[version].join(';');
