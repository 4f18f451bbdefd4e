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
  return {
    port,
    dataDir,
    eventStoreUrl: env.EVENT_STORE_URL ?? `sqlite:${path.join(dataDir, 'events.db')}`,
    readStoreUrl: env.READ_STORE_URL ?? `sqlite:${path.join(dataDir, 'read.db')}`,
    redisUrl: env.REDIS_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    adminToken: env.QUADRA_ADMIN_TOKEN ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated,
    role,
    production,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
  };
}

/** "sqlite:./data/events.db" → "./data/events.db"; "sqlite::memory:" → ":memory:". */
export function sqlitePath(url: string): string | undefined {
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : undefined;
}

export const CONFIG = Symbol('QuadraConfig');
