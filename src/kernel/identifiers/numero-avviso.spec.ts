import fc from 'fast-check';
import { DomainError } from '../errors';
import { buildIuv } from './iuv';
import { isValidNumeroAvviso, iuvFromNumeroAvviso, normaliseNumeroAvviso, numeroAvvisoFromIuv, validateNumeroAvviso } from './numero-avviso';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('numero avviso (aux digit 3)', () => {
  it('is "3" followed by the IUV', () => {
    expect(numeroAvvisoFromIuv('01000000000000144')).toBe('301000000000000144');
  });

  it('gives back the IUV', () => {
    expect(iuvFromNumeroAvviso('301000000000000144')).toBe('01000000000000144');
    expect(iuvFromNumeroAvviso('348172725623804858')).toBe('48172725623804858');
  });

  it('refuses to build a notice from an IUV with wrong check digits', () => {
    expect(codeOf(() => numeroAvvisoFromIuv('11111111112222222'))).toBe('IUV_CHECK_DIGITS');
  });

  it.each(['301000000000000144', '348172725623804858'])('accepts %s', (n) => {
    expect(() => validateNumeroAvviso(n)).not.toThrow();
    expect(isValidNumeroAvviso(n)).toBe(true);
  });

  it.each([
    ['311111111112222222', 'NUMERO_AVVISO_CHECK_DIGITS'], // pagopa-api examples: 47 expected
    ['348111111112222222', 'NUMERO_AVVISO_CHECK_DIGITS'], // wisp-converter: 39 expected
    ['301000000000000145', 'NUMERO_AVVISO_CHECK_DIGITS'],
    ['001000000000000144', 'INVALID_NUMERO_AVVISO'], // aux digit 0
    ['101000000000000144', 'INVALID_NUMERO_AVVISO'], // aux digit 1
    ['30100000000000014', 'INVALID_NUMERO_AVVISO'],
    ['3010000000000001440', 'INVALID_NUMERO_AVVISO'],
    ['3010 0000 0000 0001 44', 'INVALID_NUMERO_AVVISO'],
    ['', 'INVALID_NUMERO_AVVISO'],
  ])('refuses %s with %s', (n, code) => {
    expect(codeOf(() => validateNumeroAvviso(n))).toBe(code);
    expect(isValidNumeroAvviso(n)).toBe(false);
  });

  it('explains an aux digit other than 3', () => {
    expect(() => validateNumeroAvviso('001000000000000144')).toThrow(/aux digit 0/);
  });

  it('reports the field name and the expected digits', () => {
    expect(() => validateNumeroAvviso('301000000000000145', undefined, 'noticeNumber')).toThrow(
      expect.objectContaining({ code: 'NUMERO_AVVISO_CHECK_DIGITS', field: 'noticeNumber', details: { expected: '44' } }),
    );
  });

  it("checks the ente's segregation code when given", () => {
    expect(isValidNumeroAvviso('348172725623804858', '48')).toBe(true);
    expect(codeOf(() => validateNumeroAvviso('348172725623804858', '01'))).toBe('IUV_SEGREGATION_CODE');
  });

  it('normalises the grouped form printed on paper notices', () => {
    expect(normaliseNumeroAvviso('3010 0000 0000 0001 44')).toBe('301000000000000144');
    expect(normaliseNumeroAvviso(' 3010-0000-0000-0001-44 ')).toBe('301000000000000144');
  });

  describe('properties', () => {
    const segregation = fc.integer({ min: 0, max: 49 }).map((n) => String(n).padStart(2, '0'));
    const base13 = fc.stringMatching(/^\d{13}$/);

    it('a notice built from any generated IUV validates and round-trips', () => {
      fc.assert(
        fc.property(segregation, base13, (seg, base) => {
          const iuv = buildIuv(seg, base);
          const n = numeroAvvisoFromIuv(iuv);
          return isValidNumeroAvviso(n, seg) && iuvFromNumeroAvviso(n) === iuv;
        }),
      );
    });

    it('any single-digit change is detected', () => {
      fc.assert(
        fc.property(segregation, base13, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (seg, base, pos, delta) => {
          const n = numeroAvvisoFromIuv(buildIuv(seg, base));
          const changed = n.slice(0, pos) + String((Number(n[pos]) + delta) % 10) + n.slice(pos + 1);
          return !isValidNumeroAvviso(changed);
        }),
      );
    });

    it('swapping two different adjacent digits before the check digits is detected', () => {
      fc.assert(
        fc.property(segregation, base13, fc.integer({ min: 1, max: 14 }), (seg, base, pos) => {
          const n = numeroAvvisoFromIuv(buildIuv(seg, base));
          fc.pre(n[pos] !== n[pos + 1]);
          const swapped = n.slice(0, pos) + n[pos + 1] + n[pos] + n.slice(pos + 2);
          return !isValidNumeroAvviso(swapped);
        }),
      );
    });
  });
});
