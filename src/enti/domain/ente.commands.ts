import type { Cents } from '../../kernel/money';
import type { EnteLogo } from './ente.events';

/** Time comes in with the command (the handler reads the clock), so deciding stays pure and repeatable. */
export interface CommandMetadata {
  /** ISO-8601 with zone. */
  readonly now: string;
}

export interface RegisterEnte {
  readonly type: 'RegisterEnte';
  readonly data: {
    /** Identity of the stream: never changes. */
    readonly codIpa: string;
    /** 11-digit codice fiscale of the ente: the idPA/fiscalCode the Node sends. */
    readonly cfEnte: string;
    readonly denominazione: string;
    /** '00'..'49': the first two IUV digits of this ente's station. */
    readonly segregationCode: string;
    readonly idStazione: string;
    /** 11-digit fiscal code of the technological intermediary (the broker). */
    readonly idIntermediario: string;
    /** Aux-digit-0 application code, kept for legacy notices. */
    readonly applicationCode?: string;
    readonly email?: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * Changes what an operator can correct. cfEnte and segregationCode are printed (QR code, numero avviso) on every
 * notice already issued, so changing them would strand those notices: they are not updatable.
 * undefined = unchanged, null = remove the optional value.
 */
export interface UpdateEnte {
  readonly type: 'UpdateEnte';
  readonly data: {
    readonly denominazione?: string;
    readonly idStazione?: string;
    readonly idIntermediario?: string;
    readonly applicationCode?: string | null;
    readonly email?: string | null;
  };
  readonly metadata: CommandMetadata;
}

/** Creates a tipo dovuto or replaces its whole configuration; sending the same configuration again changes nothing. */
export interface ConfigureTipoDovuto {
  readonly type: 'ConfigureTipoDovuto';
  readonly data: {
    readonly codTipo: string;
    readonly descrizione: string;
    /** Account credited by the riversamento; spaces and lower case tolerated. */
    readonly iban: string;
    /** Poste account (ABI 07601) for notices payable by bollettino. */
    readonly ibanPostale?: string;
    readonly active: boolean;
    /** Citizens may pay it without a position created beforehand (pagamento spontaneo). */
    readonly spontaneous: boolean;
    readonly importoFisso?: Cents;
    readonly causaleTemplate?: string;
    /** pagoPA taxonomy code, e.g. 0101100IM. */
    readonly tassonomia?: string;
    /** Default for positions of this tipo, e.g. 9/0101100IM/. */
    readonly datiSpecificiRiscossione: string;
    readonly scadenzaObbligatoria: boolean;
    /** Form of a spontaneous payment; the causale template may use only these fields as {name}. */
    readonly campi?: readonly unknown[];
    readonly bilancioDefault?: readonly unknown[];
  };
  readonly metadata: CommandMetadata;
}

export interface DeactivateTipoDovuto {
  readonly type: 'DeactivateTipoDovuto';
  readonly data: { readonly codTipo: string };
  readonly metadata: CommandMetadata;
}

/** The handler generates the key and hashes it; the domain only keeps the hash. */
export interface RegisterApiKey {
  readonly type: 'RegisterApiKey';
  readonly data: { readonly keyId: string; readonly hash: string; readonly label: string; readonly createdAt: string };
  readonly metadata: CommandMetadata;
}

export interface RevokeApiKey {
  readonly type: 'RevokeApiKey';
  readonly data: { readonly keyId: string; readonly reason?: string };
  readonly metadata: CommandMetadata;
}

export interface AddEnteIban {
  readonly type: 'AddEnteIban';
  readonly data: { readonly iban: string; readonly postale: boolean; readonly descrizione?: string };
  readonly metadata: CommandMetadata;
}

export interface RemoveEnteIban {
  readonly type: 'RemoveEnteIban';
  readonly data: { readonly iban: string };
  readonly metadata: CommandMetadata;
}

/** The handler stores the image and hashes it; the domain checks kind and size. */
export interface ChangeEnteLogo {
  readonly type: 'ChangeEnteLogo';
  readonly data: { readonly mediaType: string; readonly sha256: string; readonly bytes: number; readonly storedAs: string };
  readonly metadata: CommandMetadata;
}
export type { EnteLogo };

export type EnteCommand = RegisterEnte | UpdateEnte | ConfigureTipoDovuto | DeactivateTipoDovuto | RegisterApiKey | RevokeApiKey | AddEnteIban | RemoveEnteIban | ChangeEnteLogo;
