import { BoundedMemory } from './bounded-memory';

describe('BoundedMemory', () => {
  it('forgets the oldest entries beyond its limit', () => {
    const m = new BoundedMemory<string, number>(2);
    m.remember('a', 1);
    m.remember('b', 2);
    m.remember('c', 3);
    expect([m.has('a'), m.has('b'), m.has('c')]).toEqual([false, true, true]);
    expect(m.size).toBe(2);
  });

  it('counts a refreshed entry as the newest', () => {
    const m = new BoundedMemory<string, number>(2);
    m.remember('a', 1);
    m.remember('b', 2);
    m.remember('a', 10);
    m.remember('c', 3);
    expect(m.get('a')).toBe(10);
    expect(m.has('b')).toBe(false);
  });

  it('refuses a limit below 1', () => {
    expect(() => new BoundedMemory(0)).toThrow(RangeError);
  });
});
