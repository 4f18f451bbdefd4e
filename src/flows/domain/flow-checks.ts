import { type FlowRow, type RowRejection } from './flow-row';

/**
 * Checks across the rows of one flow. An IUD may appear once per flow: the first occurrence is loaded (as MyPay
 * does) and every later one is rejected, naming the row that came first so the ente can see which one won.
 * Only rows that passed their own validation are tracked, so a broken first row does not block a good later one.
 */
export class IudTracker {
  private readonly firstRow = new Map<string, number>();

  /** Returns the rejection for a repeated IUD, or undefined (and remembers the IUD) the first time. */
  check(row: Pick<FlowRow, 'iud' | 'rowNumber'> & { raw?: readonly string[] }, fields?: readonly string[]): RowRejection | undefined {
    const first = this.firstRow.get(row.iud);
    if (first === undefined) {
      this.firstRow.set(row.iud, row.rowNumber);
      return undefined;
    }
    return {
      rowNumber: row.rowNumber,
      iud: row.iud,
      fields: fields ?? row.raw ?? [],
      problems: [
        {
          field: 'IUD',
          code: 'IUD_DUPLICATED_IN_FLOW',
          message: `Row ${row.rowNumber}: IUD "${row.iud}" already appears in row ${first} of this flow; a dovuto may appear only once per flow`,
          details: { firstRow: first },
        },
      ],
    };
  }
}

export function checkFlowRows(rows: readonly FlowRow[]): RowRejection[] {
  const tracker = new IudTracker();
  const rejections: RowRejection[] = [];
  for (const row of rows) {
    const rejection = tracker.check(row);
    if (rejection) rejections.push(rejection);
  }
  return rejections;
}
