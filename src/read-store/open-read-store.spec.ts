import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openReadStore } from './open-read-store';

describe('openReadStore', () => {
  it('opens the embedded SQLite store for sqlite: URLs, creating the data folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-open-rs-'));
    try {
      const store = await openReadStore(`sqlite:${path.join(dir, 'nested', 'read.db')}`);
      expect(store.kind).toBe('sqlite');
      expect((await store.health()).ok).toBe(true);
      await store.close();
      expect(fs.existsSync(path.join(dir, 'nested', 'read.db'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a URL of no known kind, saying which kinds exist', async () => {
    await expect(openReadStore('postgres://localhost/quadra')).rejects.toThrow(/sqlite:<file> nor mongodb:\/\//);
  });
});
