// The messages between the engine host (engine-host.ts, in the shell's thread) and an engine
// thread (engine-worker.ts). Everything here crosses postMessage (structured clone): plain data.

import type { AppEvent } from '../../shared/api';
import type { Answer } from './dispatcher';
import type { HttpSettings } from './sharing-service';

/** What an engine thread is started with. */
export interface EngineWorkerData {
  /** accounts.json: every engine thread reads it; only the account-list thread writes it. */
  accountsFile: string;
  /** HTTP settings that can cross a thread (no functions). */
  http?: Pick<HttpSettings, 'timeoutMs' | 'maxResponseBytes' | 'userAgent'>;
  /** What the shell found wrong at start, for takeNotices (answered by the account-list thread). */
  notices?: string[];
}

export type SecretOperation =
  { op: 'get'; accountId: string } | { op: 'set'; accountId: string; password: string } | { op: 'delete'; accountId: string };

/** Host → engine thread. */
export type ToEngine =
  | { type: 'call'; id: number; method: string; args: unknown }
  | { type: 'cancel'; id: number }
  /** Another thread changed the account list: forget what was read. */
  | { type: 'reload' }
  | { type: 'secret-answer'; id: number; ok: true; value?: string }
  | { type: 'secret-answer'; id: number; ok: false; message: string };

/** Engine thread → host. */
export type FromEngine =
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'event'; event: AppEvent }
  /** The thread asks the host's SecretStore: passwords live in the shell's thread, which outlives engine threads. */
  | ({ type: 'secret'; id: number } & SecretOperation);
