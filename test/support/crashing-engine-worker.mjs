// An engine thread for tests of the host's crash handling (test/integration/engine-host.test.ts):
// the real engine thread from source, which this ends (exit code 7) as soon as it is asked for
// getCollection, in the middle of that call, as a crash would. The real thread's listener comes
// first, so it has started the call when this one ends the thread.
import { parentPort } from 'node:worker_threads';

await import('../../electron/service/engine-worker-source.mjs');
parentPort.on('message', (message) => {
  if (message.type === 'call' && message.method === 'getCollection') process.exit(7);
});
