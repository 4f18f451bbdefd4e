import { flowZipName, isExpectedCsvName, iuvFileName, parseFlowZipName, scartiFileName } from './flow-file-name';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; details?: unknown };
  }
  throw new Error('expected a refusal');
};

describe('flow ZIP name <codIpa>-<IUF>-<versione>.zip', () => {
  it('splits a plain MyPay name into ente, flow id and version', () => {
    expect(parseFlowZipName('C_H501-TARI2024_001-1_4.zip')).toEqual({
      codIpa: 'C_H501',
      iuf: 'TARI2024_001',
      versione: '1_4',
      baseName: 'C_H501-TARI2024_001-1_4',
      zipName: 'C_H501-TARI2024_001-1_4.zip',
      csvName: 'C_H501-TARI2024_001-1_4.csv',
    });
  });

  it("keeps '-' inside the flow id: the split is on the first and the last '-'", () => {
    expect(parseFlowZipName('C_H501-20240101-001-1_4.zip')).toMatchObject({ codIpa: 'C_H501', iuf: '20240101-001', versione: '1_4' });
  });

  it('accepts every supported version and an upper-case extension', () => {
    for (const v of ['1_0', '1_1', '1_2', '1_3', '1_4']) expect(parseFlowZipName(`r_veneto-F1-${v}.ZIP`).versione).toBe(v);
  });

  it.each([
    ['no extension', 'C_H501-F1-1_4'],
    ['another extension', 'C_H501-F1-1_4.csv'],
    ['only two parts', 'C_H501-1_4.zip'],
    ['no ente', '-F1-1_4.zip'],
    ['nothing after the last dash', 'C_H501-F1-.zip'],
    ['a path', 'uploads/C_H501-F1-1_4.zip'],
    ['a Windows path', 'C:\\fakepath\\C_H501-F1-1_4.zip'],
    ['spaces in the codIpa', 'C H501-F1-1_4.zip'],
    ['a flow id with spaces', 'C_H501-TARI 2024-1_4.zip'],
    ['a flow id ending with a dot', 'C_H501-TARI.-1_4.zip'],
    ['empty', ''],
  ])('refuses %s with FLOW_NAME_INVALID', (_, name) => {
    const e = refusal(() => parseFlowZipName(name));
    expect(e.code).toBe('FLOW_NAME_INVALID');
    expect(e.message).toContain(name === '' ? 'no name' : `"${name}"`);
  });

  it.each(['1_5', '1_45', '2_0', 'v1', 'latest'])('refuses version %s with FLOW_VERSION_UNSUPPORTED, listing the supported ones', (v) => {
    const e = refusal(() => parseFlowZipName(`C_H501-F1-${v}.zip`));
    expect(e.code).toBe('FLOW_VERSION_UNSUPPORTED');
    expect(e.message).toContain(`"${v}"`);
    expect(e.message).toContain('1_0, 1_1, 1_2, 1_3, 1_4');
  });

  it('refuses a flow named for another ente with FLOW_ENTE_MISMATCH', () => {
    const e = refusal(() => parseFlowZipName('C_H501-F1-1_4.zip', 'C_L736'));
    expect(e.code).toBe('FLOW_ENTE_MISMATCH');
    expect(e.message).toContain('"C_H501"');
    expect(e.message).toContain('"C_L736"');
  });

  it('compares the ente ignoring case, as MyPay does', () => {
    expect(parseFlowZipName('c_h501-F1-1_4.zip', 'C_H501').codIpa).toBe('c_h501');
  });

  it('names the inner CSV and the result files after the ZIP', () => {
    const flow = parseFlowZipName('C_H501-F1-1_3.zip');
    expect(isExpectedCsvName('C_H501-F1-1_3.csv', flow)).toBe(true);
    expect(isExpectedCsvName('C_H501-F1-1_3.CSV', flow)).toBe(true);
    expect(isExpectedCsvName('C_H501-F2-1_3.csv', flow)).toBe(false);
    expect(scartiFileName(flow)).toBe('C_H501-F1-1_3_SCARTI.csv');
    expect(iuvFileName(flow)).toBe('C_H501-F1-1_3_IUV.csv');
    expect(flowZipName('C_H501', 'F1', '1_3')).toBe('C_H501-F1-1_3.zip');
  });
});
