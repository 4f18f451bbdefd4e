import type { AggregateType } from '../kernel/command-service';
import type { FlowImportCommand } from './domain/flow-import.commands';
import { flowImportDecider, type FlowImportState } from './domain/flow-import.decider';
import { FLOW_IMPORT_EVENT_VERSIONS, type FlowImportEvent } from './domain/flow-import.events';

export const FlowImportAggregate: AggregateType<FlowImportCommand, FlowImportEvent, FlowImportState> = {
  decider: flowImportDecider,
  eventVersions: FLOW_IMPORT_EVENT_VERSIONS,
  // An import records its progress after every chunk: keep the folded state instead of re-reading a stream that
  // grows by one event per chunk (quadratic over a large flow).
  cachedStates: 100,
};

export const FLOW_IMPORT_QUEUE = 'flow-import';

export interface FlowImportJob {
  codIpa: string;
  flowId: string;
}

/**
 * Every upload is listed on one registry stream (one small event per flow), so a restarting process can find
 * the flows it must resume and the API can list an ente's flows without a read model.
 */
export const FLOW_REGISTRY_STREAM = 'flows-registry';
export type FlowRegistered = { type: 'FlowRegistered'; data: { codIpa: string; flowId: string; attempt: number; at: string } };
