import type { AggregateType } from '../kernel/command-service';
import { exportDecider, type ExportCommand, type ExportState } from './domain/export.decider';
import { EXPORT_EVENT_VERSIONS, type ExportEvent } from './domain/export.events';

export const ExportAggregate: AggregateType<ExportCommand, ExportEvent, ExportState> = { decider: exportDecider, eventVersions: EXPORT_EVENT_VERSIONS };
