/**
 * The odd/even conversion tables that Italian identifiers share: the codice fiscale check letter and the CIN of
 * an Italian IBAN are both sum(odd(c) at 1st,3rd,... position, even(c) at 2nd,4th,...) mod 26, as a letter A..Z.
 */
const ODD_VALUES: Record<string, number> = {
  '0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};

const evenValue = (c: string): number => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65);

/** `chars` must be upper-case letters and digits only (callers check the shape first). */
export function oddEvenCheckLetter(chars: string): string {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    // position i is 0-based, so i = 0 is the 1st (odd) character
    sum += i % 2 === 0 ? ODD_VALUES[c]! : evenValue(c);
  }
  return String.fromCharCode(65 + (sum % 26));
}
