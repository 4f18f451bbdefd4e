import type { DomainEvent } from '../../kernel/decider';

/** An operator's actions on a reconciliation row (stream reconAnnotationsStreamId): the history is the stream. */
export type ReconciliationRowHidden = DomainEvent<'ReconciliationRowHidden', { readonly codIpa: string; readonly rowId: string; readonly author: string; readonly at: string }>;
export type ReconciliationRowShown = DomainEvent<'ReconciliationRowShown', { readonly codIpa: string; readonly rowId: string; readonly author: string; readonly at: string }>;
export type SegnalazioneAdded = DomainEvent<'SegnalazioneAdded', { readonly codIpa: string; readonly rowId: string; readonly text: string; readonly author: string; readonly at: string }>;

export type AnnotationEvent = ReconciliationRowHidden | ReconciliationRowShown | SegnalazioneAdded;
export const ANNOTATION_EVENTS: readonly string[] = ['ReconciliationRowHidden', 'ReconciliationRowShown', 'SegnalazioneAdded'];
export const ANNOTATION_EVENT_VERSIONS = { ReconciliationRowHidden: 1, ReconciliationRowShown: 1, SegnalazioneAdded: 1 } as const;

export const reconAnnotationsStreamId = (codIpa: string, rowId: string) => `recon-annotations-${codIpa}-${rowId}`;
