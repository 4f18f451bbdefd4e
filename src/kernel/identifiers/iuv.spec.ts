import fc from 'fast-check';
import { DomainError } from '../errors';
import { buildIuv, isLegacyIuv, isValidIuv, iuvCheckDigits, validateIuv, validateLegacyIuv } from './iuv';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('IUV (aux digit 3)', () => {
  describe('building', () => {
    it('appends the mod-93 check digits of "3" + segregation code + base (pagoPA example 301000000000000144)', () => {
      expect(buildIuv('01', '0000000000001')).toBe('01000000000000144');
    });

    it('pads check digits below 10 with a zero', () => {
      expect(buildIuv('00', '0000000000000')).toBe('00000000000000003');
    });

    it.each([
      ['48', '0000000012345', '48000000001234539'],
      ['49', '1234567890123', '49123456789012376'],
    ])('segregation %s + base %s gives %s', (seg, base, iuv) => {
      expect(buildIuv(seg, base)).toBe(iuv);
    });

    it.each(['50', '99', '1', 'A1', ''])('refuses segregation code "%s" (pagoPA assigns 00..49)', (seg) => {
      expect(codeOf(() => buildIuv(seg, '0000000000001'))).toBe('INVALID_SEGREGATION_CODE');
    });

    it.each(['000000000001', '00000000000012', '000000000000A'])('refuses a base that is not 13 digits: "%s"', (base) => {
      expect(codeOf(() => buildIuv('01', base))).toBe('INVALID_IUV_BASE');
    });

    it('computes check digits with BigInt precision (16-digit numbers exceed exact doubles)', () => {
      // 3999999999999999 mod 93 computed by hand: 3999999999999999 = 93 * 43010752688172 + 3
      expect(iuvCheckDigits('999999999999999')).toBe('03');
    });
  });

  describe('validating', () => {
    it.each(['01000000000000144', '48000000001234539', '48172725623804858', '00000000000000003'])('accepts %s', (iuv) => {
      expect(() => validateIuv(iuv)).not.toThrow();
      expect(isValidIuv(iuv)).toBe(true);
    });

    it.each([
      ['11111111112222222', 'IUV_CHECK_DIGITS'], // pagopa-api examples: 47 expected, 22 written
      ['48111111112222222', 'IUV_CHECK_DIGITS'], // wisp-converter paSendRTV2: 39 expected
      ['01000000000000145', 'IUV_CHECK_DIGITS'],
      ['863965926210520', 'INVALID_IUV'], // 15-digit legacy IUV
      ['0100000000000014', 'INVALID_IUV'],
      ['010000000000001440', 'INVALID_IUV'],
      ['0100000000000014A', 'INVALID_IUV'],
      [' 01000000000000144', 'INVALID_IUV'],
      ['', 'INVALID_IUV'],
    ])('refuses %s with %s', (iuv, code) => {
      expect(codeOf(() => validateIuv(iuv))).toBe(code);
      expect(isValidIuv(iuv)).toBe(false);
    });

    it('refuses non-strings', () => {
      expect(codeOf(() => validateIuv(1000000000000144))).toBe('INVALID_IUV');
      expect(codeOf(() => validateIuv(undefined))).toBe('INVALID_IUV');
    });

    it('names the field and the expected check digits', () => {
      try {
        validateIuv('01000000000000145');
        fail('expected a refusal');
      } catch (e) {
        expect(e).toMatchObject({ code: 'IUV_CHECK_DIGITS', field: 'iuv', kind: 'invalid', details: { expected: '44' } });
        expect((e as Error).message).toContain('expected 44');
      }
    });

    it("accepts an ente-supplied IUV only when it carries the ente's segregation code", () => {
      expect(() => validateIuv('48000000001234539', '48')).not.toThrow();
      expect(codeOf(() => validateIuv('48000000001234539', '01'))).toBe('IUV_SEGREGATION_CODE');
      expect(isValidIuv('48000000001234539', '01')).toBe(false);
    });

    it('checks digits before the segregation code, so a mistyped IUV is reported as mistyped', () => {
      expect(codeOf(() => validateIuv('48000000001234538', '01'))).toBe('IUV_CHECK_DIGITS');
    });
  });

  describe('legacy IUVs (imports of old RTs and FR rows)', () => {
    it.each(['863965926210520', '123456789112345', '11111111112222222', 'RF18539007547034', '123456IUVMOCK1', 'A'.repeat(25)])('accepts %s as legacy', (iuv) => {
      expect(isLegacyIuv(iuv)).toBe(true);
      expect(() => validateLegacyIuv(iuv)).not.toThrow();
    });

    it.each(['', 'A'.repeat(26), '12345 6789', '{iuv}', '1234-5678'])('refuses "%s" even as legacy', (iuv) => {
      expect(isLegacyIuv(iuv)).toBe(false);
      expect(codeOf(() => validateLegacyIuv(iuv))).toBe('INVALID_IUV');
    });

    it('does not let a legacy 15-digit IUV through the aux-3 write path', () => {
      expect(isValidIuv('863965926210520')).toBe(false);
    });
  });

  describe('properties', () => {
    const segregation = fc.integer({ min: 0, max: 49 }).map((n) => String(n).padStart(2, '0'));
    const base13 = fc.stringMatching(/^\d{13}$/);

    it('every built IUV validates, with its own segregation code', () => {
      fc.assert(
        fc.property(segregation, base13, (seg, base) => {
          const iuv = buildIuv(seg, base);
          return iuv.length === 17 && iuv.startsWith(seg + base) && isValidIuv(iuv, seg);
        }),
      );
    });

    it('any single-digit change is detected', () => {
      fc.assert(
        fc.property(segregation, base13, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (seg, base, pos, delta) => {
          const iuv = buildIuv(seg, base);
          const changed = iuv.slice(0, pos) + String((Number(iuv[pos]) + delta) % 10) + iuv.slice(pos + 1);
          return !isValidIuv(changed);
        }),
      );
    });
  });
});
