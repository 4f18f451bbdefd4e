import { isValidDatiSpecificiRiscossione, validateDatiSpecificiRiscossione } from './dati-specifici-riscossione';

describe('dati specifici di riscossione', () => {
  it.each(['9/0101100IM/', '9/0201115AP/', '0/123', '1/capitolo-1234/2024', '2/ABC', `9/${'X'.repeat(138)}`])('accepts %s', (v) => {
    expect(() => validateDatiSpecificiRiscossione(v)).not.toThrow();
    expect(isValidDatiSpecificiRiscossione(v)).toBe(true);
  });

  it.each(['3/0101100IM/', '9/01', '9 /0101100IM/', '9/0101 100IM/', '9/', '0101100IM', `9/${'X'.repeat(139)}`, ''])('refuses "%s"', (v) => {
    expect(() => validateDatiSpecificiRiscossione(v, 'bilancio.dsr')).toThrow(expect.objectContaining({ code: 'INVALID_DATI_SPECIFICI_RISCOSSIONE', field: 'bilancio.dsr' }));
    expect(isValidDatiSpecificiRiscossione(v)).toBe(false);
  });
});
