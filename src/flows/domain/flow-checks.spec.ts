import { checkFlowRows, IudTracker } from './flow-checks';
import { type FlowRow, rejectionError } from './flow-row';

const row = (rowNumber: number, iud: string): FlowRow => ({
  rowNumber,
  iud,
  azione: 'I',
  flagGeneraIuv: false,
  payer: { tipoIdentificativoUnivoco: 'F', codiceIdentificativoUnivoco: 'RSSMRA85T10A562S', anagrafica: 'ROSSI MARIO' },
  importo: 100,
  tipoDovuto: 'TARI',
  tipoVersamento: 'ALL',
  causale: 'TARI',
  datiSpecificiRiscossione: '9/0101100IM/',
});

describe('checks across the rows of one flow', () => {
  it('given an IUD repeated three times, when the flow is checked, then the second and third rows are rejected naming the first', () => {
    const rejections = checkFlowRows([row(2, 'A'), row(3, 'B'), row(5, 'A'), row(6, 'C'), row(9, 'A')]);
    expect(rejections.map((r) => [r.rowNumber, r.iud, r.problems[0]!.code, r.problems[0]!.details])).toEqual([
      [5, 'A', 'IUD_DUPLICATED_IN_FLOW', { firstRow: 2 }],
      [9, 'A', 'IUD_DUPLICATED_IN_FLOW', { firstRow: 2 }],
    ]);
    expect(rejections[0]!.problems[0]!.message).toBe('Row 5: IUD "A" already appears in row 2 of this flow; a dovuto may appear only once per flow');
  });

  it('given distinct IUDs (case matters, as in MyPay), when checked, then nothing is rejected', () => {
    expect(checkFlowRows([row(2, 'a'), row(3, 'A'), row(4, 'b')])).toEqual([]);
  });

  it('turns a rejection into the kernel ValidationErrors an API maps to a 422', () => {
    const [rejection] = checkFlowRows([row(2, 'A'), row(3, 'A')]);
    const error = rejectionError(rejection!);
    expect(error).toMatchObject({ code: 'IUD_DUPLICATED_IN_FLOW', kind: 'invalid', field: 'IUD', errors: [{ field: 'IUD', code: 'IUD_DUPLICATED_IN_FLOW' }] });
  });

  it('tracks rows one at a time for streaming reads, keeping the fields it is given for the scarti file', () => {
    const tracker = new IudTracker();
    expect(tracker.check(row(2, 'X'), ['X', 'f'])).toBeUndefined();
    expect(tracker.check(row(4, 'X'), ['X', 'g'])).toMatchObject({ rowNumber: 4, fields: ['X', 'g'] });
  });
});
