// What a build of a shell does with the engine, in small (test/integration/engine-build.test.ts
// bundles this beside electron/service/engine-worker.ts and runs it with plain Node): starts the
// engine host, asks it one call, prints the answer's envelope.
import { startEngine } from '../../electron/service/engine-host';
import { MemorySecretStore } from '../../electron/service/secret-store';

const engine = startEngine({ accountsFile: process.argv[2] ?? '', secrets: new MemorySecretStore() });
const answer = await engine.call('listAccounts', []);
process.stdout.write(`${answer.envelope}\n`);
await engine.close();
