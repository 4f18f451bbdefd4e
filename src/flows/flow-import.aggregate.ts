import type { AggregateType } from '../kernel/command-service';
import type { FlowImportCommand } from './domain/flow-import.commands';
import { flowImportDecider, type FlowImportState } from './domain/flow-import.decider';
import { FLOW_IMPORT_EVENT_VERSIONS, type FlowImportEvent } from './domain/flow-import.events';

export const FlowImportAggregate: AggregateType<FlowImportCommand, FlowImportEvent, FlowImportState> = {
  decider: flowImportDecider,
  eventVersions: FLOW_IMPORT_EVENT_VERSIONS,
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
