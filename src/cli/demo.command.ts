import type { Command } from 'commander';
import type { AddressInfo } from 'node:net';
import { describeDemo, seedDemo } from '../demo/demo-seed';
import { createApp } from '../main';
import { loadConfig } from '../config/config';
import { CommandService } from '../kernel/command-service';
import { expireOverdue } from '../demo/demo-expiry';

/**
 * quadra demo: seeds the demo ente into a running Quadra (--url), or, without --url, into the embedded data folder
 * (DATA_DIR) by starting Quadra in this process for the time of the seeding. Refused in production.
 */
export function registerDemo(program: Command) {
  program
    .command('demo')
    .description('seed a demo ente: tipi dovuto, an operator, a few hundred dovuti paid through the simulator, FRs and a treasury journal reconciled, some anomalies')
    .option('--url <url>', 'a running Quadra (default: start one in this process on DATA_DIR)')
    .option('--token <token>', 'admin token (default: $QUADRA_ADMIN_TOKEN)')
    .option('--positions <n>', 'how many dovuti', '300')
    .action(async (opts: { url?: string; token?: string; positions: string }) => {
      if (process.env.NODE_ENV === 'production') throw new Error('quadra demo never runs in production (NODE_ENV=production)');
      const positions = Number(opts.positions);
      if (!Number.isInteger(positions) || positions < 1 || positions > 100_000) throw new Error(`--positions must be a whole number from 1 to 100000, got "${opts.positions}"`);
      const log = (line: string) => process.stdout.write(`${line}\n`);
      if (opts.url) {
        const token = opts.token ?? process.env.QUADRA_ADMIN_TOKEN;
        if (!token) throw new Error('give --token or set QUADRA_ADMIN_TOKEN: the demo registers the ente with the admin token');
        const s = await seedDemo({ baseUrl: opts.url, adminToken: token, positions, log });
        log(describeDemo(s, opts.url));
        return;
      }
      const config = loadConfig({ ...process.env, PORT: '0', QUADRA_DEMO: 'off' });
      const app = await createApp(config, { logger: false });
      await app.listen(0, '127.0.0.1');
      try {
        const { port } = app.getHttpServer().address() as AddressInfo;
        const s = await seedDemo({ baseUrl: `http://127.0.0.1:${port}`, adminToken: config.adminToken, positions, log, expire: expireOverdue(app.get(CommandService)) });
        log(describeDemo(s, process.env.PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`));
        if (config.adminTokenGenerated) log('  (the admin token was generated for this run: set QUADRA_ADMIN_TOKEN to manage the ente afterwards)');
      } finally {
        await app.close();
      }
    });
}
