/** Child process for the SIGKILL test: runs the naive counter over the given files and reports each batch. */
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import { ProjectionRunner } from '../../src/read-store/projection-runner';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { streamCounts } from './toy-projections';

const [eventsFile, readFile] = process.argv.slice(2);
const events = SqliteEventStore.open(eventsFile);
const runner = new ProjectionRunner(streamCounts, events, SqliteReadStore.open(readFile), {
  batchSize: 500,
  onBatch: (s) => {
    process.stdout.write(`batch ${s.checkpoint}\n`);
    // Never outlive the test: once at the head there is nothing left to be killed in.
    if (s.eventsBehind === 0) process.exit(0);
  },
});
void runner.start();
