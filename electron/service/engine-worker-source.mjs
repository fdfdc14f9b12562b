// An engine thread started from source (under tsx, vitest or `npm run web`): loader hooks
// registered in the parent thread do not reach a worker, so this registers tsx in the thread,
// then runs the TypeScript entry. A build runs engine-worker.js directly instead.
// eslint-disable-next-line layers/allowed-imports -- from source only: a build never loads this file, nor tsx
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
