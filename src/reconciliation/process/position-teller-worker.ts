/**
 * Entry point of the reconciliation's position-teller thread (see ThreadTeller): tells the positions it is sent, one
 * message after the other, on its own connection to the event store.
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { openEventStore } from '../../event-store/open-event-store';
import { randomIds } from '../../kernel/clock';
import { CommandService } from '../../kernel/command-service';
import { tellPositions } from './position-teller';
import type { FromTeller, TellerThreadInit, ToTeller } from './position-teller-thread';

const init = workerData as TellerThreadInit;
const port = parentPort!;
const opened = openEventStore(init.eventStoreUrl).then((events) => ({ events, commands: new CommandService(events, randomIds) }));
// Told strictly in order: a later page must never be stored before an earlier one it may share a stream with.
let queue: Promise<void> = Promise.resolve();

port.on('message', (m: ToTeller) => {
  queue = queue.then(async () => {
    let reply: FromTeller;
    try {
      const { events, commands } = await opened;
      reply = { id: m.id, appended: await tellPositions(events, commands, m.byStream, m.ctx) };
    } catch (e) {
      reply = { id: m.id, error: (e as Error)?.stack ?? String(e) };
    }
    port.postMessage(reply);
  });
});
