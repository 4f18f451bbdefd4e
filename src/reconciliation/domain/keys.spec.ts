import { iudKey, iufKey, iuvKey, paymentKey, treasuryKey } from './keys';

// Keys are stored in the read model: the same inputs must give the same keys as the plain encodeURIComponent join did.
const encoded = (...parts: (string | number)[]) => parts.map((p) => encodeURIComponent(String(p).trim())).join('|');

describe('reconciliation keys', () => {
  const awkward = ['01000000000000144', ' IUR 0001 ', 'a|b', '50%', 'Niccolò', "it's (ok)!~*", 'x/y?z=1&w', ''];

  it('given any part, then each key is its parts trimmed, URI-encoded and joined by "|"', () => {
    for (const a of awkward) {
      expect(paymentKey('C_H501', a, a, 1)).toBe(encoded('C_H501', a, a, 1));
      expect(iudKey('C_H501', a)).toBe(encoded('C_H501', a));
      expect(iuvKey(a, a)).toBe(encoded(a, a));
      expect(treasuryKey('C_H501', a)).toBe(encoded('C_H501', a));
      expect(iufKey('C_H501', a)).toBe(encoded('C_H501', a.toUpperCase()));
    }
  });

  it('given a "|" inside a free-text IUR, then it cannot forge another payment\'s key', () => {
    expect(paymentKey('C_H501', 'A', 'B|1', 2)).not.toBe(paymentKey('C_H501', 'A', 'B', 1));
    expect(paymentKey('C_H501', 'A', 'B|1', 2)).toBe('C_H501|A|B%7C1|2');
  });
});
