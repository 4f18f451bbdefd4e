import { given as givenFor } from '../../../test/helpers/given-when-then';
import type { FlowImportCommand } from './flow-import.commands';
import { flowImportDecider, importIdOf } from './flow-import.decider';
import type { FlowImportEvent } from './flow-import.events';

const given = givenFor(flowImportDecider);
const now = '2026-03-01T10:00:00Z';
const file = { codIpa: 'c_h501', flowId: 'TARI_001', fileName: 'c_h501-TARI_001-1_4.zip', sha256: 'aa', bytes: 1234, storedAs: 'flows/c_h501/c_h501-TARI_001-1_4.zip' };
const ids = { codIpa: 'c_h501', flowId: 'TARI_001' };
const upload = (over: Partial<typeof file> = {}): FlowImportCommand => ({ type: 'UploadFlow', data: { ...file, ...over }, metadata: { now } });
const uploaded = (attempt = 1, over: Partial<typeof file> = {}): FlowImportEvent => ({ type: 'FlowUploaded', data: { ...file, ...over, attempt, at: now } });
const start = (rowsTotal = 2500): FlowImportCommand => ({ type: 'StartFlowImport', data: { rowsTotal }, metadata: { now } });
const started = (rowsTotal = 2500, attempt = 1): FlowImportEvent => ({ type: 'FlowImportStarted', data: { ...ids, attempt, rowsTotal, at: now } });
const progress = (rowsDone: number, accepted = rowsDone, rejected = 0): FlowImportCommand => ({ type: 'RecordFlowProgress', data: { rowsDone, accepted, rejected }, metadata: { now } });
const progressed = (rowsDone: number, accepted = rowsDone, rejected = 0): FlowImportEvent => ({ type: 'FlowImportProgressed', data: { ...ids, rowsDone, accepted, rejected, at: now } });
const result = { rowsRead: 2500, accepted: 2490, rejected: 10, emptyLines: 0, warnings: [], scartiFile: 'flows/c_h501/x_SCARTI.csv', iuvFile: 'flows/c_h501/x_IUV.csv' };
const complete = (): FlowImportCommand => ({ type: 'CompleteFlowImport', data: result, metadata: { now } });
const completed = (): FlowImportEvent => ({ type: 'FlowImportCompleted', data: { ...ids, ...result, at: now } });
const fail = (code = 'FLOW_ZIP_BOMB'): FlowImportCommand => ({ type: 'FailFlowImport', data: { code, message: 'refused' }, metadata: { now } });
const failed = (code = 'FLOW_ZIP_BOMB'): FlowImportEvent => ({ type: 'FlowImportFailed', data: { ...ids, code, message: 'refused', at: now } });

describe('flow import', () => {
  describe('upload', () => {
    it('a new flow is recorded as its first attempt', () => {
      given().when(upload()).then([uploaded()]);
    });
    it('the same flow again is a duplicate, whatever its state', () => {
      given(uploaded()).when(upload()).thenThrows('FLOW_DUPLICATE', { kind: 'conflict', field: 'file' });
      given(uploaded(), started(), progressed(1000)).when(upload({ sha256: 'bb' })).thenThrows('FLOW_DUPLICATE');
      given(uploaded(), started(), completed()).when(upload({ sha256: 'bb' })).thenThrows('FLOW_DUPLICATE');
    });
    it('the identical file of a failed flow is still a duplicate', () => {
      given(uploaded(), failed()).when(upload()).thenThrows('FLOW_DUPLICATE');
    });
    it('a corrected file of a flow that failed as a file is a new attempt, with its own import id', () => {
      const { state } = given(uploaded(), failed()).when(upload({ sha256: 'bb' })).thenState();
      expect(state).toMatchObject({ status: 'uploaded', upload: { attempt: 2 }, rowsDone: 0 });
      expect(importIdOf(state, 'flow-c_h501-TARI_001')).toBe('flow-c_h501-TARI_001#2');
      expect(importIdOf({ upload: uploaded().data as never }, 'flow-c_h501-TARI_001')).toBe('flow-c_h501-TARI_001');
    });
  });

  describe('import', () => {
    it('starts with the number of rows to apply', () => {
      given(uploaded()).when(start()).then([started()]);
    });
    it('starting again (a resumed job) changes nothing', () => {
      given(uploaded(), started()).when(start()).thenNothing();
    });
    it('records progress per chunk', () => {
      given(uploaded(), started()).when(progress(1000, 990, 10)).then([progressed(1000, 990, 10)]);
    });
    it('a resumed job going over counted rows records nothing', () => {
      given(uploaded(), started(), progressed(2000)).when(progress(1000)).thenNothing();
    });
    it('progress needs a started import', () => {
      given(uploaded()).when(progress(1000)).thenThrows('FLOW_NOT_IMPORTING', { kind: 'conflict' });
    });
    it('completes with its counts and files', () => {
      const { state } = given(uploaded(), started(), progressed(2500, 2490, 10)).when(complete()).thenState();
      expect(state).toMatchObject({ status: 'completed', accepted: 2490, rejected: 10, scartiFile: result.scartiFile });
    });
    it('completing twice changes nothing', () => {
      given(uploaded(), started(), completed()).when(complete()).thenNothing();
    });
    it('a flow that failed cannot complete', () => {
      given(uploaded(), failed()).when(complete()).thenThrows('FLOW_NOT_IMPORTING');
    });
    it('a file-level error fails the flow with its code', () => {
      given(uploaded()).when(fail()).then([failed()]);
    });
    it('failing twice changes nothing', () => {
      given(uploaded(), failed()).when(fail('OTHER')).thenNothing();
    });
    it('a completed flow cannot fail', () => {
      given(uploaded(), started(), completed()).when(fail()).thenThrows('FLOW_ALREADY_FINISHED');
    });
    it('a failed flow cannot start', () => {
      given(uploaded(), failed()).when(start()).thenThrows('FLOW_ALREADY_FINISHED');
    });
    it.each([start(), progress(1), complete(), fail()])('nothing happens to a flow never uploaded (%#)', (cmd) => {
      given().when(cmd).thenThrows('FLOW_NOT_FOUND', { kind: 'not_found' });
    });
  });
});
