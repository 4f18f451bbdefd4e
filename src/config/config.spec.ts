import { loadConfig } from './config';

describe('loadConfig', () => {
  it('given embedded files, then the projections run in two worker threads', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/q' }).projectionThreads).toBe(2);
  });

  it('given an in-memory or server store, then they run on the main loop (worker processes scale them out)', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/q', EVENT_STORE_URL: 'sqlite::memory:' }).projectionThreads).toBe(0);
    expect(loadConfig({ DATA_DIR: '/tmp/q', READ_STORE_URL: 'mongodb://mongo:27017/quadra' }).projectionThreads).toBe(0);
  });

  it('given QUADRA_PROJECTION_THREADS, then it wins, and a value out of 0..8 is refused naming the variable', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/q', QUADRA_PROJECTION_THREADS: '0' }).projectionThreads).toBe(0);
    expect(loadConfig({ DATA_DIR: '/tmp/q', QUADRA_PROJECTION_THREADS: '3', READ_STORE_URL: 'mongodb://m/q' }).projectionThreads).toBe(3);
    expect(() => loadConfig({ DATA_DIR: '/tmp/q', QUADRA_PROJECTION_THREADS: '9' })).toThrow(/QUADRA_PROJECTION_THREADS must be an integer from 0 to 8/);
    expect(() => loadConfig({ DATA_DIR: '/tmp/q', QUADRA_PROJECTION_THREADS: 'many' })).toThrow(/QUADRA_PROJECTION_THREADS/);
  });
});
