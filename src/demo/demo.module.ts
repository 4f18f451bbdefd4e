import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CommandService } from '../kernel/command-service';
import { expireOverdue } from './demo-expiry';
import { describeDemo, seedDemo } from './demo-seed';

/**
 * The first `npm start` on an empty embedded data folder seeds the demo ente and prints how to log in. Only when
 * this process is the server itself (not a test, not the CLI), not in production, not a worker, QUADRA_DEMO≠off.
 */
export function shouldSeedOnStart(config: Pick<QuadraConfig, 'production' | 'role' | 'eventStoreUrl'>, env: NodeJS.ProcessEnv, mainFile: string | undefined): boolean {
  if (config.production || env.NODE_ENV === 'production' || env.QUADRA_DEMO === 'off' || config.role === 'worker') return false;
  if (!config.eventStoreUrl.startsWith('sqlite:')) return false;
  return !!mainFile && /[\\/]src[\\/]main\.(js|ts)$/.test(mainFile);
}

@Module({})
export class DemoModule implements OnApplicationBootstrap {
  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly adapter: HttpAdapterHost,
    private readonly commands: CommandService,
  ) {}

  async onApplicationBootstrap() {
    if (!shouldSeedOnStart(this.config, process.env, require.main?.filename)) return;
    if ((await this.store.headPosition()) !== 0n) return;
    const server = this.adapter.httpAdapter?.getHttpServer();
    if (!server) return;
    const log = new Logger('demo');
    // Seeded over HTTP once the server listens: the demo uses the public API like any client would.
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      seedDemo({ baseUrl: `http://127.0.0.1:${port}`, adminToken: this.config.adminToken, log: (line) => log.log(line), expire: expireOverdue(this.commands) }).then(
        (s) => process.stdout.write(`${describeDemo(s, this.config.publicBaseUrl)}\n`),
        (err: Error) => log.error({ msg: 'demo seeding failed', err: err.message }),
      );
    });
  }
}
