import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** The pagoPA samples and schemas shared by all engineers; never copied into the project. */
export const FIXTURES = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures');
export const hasSharedFixtures = fs.existsSync(FIXTURES);

export const fixturePath = (...parts: string[]): string => path.join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]): string => fs.readFileSync(fixturePath(...parts), 'utf8');

/** describe when shared/fixtures exists, otherwise describe.skip with a visible line saying so. */
export function describeWithSharedFixtures(suite: string): jest.Describe {
  if (!hasSharedFixtures) console.log(`SKIP: ${suite}: shared/fixtures not found`);
  return hasSharedFixtures ? describe : describe.skip;
}
