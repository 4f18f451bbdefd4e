import { DirtySet } from './dirty-set';

describe('DirtySet: documents to classify', () => {
  it('given a document marked dirty by several sources, then it is classified once, under its id', () => {
    const dirty = new DirtySet();
    dirty.add({ kind: 'payment', key: 'c_h501|01000000000000101|IUR1|1' });
    dirty.add({ kind: 'flow', key: 'c_h501|IUF1' });
    dirty.add({ kind: 'payment', key: 'c_h501|01000000000000101|IUR1|1' });
    expect(dirty.size).toBe(2);
    expect([...dirty]).toEqual([
      ['payment:c_h501|01000000000000101|IUR1|1', { kind: 'payment', key: 'c_h501|01000000000000101|IUR1|1' }],
      ['flow:c_h501|IUF1', { kind: 'flow', key: 'c_h501|IUF1' }],
    ]);
  });

  it('given the same key under two kinds, then they are two documents; cleared, none is left', () => {
    const dirty = new DirtySet();
    dirty.add({ kind: 'payment', key: 'k' });
    dirty.add({ kind: 'movement', key: 'k' });
    expect(dirty.size).toBe(2);
    dirty.clear();
    expect(dirty.size).toBe(0);
    expect([...dirty]).toEqual([]);
  });
});
