import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

/**
 * One process on a laptop or a cluster in production, chosen only by URLs:
 * unset URLs fall back to the embedded adapters under DATA_DIR.
 */
export interface QuadraConfig {
  port: number;
  dataDir: string;
  eventStoreUrl: string;
  readStoreUrl: string;
  redisUrl?: string;
  smtpUrl?: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  role: 'all' | 'api' | 'worker';
  /** Worker threads running the projections; 0 = on the main event loop. */
  projectionThreads: number;
  /** Nice value of a projection thread that runs only background projections (Projection.background); 0 = none. */
  backgroundNice: number;
  production: boolean;
  publicBaseUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): QuadraConfig {
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port, got "${env.PORT}"`);
  const role = (env.QUADRA_ROLE ?? 'all') as QuadraConfig['role'];
  if (!['all', 'api', 'worker'].includes(role)) throw new Error(`QUADRA_ROLE must be all, api or worker, got "${role}"`);
  const production = env.NODE_ENV === 'production';
  const adminTokenGenerated = !env.QUADRA_ADMIN_TOKEN;
  if (adminTokenGenerated && production) throw new Error('QUADRA_ADMIN_TOKEN must be set in production');
  const eventStoreUrl = env.EVENT_STORE_URL ?? `sqlite:${path.join(dataDir, 'events.db')}`;
  const readStoreUrl = env.READ_STORE_URL ?? `sqlite:${path.join(dataDir, 'read.db')}`;
  return {
    port,
    dataDir,
    eventStoreUrl,
    readStoreUrl,
    projectionThreads: projectionThreads(env.QUADRA_PROJECTION_THREADS, eventStoreUrl, readStoreUrl),
    backgroundNice: backgroundNice(env.QUADRA_BACKGROUND_NICE),
    redisUrl: env.REDIS_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    adminToken: env.QUADRA_ADMIN_TOKEN ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated,
    role,
    production,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
  };
}

/**
 * Embedded files: two projection threads by default (the projections are split by weight, and each writes files of
 * its own), so projecting uses the second core and never the request loop.
 * In-memory databases cannot be shared with a thread; with servers, scaling out is done with `worker` processes.
 */
function projectionThreads(value: string | undefined, eventStoreUrl: string, readStoreUrl: string): number {
  if (value !== undefined && value !== '') {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 8) throw new Error(`QUADRA_PROJECTION_THREADS must be an integer from 0 to 8, got "${value}"`);
    return n;
  }
  return sqliteFileUrl(eventStoreUrl) && sqliteFileUrl(readStoreUrl) ? 2 : 0;
}

/** The URL when it names an embedded database in a file, which another thread can open too (not :memory:). */
export function sqliteFileUrl(url: string): string | undefined {
  const f = sqlitePath(url);
  return f !== undefined && f !== '' && f !== ':memory:' ? url : undefined;
}

/**
 * 10 by default: on a busy machine such a thread gets about a tenth of a core next to a busy one at normal priority,
 * so an imported flow is searchable sooner (100,000 rows on 2 cores, interleaved runs: 5,413–6,192 → 6,420–6,880 rows/s
 * from upload to queryable) and the audit trail, payer view and statistics follow seconds later. When the CPU is idle it changes nothing.
 */
export const DEFAULT_BACKGROUND_NICE = 10;

function backgroundNice(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_BACKGROUND_NICE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new Error(`QUADRA_BACKGROUND_NICE must be an integer from 0 (off) to 19, got "${value}"`);
  return n;
}

/** "sqlite:./data/events.db" → "./data/events.db"; "sqlite::memory:" → ":memory:". */
export function sqlitePath(url: string): string | undefined {
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : undefined;
}

export const CONFIG = Symbol('QuadraConfig');
