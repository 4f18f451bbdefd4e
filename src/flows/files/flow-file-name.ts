import { DomainError, invalid } from '../../kernel/errors';
import { FLOW_VERSIONS, type FlowVersion, isFlowVersion } from '../domain/flow-version';

export { FLOW_VERSIONS, type FlowVersion, isFlowVersion };

/*
 * MyPay "modalità per flussi": the gestionale uploads `<codIpa>-<IUF>-<versione>.zip` holding `<same name>.csv`.
 *
 * MyPay itself splits the name on every '-' and wants exactly three parts. We split on the FIRST and the LAST
 * '-' instead, so an IUF such as `20240101-001` is accepted too: codIpa never contains '-', and the version never
 * does, so the split is unambiguous. The IUF is kept to letters, digits, '_', '.' and '-' because it ends up in
 * stored file names and URLs; MyPay is looser there (anything but '-').
 */

/** IPA codes are letters, digits and '_' (c_h501, r_veneto, asl_ve3); a '-' would break the split. */
const COD_IPA_PATTERN = /^[A-Za-z0-9_]{1,35}$/;
/** The IUF is the ente's own id of the flow, unique per ente; it becomes part of stored file names. */
const IUF_PATTERN = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9_])?$/;
const VERSION_SHAPE = /^\d+_\d+$/;

export interface FlowFileName {
  codIpa: string;
  iuf: string;
  versione: FlowVersion;
  /** `<codIpa>-<IUF>-<versione>`: the stem shared by the ZIP, its CSV and the result files. */
  baseName: string;
  zipName: string;
  /** The only entry the ZIP must contain. */
  csvName: string;
}

const NAME_RULE = "the name must be '<codice IPA>-<identificativo univoco flusso>-<versione tracciato>.zip', e.g. c_h501-TARI2024_001-1_4.zip";

/**
 * Parses the uploaded ZIP name. With `expectedCodIpa` (the ente the upload is for) the codIpa in the name must be
 * that ente's, compared ignoring case as MyPay does: a flow named for another ente is refused before it is opened.
 */
export function parseFlowZipName(fileName: string, expectedCodIpa?: string): FlowFileName {
  const field = 'fileName';
  if (typeof fileName !== 'string' || fileName.length === 0) throw invalid('FLOW_NAME_INVALID', field, `The file has no name: ${NAME_RULE}`);
  if (/[\\/]/.test(fileName) || fileName.includes('\0')) {
    throw invalid('FLOW_NAME_INVALID', field, `"${fileName}" contains a path separator: give the file name only; ${NAME_RULE}`);
  }
  const m = /^(.*)\.zip$/i.exec(fileName);
  if (!m) throw invalid('FLOW_NAME_INVALID', field, `"${fileName}" is not a .zip file: ${NAME_RULE}`);
  const baseName = m[1]!;
  const first = baseName.indexOf('-');
  const last = baseName.lastIndexOf('-');
  if (first <= 0 || last === first || last === baseName.length - 1) {
    throw invalid('FLOW_NAME_INVALID', field, `"${fileName}" does not have the three parts codIpa, IUF and version: ${NAME_RULE}`);
  }
  const codIpa = baseName.slice(0, first);
  const iuf = baseName.slice(first + 1, last);
  const versione = baseName.slice(last + 1);
  if (!COD_IPA_PATTERN.test(codIpa)) {
    throw invalid('FLOW_NAME_INVALID', field, `"${fileName}": the codice IPA "${codIpa}" may hold only letters, digits and '_' (at most 35)`);
  }
  if (!IUF_PATTERN.test(iuf)) {
    throw invalid(
      'FLOW_NAME_INVALID',
      field,
      `"${fileName}": the flow id (IUF) "${iuf}" may hold only letters, digits, '_', '.' and '-' ('.' and '-' not at its ends), at most 100 characters`,
    );
  }
  if (!isFlowVersion(versione)) {
    const known = VERSION_SHAPE.test(versione) ? 'is not supported' : 'is not a version';
    throw new DomainError(
      'FLOW_VERSION_UNSUPPORTED',
      `"${fileName}": tracciato version "${versione}" ${known}; supported versions are ${FLOW_VERSIONS.join(', ')}`,
      'invalid',
      field,
      { versione, supported: [...FLOW_VERSIONS] },
    );
  }
  if (expectedCodIpa !== undefined && codIpa.toLowerCase() !== expectedCodIpa.toLowerCase()) {
    throw new DomainError(
      'FLOW_ENTE_MISMATCH',
      `"${fileName}" is named for ente "${codIpa}", but it was uploaded for ente "${expectedCodIpa}": a flow can only be loaded by the ente it names`,
      'invalid',
      field,
      { codIpaInName: codIpa, codIpa: expectedCodIpa },
    );
  }
  return { codIpa, iuf, versione, baseName, zipName: fileName, csvName: `${baseName}.csv` };
}

/** The entry name the ZIP must hold; compared exactly, except for the case of the extension. */
export const isExpectedCsvName = (entryName: string, flow: Pick<FlowFileName, 'baseName'>): boolean =>
  entryName === `${flow.baseName}.csv` || entryName === `${flow.baseName}.CSV`;

/** MyPay's result files live beside the flow and share its stem. */
export const scartiFileName = (flow: Pick<FlowFileName, 'baseName'>): string => `${flow.baseName}_SCARTI.csv`;
export const iuvFileName = (flow: Pick<FlowFileName, 'baseName'>): string => `${flow.baseName}_IUV.csv`;

export const flowZipName = (codIpa: string, iuf: string, versione: FlowVersion): string => `${codIpa}-${iuf}-${versione}.zip`;
