import fc from 'fast-check';
import { mailFileName } from './mail-file-name';

const SAFE = /^[A-Za-z0-9_%-][A-Za-z0-9_.%~-]*\.eml$/;

describe('mail file name', () => {
  it('keeps a readable id readable', () => {
    expect(mailFileName('receipt-mail-3f2a9c1e')).toBe('receipt-mail-3f2a9c1e.eml');
  });

  it('escapes ":" so the name also works on Windows', () => {
    expect(mailFileName('receipt-mail:3f2a9c1e')).toBe('receipt-mail%3A3f2a9c1e.eml');
  });

  it('never leaves the day folder, whatever the id', () => {
    expect(mailFileName('../../etc/passwd')).toBe('%2E.%2F..%2Fetc%2Fpasswd.eml');
    expect(mailFileName('..')).toBe('%2E..eml');
    expect(mailFileName('a\\b')).toBe('a%5Cb.eml');
  });

  it('stays within a file name length limit for long non-ASCII ids, and still tells them apart', () => {
    const a = mailFileName('è'.repeat(200));
    const b = mailFileName(`${'è'.repeat(199)}é`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(255);
    expect(a).toMatch(SAFE);
    expect(a).not.toBe(b);
  });

  it('gives every id a safe name, and distinct ids distinct names', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), (x, y) => {
        expect(mailFileName(x)).toMatch(SAFE);
        expect(Buffer.byteLength(mailFileName(x))).toBeLessThanOrEqual(255);
        if (x !== y) expect(mailFileName(x)).not.toBe(mailFileName(y));
      }),
      { numRuns: 1000 },
    );
  });
});
