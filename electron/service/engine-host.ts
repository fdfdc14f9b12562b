// The engine host: runs the service off the shell's event loop, in worker threads, for both shells
// (the desktop main process and browser mode's HTTP server), under Electron and plain Node alike.
//
// One thread serves the account list (listAccounts, addAccount, updateAccount, removeAccount), and
// each account gets a thread of its own for every other call (their first argument names the
// account), so a slow parse of a large or hostile answer from one server stalls neither the shell
// nor the calls of the other accounts. All threads run the same entry, engine-worker.ts.
//
// Passwords stay in the shell's thread (the SecretStore given here, e.g. the desktop's safeStorage
// store): the threads ask for them. A thread that dies during calls fails those calls with an
// 'engine-stopped' answer and starts again with the next call; an account's thread that has nothing
// to do stops after a while.
//
// Where the thread's entry is: from source (this module is a .ts file: tsx, vitest) it is
// engine-worker-source.mjs, which registers tsx in the thread; in a build it is engine-worker.js,
// which the bundler must emit into the same folder as the bundle that holds this module
// (electron.vite.config.ts does for the desktop app).

import { Worker } from 'node:worker_threads';
import { ACCOUNT_LIST_METHODS, isSharingApiMethod, type AppEvent } from '../../shared/api';
import { defaultMessage } from '../../shared/errors';
import type { Account } from '../../shared/model';
import { errorAnswer, type Answer } from './dispatcher';
import { answerValue, pollInboxes, stoppedAnswer, type CallOptions, type Engine } from './engine';
import type { EngineWorkerData, FromEngine, ToEngine } from './engine-protocol';
import { Listeners } from './listeners';
import { describeError } from './log-redaction';
import type { SecretStore } from './secret-store';

export interface EngineOptions extends EngineWorkerData {
  /** Where passwords are kept; the threads ask it. */
  secrets: SecretStore;
  /** Where a thread that stopped unexpectedly is reported; the console by default. */
  log?: Pick<Console, 'warn' | 'error'>;
  /** The threads' entry; by default as the header says. */
  entry?: URL;
  /** An account's thread stops after this long without a call; 2 minutes by default. */
  idleMs?: number;
}

export interface EngineHost extends Engine {
  /** Threads running now (diagnostics and tests). */
  readonly threads: number;
}

const ACCOUNT_LIST: ReadonlySet<string> = new Set(ACCOUNT_LIST_METHODS);
const IDLE_MS = 2 * 60_000;

/** The entry of an engine thread, beside this module: see the header. */
export function defaultEngineEntry(moduleUrl: string = import.meta.url): URL {
  return moduleUrl.endsWith('.ts') ? new URL('./engine-worker-source.mjs', moduleUrl) : new URL('./engine-worker.js', moduleUrl);
}

interface Pending {
  resolve: (answer: Answer) => void;
  method: string;
  args: unknown;
}

/** One engine thread, started when a call needs it. */
class EngineThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private failure: unknown;
  private next = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly name: string,
    private readonly host: {
      options: EngineOptions;
      entry: URL;
      emit: (event: AppEvent) => void;
      /** The notices not yet handed out. */
      notices: () => string[];
      /** Stop when idle for this long; undefined: never. */
      idleMs: number | undefined;
      /** An account's thread: the only account whose password it may have. */
      accountId?: string;
    },
  ) {}

  get running(): boolean {
    return this.worker !== undefined;
  }

  call(method: string, args: unknown, signal: AbortSignal | undefined): Promise<Answer> {
    if (signal?.aborted) return Promise.resolve(errorAnswer({ code: 'cancelled', message: defaultMessage('cancelled') }));
    return new Promise<Answer>((resolve) => {
      let worker: Worker;
      try {
        worker = this.start();
      } catch (e) {
        this.host.options.log?.error(`[engine] the ${this.name} thread could not start: ${describeError(e, args)}`);
        resolve(stoppedAnswer());
        return;
      }
      const id = ++this.next;
      const onAbort = (): void => {
        this.post({ type: 'cancel', id });
      };
      this.pending.set(id, {
        method,
        args,
        resolve: (answer) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(answer);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      // While calls are in flight the thread keeps the process alive; idle, it does not.
      worker.ref();
      if (this.idle !== undefined) clearTimeout(this.idle);
      try {
        worker.postMessage({ type: 'call', id, method, args } satisfies ToEngine);
      } catch {
        // Not structured-clonable: nothing a shell relays from JSON or IPC, so the caller's fault.
        this.settle(
          id,
          errorAnswer(
            { code: 'invalid-input', message: `Invalid request to ${method}: the arguments cannot be sent.` },
            'invalid-arguments',
          ),
        );
      }
    });
  }

  post(message: ToEngine): void {
    try {
      this.worker?.postMessage(message);
    } catch {
      // the thread is going away; its exit answers what was pending
    }
  }

  /**
   * Stops the thread; what is pending answers 'engine-stopped'. A call made meanwhile starts a new
   * thread rather than going to the one that is ending.
   */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (this.idle !== undefined) clearTimeout(this.idle);
    if (!worker) return;
    this.worker = undefined;
    const stopped = [...this.pending.values()];
    this.pending.clear();
    await worker.terminate();
    for (const p of stopped) p.resolve(stoppedAnswer());
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.host.entry, {
      name: `sharedeck-engine-${this.name}`,
      workerData: {
        accountsFile: this.host.options.accountsFile,
        ...(this.host.options.http ? { http: this.host.options.http } : {}),
        // Only the account-list thread answers takeNotices (it names no account); once taken, a
        // restarted thread has none to tell again.
        ...(this.name === 'accounts' ? { notices: this.host.notices() } : {}),
      } satisfies EngineWorkerData,
    });
    this.failure = undefined;
    worker.on('message', (message: FromEngine) => {
      this.receive(worker, message);
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.failure = error;
    });
    worker.on('exit', (code) => {
      this.exited(worker, code);
    });
    this.worker = worker;
    return worker;
  }

  private receive(worker: Worker, message: FromEngine): void {
    // A thread that is ending (stopped, or replaced) has nobody waiting for its answers.
    if (worker !== this.worker) return;
    switch (message.type) {
      case 'answer':
        this.settle(message.id, message.answer);
        break;
      case 'event':
        this.host.emit(message.event);
        break;
      case 'secret':
        void this.answerSecret(worker, message);
        break;
    }
  }

  /** Answers a thread's question to the password store: to that thread only, never to a later one. */
  private async answerSecret(worker: Worker, message: Extract<FromEngine, { type: 'secret' }>): Promise<void> {
    const { secrets, log } = this.host.options;
    const reply = (answer: ToEngine): void => {
      try {
        worker.postMessage(answer);
      } catch {
        // the thread has ended meanwhile
      }
    };
    const { accountId } = this.host;
    if (accountId !== undefined && message.accountId !== accountId) {
      log?.warn(`[engine] the ${this.name} thread asked for another account's password; refused.`);
      reply({ type: 'secret-answer', id: message.id, ok: false, message: 'This thread may use its own account’s password only.' });
      return;
    }
    try {
      let value: string | undefined;
      if (message.op === 'get') value = await secrets.get(message.accountId);
      else if (message.op === 'set') await secrets.set(message.accountId, message.password);
      else await secrets.delete(message.accountId);
      reply({ type: 'secret-answer', id: message.id, ok: true, ...(value === undefined ? {} : { value }) });
    } catch (e) {
      // The store's own error may quote what it was given: only its name goes on.
      log?.warn(`[engine] the password store failed to ${message.op} a password: ${e instanceof Error ? e.name : typeof e}.`);
      reply({ type: 'secret-answer', id: message.id, ok: false, message: `The password store failed to ${message.op} a password.` });
    }
  }

  private settle(id: number, answer: Answer): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.resolve(answer);
    if (this.pending.size > 0 || !this.worker) return;
    this.worker.unref();
    const { idleMs } = this.host;
    if (idleMs !== undefined) {
      this.idle = setTimeout(() => void this.stop(), idleMs);
      this.idle.unref();
    }
  }

  /** The current thread ended without being stopped: it crashed, or could not start. */
  private exited(worker: Worker, code: number): void {
    if (this.worker !== worker) return; // stopped on purpose, or replaced
    this.worker = undefined;
    if (this.idle !== undefined) clearTimeout(this.idle);
    const failed = [...this.pending.values()];
    this.pending.clear();
    // What the thread threw may quote a call's arguments: they are cut out.
    const why =
      this.failure === undefined
        ? ''
        : `: ${describeError(
            this.failure,
            failed.map((p) => p.args),
          )}`;
    const methods = [...new Set(failed.map((p) => p.method))].join(', ') || 'none';
    this.host.options.log?.error(
      `[engine] the ${this.name} thread stopped unexpectedly (exit code ${code})${why}. ` +
        `${failed.length} call${failed.length === 1 ? '' : 's'} failed (${methods}); it starts again with the next call.`,
    );
    for (const p of failed) p.resolve(stoppedAnswer());
  }
}

/** Starts the engine host; threads start with the first call that needs them. */
export function startEngine(options: EngineOptions): EngineHost {
  const log = options.log ?? console;
  const listeners = new Listeners<AppEvent>();
  const emit = (event: AppEvent): void => {
    listeners.emit(event);
  };
  let notices = options.notices ?? [];
  const context = { options: { ...options, log }, entry: options.entry ?? defaultEngineEntry(), emit, notices: () => notices };
  const accountList = new EngineThread('accounts', { ...context, idleMs: undefined });
  const accountThreads = new Map<string, EngineThread>();
  let accountIds: Promise<ReadonlySet<string>> | undefined;
  let closed = false;

  const knownAccounts = (): Promise<ReadonlySet<string>> =>
    (accountIds ??= accountList.call('listAccounts', [], undefined).then((answer) => {
      const list = answerValue(answer) as Account[] | undefined;
      if (!list) accountIds = undefined; // ask again next time
      return new Set((list ?? []).map((a) => a.id));
    }));

  /** The thread for a call: the account's own for calls on a known account, else the account list's. */
  const threadFor = async (method: string, args: unknown): Promise<EngineThread> => {
    if (!isSharingApiMethod(method) || ACCOUNT_LIST.has(method)) return accountList;
    const accountId: unknown = Array.isArray(args) ? args[0] : undefined;
    // Only accounts that exist get a thread: a made-up id is answered by the account list's thread.
    if (typeof accountId !== 'string' || !(await knownAccounts()).has(accountId)) return accountList;
    let thread = accountThreads.get(accountId);
    if (!thread) {
      thread = new EngineThread(`account ${accountThreads.size + 1}`, { ...context, idleMs: options.idleMs ?? IDLE_MS, accountId });
      accountThreads.set(accountId, thread);
    }
    return thread;
  };

  /** After the account list changed: every account's thread re-reads it; a removed account's thread stops. */
  const accountsChanged = (method: string, args: unknown): void => {
    accountIds = undefined;
    const removed: unknown = method === 'removeAccount' && Array.isArray(args) ? args[0] : undefined;
    for (const [id, thread] of accountThreads) {
      if (id === removed) {
        accountThreads.delete(id);
        void thread.stop();
      } else thread.post({ type: 'reload' });
    }
  };

  const call = async (method: string, args: unknown, callOptions: CallOptions = {}): Promise<Answer> => {
    if (closed) return stoppedAnswer();
    const thread = await threadFor(method, args);
    const answer = await thread.call(method, args, callOptions.signal);
    if (answer.status === 'ok' && method === 'takeNotices') notices = [];
    if (answer.status === 'ok' && ACCOUNT_LIST.has(method) && method !== 'listAccounts') accountsChanged(method, args);
    return answer;
  };

  return {
    call,
    onEvent: (listener) => listeners.add(listener),
    pollInvitations: () => pollInboxes(call, emit, async (id) => (await options.secrets.get(id)) !== undefined),
    get threads() {
      return [accountList, ...accountThreads.values()].filter((t) => t.running).length;
    },
    async close() {
      closed = true;
      listeners.clear();
      await Promise.all([accountList, ...accountThreads.values()].map((t) => t.stop()));
    },
  };
}
