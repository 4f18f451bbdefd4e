import { type FlowReadResult, type FlowReadStats, collectFlowRows, readFlowRowsFromBytes } from '../parsers/flow-csv';
import { type FlowRowOptions, type FlowRowResult } from '../parsers/flow-row';
import { type FlowFileName, parseFlowZipName } from './flow-file-name';
import { FLOW_ZIP_LIMITS, type ZipEntry, type ZipLimits, openFlowCsv } from './safe-unzip';

/**
 * One call from an uploaded ZIP to its rows: checks the name (and that it names the uploading ente), refuses
 * unsafe archives on their declared numbers, finds `<name>.csv`, and parses it streaming. Pure: bytes in, data out.
 */
export interface OpenedFlowZip {
  flow: FlowFileName;
  csvEntry: ZipEntry;
  ignoredEntries: string[];
  /** Each call reads the CSV again from the start. */
  results(): Generator<FlowRowResult, FlowReadStats, undefined>;
}

export interface FlowZipOptions extends FlowRowOptions {
  /** The ente the upload is for; the codIpa in the file name must match it. */
  codIpa?: string;
  limits?: ZipLimits;
}

export function openFlowZip(zip: Uint8Array, fileName: string, options: FlowZipOptions = {}): OpenedFlowZip {
  const flow = parseFlowZipName(fileName, options.codIpa);
  const csv = openFlowCsv(zip, flow.csvName, options.limits ?? FLOW_ZIP_LIMITS);
  return {
    flow,
    csvEntry: csv.entry,
    ignoredEntries: csv.ignored,
    results: () => readFlowRowsFromBytes(csv.chunks(), flow.versione, options),
  };
}

export function readFlowZip(zip: Uint8Array, fileName: string, options: FlowZipOptions = {}): FlowReadResult & { flow: FlowFileName; ignoredEntries: string[] } {
  const opened = openFlowZip(zip, fileName, options);
  return { flow: opened.flow, ignoredEntries: opened.ignoredEntries, ...collectFlowRows(opened.results()) };
}
