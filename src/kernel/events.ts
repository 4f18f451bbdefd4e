/** Metadata travels with every stored event; it answers "who, why, when" for the audit trail. */
export interface EventMetadata {
  correlationId: string;
  causationId?: string;
  /** "api-key:<keyId>", "operator:<user>", "admin", "node", "import:<flowId>", "system:<process>" */
  actor: string;
  /** ISO-8601 with zone. */
  occurredAt: string;
  schemaVersion: number;
  idempotencyKey?: string;
  [key: string]: unknown;
}

export interface NewEvent<T extends string = string, D = unknown> {
  /** UUID; appending an id that is already stored is a no-op, so redelivery never duplicates. */
  id: string;
  type: T;
  data: D;
  metadata: EventMetadata;
}

export interface RecordedEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  streamId: string;
  /** 0-based revision of the event in its stream. */
  revision: bigint;
  /** Position in the global log; strictly increasing, never reused. */
  position: bigint;
  /** When the store accepted it (ISO-8601). */
  recordedAt: string;
}
