/**
 * The reconciliation engine (MyPivot's 14 codes), pure. How the projection uses it:
 *
 *  1. A source arrives (receipt, notification, FR, treasury movement; with its event id and time).
 *  2. Load the documents it reads: loop missingReads(cache, (s) => applySource(s, source)) and fetch.
 *  3. effect = applySource(cache, source): store effect.changed (only those documents changed).
 *  4. For each ref in effect.reclassify: load what classify reads (missingReads again), then store
 *     classify(state, ref, ctxOfEnte) as that document's codes (empty list = no codes).
 *  When an ente switches notifications or treasury on or off, re-classify all its documents:
 *  the state does not depend on the switches, only the codes do.
 */
export * from './sources';
export * from './source-validation';
export * from './keys';
export * from './versions';
export * from './classification-codes';
export * from './classification';
export * from './classify-payment';
export * from './classify-flow';
export * from './classify-treasury';
export * from './reconciliation-docs';
export * from './apply-source';
export * from './classify-state';
export * from './read-planning';
export * from './in-memory-state';
