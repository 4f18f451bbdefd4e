import { DomainError } from '../../kernel/errors';
import { avvisoQrPayload, MAX_AVVISO_CENTS } from './avviso-qr';

const input = { numeroAvviso: '301000000000000144', cfEnte: '80016350821', importoCents: 14792 };

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError');
};

describe('avvisoQrPayload (pagoPA "Avviso di pagamento", Codice QR, version 002)', () => {
  it('joins identifier, version, codice avviso, CF ente and cents with pipes', () => {
    expect(avvisoQrPayload(input)).toBe('PAGOPA|002|301000000000000144|80016350821|14792');
  });

  it('writes cents without separators or padding, except the one leading zero the 2-character minimum needs', () => {
    expect(avvisoQrPayload({ ...input, importoCents: 100 })).toBe('PAGOPA|002|301000000000000144|80016350821|100');
    expect(avvisoQrPayload({ ...input, importoCents: 10 })).toBe('PAGOPA|002|301000000000000144|80016350821|10');
    expect(avvisoQrPayload({ ...input, importoCents: 7 })).toBe('PAGOPA|002|301000000000000144|80016350821|07');
    expect(avvisoQrPayload({ ...input, importoCents: MAX_AVVISO_CENTS })).toBe('PAGOPA|002|301000000000000144|80016350821|99999999999');
  });

  it('matches the field pattern PSP readers apply (\\d{18}, \\d{11}, \\d{2,11})', () => {
    for (const importoCents of [1, 9, 10, 14792, MAX_AVVISO_CENTS]) {
      expect(avvisoQrPayload({ ...input, importoCents })).toMatch(/^PAGOPA\|002\|\d{18}\|\d{11}\|\d{2,11}$/);
    }
  });

  it('refuses a numero avviso with wrong mod-93 check digits, another length or another aux digit', () => {
    expect(codeOf(() => avvisoQrPayload({ ...input, numeroAvviso: '301000000000000145' }))).toBe('NUMERO_AVVISO_CHECK_DIGITS');
    // The pagoPA examples' notice number: 3111111111122222 mod 93 is 47, not 22.
    expect(codeOf(() => avvisoQrPayload({ ...input, numeroAvviso: '311111111112222222' }))).toBe('NUMERO_AVVISO_CHECK_DIGITS');
    expect(codeOf(() => avvisoQrPayload({ ...input, numeroAvviso: '3010 0000 0000 0001 44' }))).toBe('INVALID_NUMERO_AVVISO');
    expect(codeOf(() => avvisoQrPayload({ ...input, numeroAvviso: '001000000000000144' }))).toBe('INVALID_NUMERO_AVVISO');
  });

  it('refuses a CF ente with a wrong check digit, a wrong length or all zeros', () => {
    expect(codeOf(() => avvisoQrPayload({ ...input, cfEnte: '80016350820' }))).toBe('PARTITA_IVA_CHECK_DIGIT');
    expect(codeOf(() => avvisoQrPayload({ ...input, cfEnte: '800163508' }))).toBe('INVALID_PARTITA_IVA');
    expect(codeOf(() => avvisoQrPayload({ ...input, cfEnte: '00000000000' }))).toBe('INVALID_PARTITA_IVA');
  });

  it('refuses zero, negative, fractional and oversized amounts', () => {
    for (const importoCents of [0, -100, 147.92, Number.NaN, MAX_AVVISO_CENTS + 1]) {
      expect(codeOf(() => avvisoQrPayload({ ...input, importoCents }))).toBe('INVALID_AMOUNT');
    }
  });

  it('names the field and the expected check digits in its message', () => {
    try {
      avvisoQrPayload({ ...input, numeroAvviso: '301000000000000145' });
    } catch (e) {
      expect((e as DomainError).field).toBe('numeroAvviso');
      expect((e as DomainError).message).toContain('expected 44');
    }
    expect.assertions(2);
  });
});
