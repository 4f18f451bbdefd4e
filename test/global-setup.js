/**
 * Jest hides the console output of a test file whose tests are all skipped, so the suites that need a server
 * or the shared fixtures announce their skips here as well, once per run, where it is always visible.
 */
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');

function reachable(url, fallbackPort) {
  return new Promise((resolve) => {
    let host = '127.0.0.1';
    let port = fallbackPort;
    try {
      const u = new URL(url);
      host = u.hostname || host;
      port = Number(u.port) || fallbackPort;
    } catch {}
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

module.exports = async () => {
  const lines = [];
  if (!process.env.EVENTSTORE_URL) lines.push('SKIP: EventStoreDB contract suite: EVENTSTORE_URL not set');
  if (!process.env.MONGO_URL) lines.push('SKIP: MongoDB read-store contract suite: MONGO_URL not set');
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!(await reachable(redisUrl, 6379))) lines.push(`SKIP: BullMQ contract suite: Redis not reachable at ${redisUrl}`);
  const fixtures = path.resolve(__dirname, '..', '..', 'shared', 'fixtures');
  if (!fs.existsSync(fixtures)) lines.push(`SKIP: pagoPA conformance suites: shared/fixtures not found at ${fixtures}`);
  if (lines.length) process.stdout.write(`\n${lines.join('\n')}\n\n`);
};
