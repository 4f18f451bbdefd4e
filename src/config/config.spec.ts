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

  it('given no QUADRA_BACKGROUND_NICE, then threads of background projections run at nice 10; 0 turns it off; out of 0..19 is refused', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/q' }).backgroundNice).toBe(10);
    expect(loadConfig({ DATA_DIR: '/tmp/q', QUADRA_BACKGROUND_NICE: '0' }).backgroundNice).toBe(0);
    expect(loadConfig({ DATA_DIR: '/tmp/q', QUADRA_BACKGROUND_NICE: '19' }).backgroundNice).toBe(19);
    expect(() => loadConfig({ DATA_DIR: '/tmp/q', QUADRA_BACKGROUND_NICE: '20' })).toThrow(/QUADRA_BACKGROUND_NICE must be an integer from 0 \(off\) to 19, got "20"/);
    expect(() => loadConfig({ DATA_DIR: '/tmp/q', QUADRA_BACKGROUND_NICE: 'low' })).toThrow(/QUADRA_BACKGROUND_NICE/);
  });
});
