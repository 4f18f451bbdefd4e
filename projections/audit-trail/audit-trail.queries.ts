import { invalid } from '../../src/kernel/errors';
import type { ReadStore } from '../../src/read-store/read-store.port';
import { positionKey } from '../common/position-events';
import type { AuditEntry } from './audit-trail.entry';
import { AUDIT_TRAIL_COLLECTION } from './audit-trail.read-model';

/**
 * The whole history of one dovuto, oldest first. Not paged: a position stream holds a handful of events
 * (a dozen in a long life), and an audit is read whole. Empty when the dovuto is unknown.
 */
export async function positionHistory(store: ReadStore, codIpa: string, iud: string): Promise<AuditEntry[]> {
  if (typeof codIpa !== 'string' || codIpa.trim() === '') throw invalid('CODIPA_REQUIRED', 'codIpa', 'codIpa is required: every query is scoped to one ente');
  if (typeof iud !== 'string' || iud === '') throw invalid('IUD_REQUIRED', 'iud', 'iud is required');
  const { items } = await store.find<AuditEntry>(AUDIT_TRAIL_COLLECTION, { filter: { positionKey: positionKey(codIpa.trim(), iud) }, sort: [['revision', 1]] });
  return items;
}
