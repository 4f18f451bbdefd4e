/*
 * Child process of event-store.sqlite-crash.contract-spec.ts: appends big batches to a SQLite event store until
 * it is killed. It loads the real adapter from src/ by compiling TypeScript on require with @swc/core (already a
 * dev dependency), so the crash test exercises our code, not a copy of it.
 * Usage: node event-store.crash-child.js <file> <eventsPerBatch>
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformFileSync(filename, {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { SqliteEventStore } = require(path.resolve(__dirname, '../../src/event-store/sqlite-event-store.ts'));

async function main() {
  const [file, perBatch] = process.argv.slice(2);
  const size = Number(perBatch);
  const store = SqliteEventStore.open(file);
  const metadata = { correlationId: 'crash', actor: 'system:crash-test', occurredAt: '2025-03-14T10:15:00.000+01:00', schemaVersion: 1 };
  for (let batch = 0; ; batch++) {
    const requests = [];
    for (let i = 0; i < size; i++) {
      requests.push({
        streamId: `crash-${batch}-${i}`,
        expectedRevision: 'no_stream',
        events: [{ id: randomUUID(), type: 'CrashTested', data: { batch, i }, metadata }],
      });
    }
    // stdout to a pipe is synchronous on Linux: the parent reads this line while the batch below is being written.
    process.stdout.write(`start ${batch}\n`);
    await store.appendBatch(requests);
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
