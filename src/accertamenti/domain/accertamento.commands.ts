import type { Cents } from '../../kernel/money';
import type { CommandMetadata } from './anagrafica.commands';
import type { AnagraficaSnapshot } from './anagrafica.state';

/** One line of a payment's assignment: part of its amount to a capitolo of an ufficio (and an accertamento contabile). */
export interface PaymentSplit {
  readonly codUfficio: string;
  readonly codCapitolo: string;
  readonly codAccertamento?: string;
  readonly importo: Cents;
}

export interface CreateAccertamento {
  readonly type: 'CreateAccertamento';
  readonly data: {
    /** Chosen by the handler (a UUID or the ente's own number); part of the stream id. */
    readonly id: string;
    readonly codIpa: string;
    readonly codTipoDovuto: string;
    /** Anno di esercizio, 2000..2100. */
    readonly anno: number;
    readonly descrizione: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * Adds a payment chosen in the reconciliation view. The handler reads the payment (positions read model) and the
 * anagrafica of the accertamento's ente and year and passes what it found: the decider needs nothing else.
 * The position's bilancio is the natural pre-fill of `splits`.
 */
export interface AddPayment {
  readonly type: 'AddPayment';
  readonly data: {
    /** `${codIpa}|${iud}`: the position, as the read models key it. */
    readonly paymentKey: string;
    readonly iud: string;
    readonly iuv: string;
    readonly iur?: string;
    /** The paid amount, cents. */
    readonly importo: Cents;
    /** The position's tipo dovuto. */
    readonly tipoDovuto: string;
    readonly paid: boolean;
    readonly reported: boolean;
    readonly cashed: boolean;
    /** Default true: only payments already reported (FR) and cashed (treasury) may be assessed. */
    readonly requireReportedAndCashed?: boolean;
    /** Id of a closed accertamento that already holds this payment, if any. */
    readonly alreadyInClosedAccertamento?: string;
    /** Data esito: the Italian calendar day of the payment (YYYY-MM-DD); required when paid. */
    readonly dataEsito?: string;
    /** Data regolamento of the FR row; required when reported. */
    readonly dataRegolamento?: string;
    /** Data valuta of the treasury movement; required when cashed. */
    readonly dataValuta?: string;
    readonly splits: readonly PaymentSplit[];
    readonly anagrafica: AnagraficaSnapshot;
  };
  readonly metadata: CommandMetadata;
}

export interface RemovePayment {
  readonly type: 'RemovePayment';
  readonly data: { readonly paymentKey: string };
  readonly metadata: CommandMetadata;
}

export interface CloseAccertamento {
  readonly type: 'CloseAccertamento';
  readonly data: {
    /**
     * Included payments that another accertamento closed meanwhile (the handler looks them up): closing would
     * count them twice in the budget, so the close is refused until they are removed.
     */
    readonly closedElsewhere?: readonly { readonly paymentKey: string; readonly accertamentoId: string }[];
  };
  readonly metadata: CommandMetadata;
}

export interface CancelAccertamento {
  readonly type: 'CancelAccertamento';
  readonly data: { readonly reason?: string };
  readonly metadata: CommandMetadata;
}

export type AccertamentoCommand = CreateAccertamento | AddPayment | RemovePayment | CloseAccertamento | CancelAccertamento;
