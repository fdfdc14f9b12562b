// An engine thread for a test of the host's password rules (test/integration/engine-host.test.ts):
// it answers listAccounts with two accounts, and any other call by asking the host for the
// password of the account named in the call's second argument, answering with what it was told.
import { parentPort } from 'node:worker_threads';

let next = 0;
const waiting = new Map();
const answer = (id, value) => {
  parentPort.postMessage({ type: 'answer', id, answer: { envelope: JSON.stringify({ ok: true, value }), status: 'ok' } });
};

parentPort.on('message', (message) => {
  if (message.type === 'secret-answer') {
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
    return;
  }
  if (message.type !== 'call') return;
  if (message.method === 'listAccounts') {
    answer(message.id, [{ id: 'acc-1' }, { id: 'acc-2' }]);
    return;
  }
  const id = ++next;
  waiting.set(id, (reply) => {
    answer(message.id, reply.ok ? { password: reply.value ?? null } : { refused: reply.message });
  });
  parentPort.postMessage({ type: 'secret', id, op: 'get', accountId: message.args[1] });
});
