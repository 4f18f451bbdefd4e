import { strToU8, zipSync } from 'fflate';

/**
 * A ZIP holding one text file (MyPay hands result files out as `<name>.zip` with `<name>.csv` inside).
 * The entry's date comes in as an argument, never from the clock, so the same input gives the same bytes.
 */
export const zipTextFile = (entryName: string, text: string, modifiedAt: Date | string = '1980-01-01T00:00:00'): Uint8Array =>
  zipSync({ [entryName]: [strToU8(text), { mtime: modifiedAt }] }, { level: 6 });
