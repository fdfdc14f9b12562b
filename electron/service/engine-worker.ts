// An engine thread: the service and the dispatcher, answering the host's messages
// (engine-protocol.ts). Each thread serves either the account list or one account
// (engine-host.ts decides); all run this same file. Passwords are asked of the host, so a thread
// that stops (idle, or crashed) takes none with it.
//
// Built, this file is engine-worker.js beside the bundle of the host; from source it starts through
// engine-worker-source.mjs, which registers tsx in the thread first.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SharedeckError, defaultMessage } from '../../shared/errors';
import { FileAccountStore } from './account-store';
import { dispatch } from './dispatcher';
import type { EngineWorkerData, FromEngine, SecretOperation, ToEngine } from './engine-protocol';
import type { SecretStore } from './secret-store';
import { createSharingService } from './sharing-service';

/** The host's SecretStore, asked over the thread's port. */
class HostSecretStore implements SecretStore {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (value: string | undefined) => void; reject: (error: Error) => void }>();

  constructor(private readonly port: MessagePort) {}

  get(accountId: string): Promise<string | undefined> {
    return this.ask({ op: 'get', accountId });
  }

  async set(accountId: string, password: string): Promise<void> {
    await this.ask({ op: 'set', accountId, password });
  }

  async delete(accountId: string): Promise<void> {
    await this.ask({ op: 'delete', accountId });
  }

  settle(message: Extract<ToEngine, { type: 'secret-answer' }>): void {
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.waiting.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(message.message));
  }

  private ask(operation: SecretOperation): Promise<string | undefined> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ type: 'secret', id, ...operation } satisfies FromEngine);
    });
  }
}

function serve(port: MessagePort, data: EngineWorkerData): void {
  const secrets = new HostSecretStore(port);
  const service = createSharingService({
    accounts: new FileAccountStore(data.accountsFile),
    secrets,
    ...(data.http ? { http: data.http } : {}),
    ...(data.notices ? { notices: data.notices } : {}),
  });
  const post = (message: FromEngine): void => {
    port.postMessage(message);
  };
  service.onEvent((event) => {
    post({ type: 'event', event });
  });
  const calls = new Map<number, AbortController>();
  port.on('message', (message: ToEngine) => {
    switch (message.type) {
      case 'call': {
        const controller = new AbortController();
        calls.set(message.id, controller);
        void dispatch(service, message.method, message.args, { signal: controller.signal }).then((answer) => {
          calls.delete(message.id);
          post({ type: 'answer', id: message.id, answer });
        });
        break;
      }
      case 'cancel':
        calls.get(message.id)?.abort(new SharedeckError('cancelled', defaultMessage('cancelled')));
        break;
      case 'reload':
        service.reload();
        break;
      case 'secret-answer':
        secrets.settle(message);
        break;
    }
  });
}

if (!parentPort) throw new Error('engine-worker runs as a worker thread of the engine host (engine-host.ts).');
serve(parentPort, workerData as EngineWorkerData);
