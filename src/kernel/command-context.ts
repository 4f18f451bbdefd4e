/** Who asks, why, and when: copied into the metadata of every event the command appends. */
export interface CommandContext {
  correlationId: string;
  causationId?: string;
  actor: string;
  now: string;
  idempotencyKey?: string;
  /** From If-Match: the stream revision the client last saw; a mismatch is refused, never retried. */
  expectedRevision?: bigint;
}
