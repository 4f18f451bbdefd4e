import { given } from '../../../test/helpers/given-when-then';
import { exportDecider, type ExportCommand } from './export.decider';
import type { ExportEvent } from './export.events';

const NOW = '2024-03-10T09:00:00+01:00';
const request = (from: string, to: string, tipoDovuto?: string): ExportCommand => ({
  type: 'RequestExport',
  data: { id: 'e1', codIpa: 'c_h501', from, to, ...(tipoDovuto !== undefined && { tipoDovuto }), knownTipi: ['TARI'] },
  metadata: { now: NOW },
});
const requested: ExportEvent = { type: 'ExportRequested', data: { id: 'e1', codIpa: 'c_h501', from: '2024-01-01', to: '2024-12-31', at: NOW } };
const complete: ExportCommand = { type: 'CompleteExport', data: { rows: 3, file: 'c_h501-export-e1.zip', sha256: 'ab' }, metadata: { now: NOW } };
const spec = given(exportDecider);

describe('export decider', () => {
  it('given nothing, when an export of a year of TARI is booked, then it is requested', () => {
    spec().when(request('2024-01-01', '2024-12-31', 'TARI')).then([{ type: 'ExportRequested', data: { id: 'e1', codIpa: 'c_h501', from: '2024-01-01', to: '2024-12-31', tipoDovuto: 'TARI', at: NOW } }]);
  });
  it('accepts exactly one year and refuses one day more', () => {
    spec().when(request('2024-03-01', '2025-03-01')).thenMatches([{ type: 'ExportRequested' }]);
    spec().when(request('2024-03-01', '2025-03-02')).thenThrows('EXPORT_RANGE_TOO_LONG', { field: 'to', message: /at most one year/ });
  });
  it('refuses impossible dates, a reversed range and an unknown tipo dovuto', () => {
    spec().when(request('2024-02-30', '2024-03-01')).thenThrows('INVALID_DATE', { field: 'from' });
    spec().when(request('2024-03-01', '2024-02-01')).thenThrows('INVALID_RANGE');
    spec().when(request('2024-01-01', '2024-02-01', 'IMU')).thenThrows('TIPO_DOVUTO_NOT_FOUND', { field: 'tipoDovuto' });
  });
  it('given a requested export, when completed, then rows, file and hash are recorded; a second completion or a failure after it change nothing', () => {
    spec(requested).when(complete).then([{ type: 'ExportCompleted', data: { id: 'e1', rows: 3, file: 'c_h501-export-e1.zip', sha256: 'ab', at: NOW } }]);
    const done: ExportEvent = { type: 'ExportCompleted', data: { id: 'e1', rows: 3, file: 'f', sha256: 'ab', at: NOW } };
    spec(requested, done).when(complete).thenNothing();
    spec(requested, done).when({ type: 'FailExport', data: { error: 'disk full' }, metadata: { now: NOW } }).thenNothing();
  });
  it('given a requested export, when it fails, then the reason is kept', () => {
    const { state } = spec(requested).when({ type: 'FailExport', data: { error: 'disk full' }, metadata: { now: NOW } }).thenState();
    expect(state).toMatchObject({ status: 'failed', error: 'disk full' });
  });
  it('cannot complete an export never requested', () => {
    spec().when(complete).thenThrows('EXPORT_NOT_REQUESTED', { kind: 'conflict' });
  });
});
