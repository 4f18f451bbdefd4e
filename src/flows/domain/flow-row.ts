import { ValidationErrors } from '../../kernel/errors';
import { type Cents } from '../../kernel/money';
import { type PayerType } from '../../kernel/identifiers/payer-id';

/** I = insert a new dovuto, M = modify it, A = annul (cancel) it: MyPay's `azione` column. */
export type Azione = 'I' | 'M' | 'A';

export interface FlowPayer {
  tipoIdentificativoUnivoco: PayerType;
  /** Upper-case codice fiscale / partita IVA, or ANONIMO (allowed only for tipi dovuto configured for it). */
  codiceIdentificativoUnivoco: string;
  anagrafica: string;
  indirizzo?: string;
  civico?: string;
  cap?: string;
  localita?: string;
  provincia?: string;
  nazione?: string;
  email?: string;
}

/**
 * How the amount is split over the ente's budget (versions 1_2+):
 * `<bilancio><capitolo><codCapitolo/><codUfficio/>?<accertamento><codAccertamento/>?<importo/></accertamento>+</capitolo>+</bilancio>`.
 * The accertamento amounts add up to the dovuto's importo (the ente's own share in a multi-beneficiary dovuto).
 */
export interface BilancioAccertamento {
  codAccertamento?: string;
  importo: Cents;
}
export interface BilancioCapitolo {
  codCapitolo: string;
  codUfficio?: string;
  accertamenti: BilancioAccertamento[];
}
export interface Bilancio {
  capitoli: BilancioCapitolo[];
}

/** Version 1_4, flgMultibeneficiario true: the part of the payment credited to a second ente. */
export interface FlowSecondario {
  /** The ente secondario's 11-digit codice fiscale (or a 16-character one). */
  codiceFiscale: string;
  denominazione: string;
  iban: string;
  indirizzo?: string;
  civico?: string;
  cap?: string;
  localita?: string;
  provincia?: string;
  nazione?: string;
  datiSpecificiRiscossione: string;
  causale?: string;
  importo: Cents;
}

export interface FlowRow {
  /** 1-based LINE of the CSV file where the row starts (the header is line 1). */
  rowNumber: number;
  azione: Azione;
  iud: string;
  /** Given by the ente; absent when Quadra must generate it (flagGeneraIuv) or the dovuto is payable online only. */
  iuv?: string;
  /** 1_3+: generate IUV and notice for this dovuto. Versions before 1_3 have no such column: false. */
  flagGeneraIuv: boolean;
  payer: FlowPayer;
  /** YYYY-MM-DD as written; mandatory up to 1_1, optional from 1_2 (the tipo dovuto says whether it is needed). */
  dataScadenza?: string;
  /** The primary ente's amount in cents; with a secondario the payer pays importo + secondario.importo. */
  importo: Cents;
  commissioneCaricoPa?: Cents;
  tipoDovuto: string;
  /** Payment channels as MyPay lists them ("ALL" when the column is blank). */
  tipoVersamento: string;
  causale: string;
  datiSpecificiRiscossione: string;
  bilancio?: Bilancio;
  secondario?: FlowSecondario;
  /** The row's fields as read, only when the reader was asked to keep them (MyPay-layout result files). */
  raw?: readonly string[];
}

/** One thing wrong with a row: `field` is the MyPay column name, `message` starts with "Row <n>". */
export interface RowProblem {
  field: string;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** A row that will not be loaded, with every problem found in it (not only the first). */
export interface RowRejection {
  rowNumber: number;
  /** The IUD as written, when the row has one: the gestionale matches scarti on it. */
  iud?: string;
  problems: RowProblem[];
  /** The row's fields as read, so the scarti file can give the row back to the ente. */
  fields: readonly string[];
}

export const totalImporto = (row: Pick<FlowRow, 'importo' | 'secondario'>): Cents => row.importo + (row.secondario?.importo ?? 0);

/** The rejection as the kernel's ValidationErrors (first code as its code), for callers that throw or map to HTTP. */
export const rejectionError = (rejection: RowRejection): ValidationErrors =>
  new ValidationErrors(rejection.problems.map(({ field, code, message }) => ({ field, code, message })));
