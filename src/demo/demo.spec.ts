import { isValidCodiceFiscale } from '../kernel/identifiers/codice-fiscale';
import { demoPayer } from './demo-data';
import { shouldSeedOnStart } from './demo.module';

const embedded = { production: false, role: 'all' as const, eventStoreUrl: 'sqlite:/data/events.db' };

describe('demo seeding on start', () => {
  it('seeds only when this process is the server, embedded, not production, not a worker, not switched off', () => {
    expect(shouldSeedOnStart(embedded, {}, '/app/dist/src/main.js')).toBe(true);
    expect(shouldSeedOnStart(embedded, {}, '/app/node_modules/jest-worker/processChild.js')).toBe(false);
    expect(shouldSeedOnStart(embedded, {}, '/app/dist/src/cli/main.js')).toBe(false);
    expect(shouldSeedOnStart({ ...embedded, production: true }, {}, '/app/dist/src/main.js')).toBe(false);
    expect(shouldSeedOnStart(embedded, { NODE_ENV: 'production' }, '/app/dist/src/main.js')).toBe(false);
    expect(shouldSeedOnStart(embedded, { QUADRA_DEMO: 'off' }, '/app/dist/src/main.js')).toBe(false);
    expect(shouldSeedOnStart({ ...embedded, role: 'worker' }, {}, '/app/dist/src/main.js')).toBe(false);
    expect(shouldSeedOnStart({ ...embedded, eventStoreUrl: 'esdb://es:2113' }, {}, '/app/dist/src/main.js')).toBe(false);
  });

  it('gives every demo payer a valid, distinct codice fiscale', () => {
    const cfs = Array.from({ length: 300 }, (_, i) => demoPayer(i).codiceIdentificativo);
    for (const cf of cfs) expect(isValidCodiceFiscale(cf)).toBe(true);
    expect(new Set(cfs).size).toBeGreaterThan(250);
  });
});
