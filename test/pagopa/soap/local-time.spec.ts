import { romeLocalToZoned } from '../../../src/pagopa/soap/local-time';

describe('romeLocalToZoned: pagoPA local times become instants', () => {
  it.each([
    ['2025-01-15T12:00:00', '2025-01-15T12:00:00+01:00'],
    ['2025-07-15T12:00:00', '2025-07-15T12:00:00+02:00'],
    ['2021-10-01T17:48:22.250', '2021-10-01T17:48:22.250+02:00'],
    // the day summer time starts (30 March 2025, 02:00 → 03:00) and ends (26 October 2025, 03:00 → 02:00)
    ['2025-03-30T01:59:59', '2025-03-30T01:59:59+01:00'],
    ['2025-03-30T03:00:00', '2025-03-30T03:00:00+02:00'],
    ['2025-10-26T02:30:00', '2025-10-26T02:30:00+02:00'],
    ['2025-10-26T03:30:00', '2025-10-26T03:30:00+01:00'],
  ])('%s → %s', (local, zoned) => {
    expect(romeLocalToZoned(local)).toBe(zoned);
    expect(new Date(zoned).toString()).not.toBe('Invalid Date');
  });

  it('leaves values that already carry a zone as they are', () => {
    expect(romeLocalToZoned('2025-01-15T12:00:00Z')).toBe('2025-01-15T12:00:00Z');
    expect(romeLocalToZoned('2025-01-15T12:00:00+05:30')).toBe('2025-01-15T12:00:00+05:30');
  });
});
