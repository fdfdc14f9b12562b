// A recording implementation of the service behind the real boundary (validation.ts) and the real
// dispatcher (inProcessEngine): what the shells' tests put in place of the engine. Tests see which
// calls reached the implementation, with which arguments and signal, and set its answers.

import { SHARING_API_METHODS, type AppEvent, type SharingApiMethod } from '../../shared/api';
import { inProcessEngine, type Engine } from '../../electron/service/engine';
import { withValidation, type CallContext, type Service, type ServiceImplementation } from '../../electron/service/validation';

export interface RecordedCall {
  method: SharingApiMethod;
  args: unknown[];
}

export interface FakeEngine {
  engine: Engine;
  service: Service;
  /** Calls that reached the implementation, in order. */
  calls: RecordedCall[];
  /** The signal of each call that reached the implementation, in order. */
  signals: AbortSignal[];
  /** Per-method replacement of the default answer ({ method }). */
  answers: Partial<Record<SharingApiMethod, (...args: unknown[]) => unknown>>;
  /** Subscribers of the implementation's events (the engine's own subscription among them). */
  listeners: Set<(event: AppEvent) => void>;
  /** How many times the inbox poll ran (it lists the accounts first). */
  polls: number;
  /** Subscriptions to the engine's events open now (a shell's event streams, windows). */
  subscribers: number;
  emit(event: AppEvent): void;
}

export function fakeEngine(): FakeEngine {
  const fake = {
    calls: [],
    signals: [],
    answers: {},
    listeners: new Set(),
    polls: 0,
    subscribers: 0,
    emit(event: AppEvent) {
      for (const l of fake.listeners) l(event);
    },
  } as unknown as FakeEngine;
  const implementation: Record<string, unknown> = {
    onEvent(listener: (event: AppEvent) => void) {
      fake.listeners.add(listener);
      return () => fake.listeners.delete(listener);
    },
  };
  for (const method of SHARING_API_METHODS) {
    implementation[method] = async ({ signal }: CallContext, ...args: unknown[]) => {
      fake.calls.push({ method, args });
      fake.signals.push(signal);
      const answer = fake.answers[method];
      return answer ? await answer(...args) : { method };
    };
  }
  fake.service = withValidation(implementation as unknown as ServiceImplementation);
  const engine = inProcessEngine(fake.service);
  fake.engine = {
    ...engine,
    onEvent(listener) {
      fake.subscribers++;
      const off = engine.onEvent(listener);
      let on = true;
      return () => {
        if (on) fake.subscribers--;
        on = false;
        off();
      };
    },
    pollInvitations: () => {
      fake.polls++;
      return engine.pollInvitations();
    },
  };
  return fake;
}
