import { effectKeys, timeOrderedUuid } from './position-teller';

describe('position teller', () => {
  it('given many ids made in the same millisecond and later, then they are distinct UUIDs in increasing order', () => {
    const ids = [...Array(5000).keys()].map((i) => timeOrderedUuid(1_800_000_000_000 + Math.floor(i / 2000)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
  });

  it('given a clock that goes back, then the ids keep growing', () => {
    const a = timeOrderedUuid(1_900_000_000_000);
    const b = timeOrderedUuid(1_899_999_999_000);
    expect(b > a).toBe(true);
  });

  it('given the same effects in another order or repeated, then they have the same identities', () => {
    const now = '2030-01-01T00:00:00Z';
    const reported = { type: 'MarkReported', data: { iuf: 'IUF1', idPSP: 'P', rowIndex: 2, esito: '0', amount: 100, dataRegolamento: '2030-01-01' }, metadata: { now } } as const;
    const reconciled = { type: 'MarkReconciled', data: { codes: ['RT_IUF', 'RT_IUF_TES'] }, metadata: { now } } as const;
    const again = { type: 'MarkReconciled', data: { codes: ['RT_IUF_TES', 'RT_IUF', 'RT_IUF'] }, metadata: { now } } as const;
    expect(effectKeys([reconciled, reported, again])).toEqual(effectKeys([reported, reconciled]));
    expect(effectKeys([reported, reconciled])).toEqual(['K|RT_IUF,RT_IUF_TES', 'R|IUF1|2']);
  });
});
