/** Kind of step, for icons and filters; eventType keeps the exact event. */
export type AuditKind =
  | 'creazione'
  | 'modifica'
  | 'annullamento'
  | 'richiesta_pagamento'
  | 'ricevuta_positiva'
  | 'ricevuta_negativa'
  | 'pagamento_doppio'
  | 'rendicontazione'
  | 'incasso'
  | 'riconciliazione'
  | 'accertamento'
  | 'scadenza';

/** The amounts and ids an entry is about, so the UI can link them (IUF → the flow, movementId → the journal). */
export interface AuditRefs {
  /** Euros, "147.92". */
  importo?: string;
  iuv?: string;
  iur?: string;
  iuf?: string;
  movementId?: string;
  idPSP?: string;
  accertamentoId?: string;
}

export interface AuditEntry {
  /** `${codIpa}|${iud}|${revision}` */
  id: string;
  codIpa: string;
  iud: string;
  /** `${codIpa}|${iud}`: the id of the position in the positions read model. */
  positionKey: string;
  /** Revision of the event in the position stream: the order of the history. */
  revision: number;
  /** When it happened, UTC ISO. */
  at: string;
  type: AuditKind;
  /** Short title, e.g. "Ricevuta positiva". */
  what: string;
  /** The sentence an operator reads. */
  detail: string;
  /** Anomalies an operator must act on (paid twice, paid after cancellation, amount differs). */
  warnings: string[];
  /** Who: "api-key:<keyId>", "operator:<user>", "node", "import:<flowId>", "system:<process>". */
  actor: string;
  /** Through what: api, backoffice, import, nodo, sistema, or the pagoPA primitive (paGetPaymentV2, paSendRTV2...). */
  channel?: string;
  refs: AuditRefs;
  /** The raw event, one click away. */
  eventId: string;
  eventType: string;
  eventPosition: string;
  correlationId: string;
}
