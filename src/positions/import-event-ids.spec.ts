import { importEventIds } from './import-event-ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids of an import', () => {
  const ids = importEventIds('import:flow-c_h501-F1', 'flow-c_h501-F1');

  it('are UUIDs, the same for the same row, stream, revision and index (a retried chunk re-appends nothing)', () => {
    const id = ids(2, 'position-c_h501-A-1', -1n, 0);
    expect(id).toMatch(UUID);
    expect(importEventIds('import:flow-c_h501-F1', 'flow-c_h501-F1')(2, 'position-c_h501-A-1', -1n, 0)).toBe(id);
  });

  it('differ by row, stream, revision, index and import', () => {
    const all = [
      ids(2, 'position-c_h501-A-1', -1n, 0),
      ids(3, 'position-c_h501-A-1', -1n, 0),
      ids(2, 'iuv-c_h501-01000000000000144', -1n, 0),
      ids(2, 'position-c_h501-A-1', 0n, 0),
      ids(2, 'position-c_h501-A-1', -1n, 1),
      importEventIds('import:flow-c_h501-F2', 'flow-c_h501-F2')(2, 'position-c_h501-A-1', -1n, 0),
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(UUID);
  });

  it('stay apart for thousands of names on one row', () => {
    const many = Array.from({ length: 5000 }, (_, k) => ids(7, `position-c_h501-IUD-${k}`, -1n, 0));
    expect(new Set(many).size).toBe(many.length);
  });

  it('grow with the row number, as text (the order of the store index), from the first row to the last possible', () => {
    const rows = [0, 1, 2, 63, 64, 65, 1000, 0xfffff, 0x100000, 123_456_789, 0xffffffff];
    const first = rows.map((r) => ids(r, 'position-c_h501-Z', -1n, 0));
    const sorted = [...first].sort();
    expect(first).toEqual(sorted);
    for (const id of first) expect(id).toMatch(UUID);
  });

  it('refuse a row number that does not fit', () => {
    expect(() => ids(2 ** 32, 's', -1n, 0)).toThrow(RangeError);
    expect(() => ids(-1, 's', -1n, 0)).toThrow(RangeError);
  });
});
