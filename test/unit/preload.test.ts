// electron/desktop/preload.ts with 'electron' mocked: what window.sharedeck holds, what goes on
// the channels, and how replies and events cross.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../shared/api';
import type { Transport } from '../../shared/api-client';
import { CALL_CHANNEL, CANCEL_CHANNEL, EVENT_CHANNEL } from '../../electron/desktop/ipc-channels';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Set<(...a: unknown[]) => void>>(),
  invoke: undefined as unknown as (channel: string, ...args: unknown[]) => Promise<unknown>,
  sent: [] as unknown[][],
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => bridge.exposed.set(key, api)),
  },
  ipcRenderer: {
    invoke: vi.fn((channel: string, ...args: unknown[]) => bridge.invoke(channel, ...args)),
    send: vi.fn((channel: string, ...args: unknown[]) => bridge.sent.push([channel, ...args])),
    on: vi.fn((channel: string, l: (...a: unknown[]) => void) => {
      const set = bridge.listeners.get(channel) ?? new Set();
      set.add(l);
      bridge.listeners.set(channel, set);
    }),
    removeListener: vi.fn((channel: string, l: (...a: unknown[]) => void) => bridge.listeners.get(channel)?.delete(l)),
  },
}));

await import('../../electron/desktop/preload');
const api = bridge.exposed.get('sharedeck') as Transport & Record<string, unknown>;

beforeEach(() => {
  bridge.invoke = () => Promise.resolve(JSON.stringify({ ok: true, value: 'fine' }));
  bridge.sent.length = 0;
});

describe('preload', () => {
  it('exposes window.sharedeck only: call, cancel and onEvent', () => {
    expect([...bridge.exposed.keys()]).toEqual(['sharedeck']);
    expect(Object.keys(api).sort()).toEqual(['call', 'cancel', 'onEvent']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes sharedeck:call with the request and parses the answer', async () => {
    const seen: unknown[] = [];
    bridge.invoke = (channel, ...args) => {
      seen.push([channel, ...args]);
      return Promise.resolve(JSON.stringify({ ok: true, value: [{ id: 'acc-1' }] }));
    };
    await expect(api.call({ id: 'c1', method: 'listCollections', args: ['acc-1'] })).resolves.toEqual({
      ok: true,
      value: [{ id: 'acc-1' }],
    });
    await api.call({ id: 'c2', method: 'revoke', args: ['acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com']] });
    expect(seen).toEqual([
      [CALL_CHANNEL, { id: 'c1', method: 'listCollections', args: ['acc-1'] }],
      [CALL_CHANNEL, { id: 'c2', method: 'revoke', args: ['acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com']] }],
    ]);
  });

  it('sends only the request’s own fields, and nothing that is not a contract call', async () => {
    const seen: unknown[] = [];
    bridge.invoke = (...args) => {
      seen.push(args);
      return Promise.resolve(JSON.stringify({ ok: true }));
    };
    await api.call({ id: 'c1', method: 'listAccounts', args: [], extra: 'x' } as unknown as Parameters<Transport['call']>[0]);
    expect(seen).toEqual([[CALL_CHANNEL, { id: 'c1', method: 'listAccounts', args: [] }]]);
    seen.length = 0;
    for (const request of [
      { id: 'c1', method: 'onEvent', args: [] },
      { id: 'c1', method: 'constructor', args: [] },
      { id: 'c1', method: 'listAccounts', args: 'x' },
      { id: 'a b', method: 'listAccounts', args: [] },
      { id: 7, method: 'listAccounts', args: [] },
    ]) {
      await expect(api.call(request as Parameters<Transport['call']>[0])).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    expect(seen).toEqual([]);
  });

  it('keeps the origin of an untrusted-origin error, and drops anything else an envelope carries', async () => {
    bridge.invoke = () =>
      Promise.resolve(
        JSON.stringify({
          ok: false,
          error: { code: 'untrusted-origin', message: 'Not this server.', origin: 'https://p42.example.net', stack: 'x', extra: 1 },
        }),
      );
    expect(await api.call({ id: 'c1', method: 'listAccounts', args: [] })).toEqual({
      ok: false,
      error: { code: 'untrusted-origin', message: 'Not this server.', origin: 'https://p42.example.net' },
    });
    bridge.invoke = () => Promise.resolve(JSON.stringify({ ok: true, value: 1, extra: 'x' }));
    expect(await api.call({ id: 'c2', method: 'listAccounts', args: [] })).toEqual({ ok: true, value: 1 });
  });

  it('passes an error envelope on as it came', async () => {
    bridge.invoke = () => Promise.resolve(JSON.stringify({ ok: false, error: { code: 'auth', message: 'Wrong password.', status: 401 } }));
    await expect(api.call({ id: 'c1', method: 'listAccounts', args: [] })).resolves.toEqual({
      ok: false,
      error: { code: 'auth', message: 'Wrong password.', status: 401 },
    });
  });

  it('answers connection-lost when the main process fails or answers nonsense, and never rejects', async () => {
    const request = { id: 'c1', method: 'listAccounts' as const, args: [] };
    bridge.invoke = () => Promise.reject(new Error("No handler registered for 'sharedeck:call'"));
    await expect(api.call(request)).resolves.toMatchObject({ ok: false, error: { code: 'connection-lost' } });
    bridge.invoke = () => Promise.resolve(JSON.stringify({ accounts: [] }));
    await expect(api.call(request)).resolves.toMatchObject({ ok: false, error: { code: 'connection-lost' } });
    bridge.invoke = () => Promise.resolve(JSON.stringify({ ok: false, error: { code: 'no-such-code', message: 'x' } }));
    await expect(api.call(request)).resolves.toMatchObject({ ok: false, error: { code: 'connection-lost' } });
    bridge.invoke = () => Promise.resolve('not json');
    await expect(api.call(request)).resolves.toMatchObject({ ok: false, error: { code: 'connection-lost' } });
  });

  it('sends a cancel for a well-formed id only', () => {
    api.cancel('c1');
    api.cancel('a b');
    api.cancel(5 as unknown as string);
    expect(bridge.sent).toEqual([[CANCEL_CHANNEL, 'c1']]);
  });

  it('passes events without the IpcRendererEvent, and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = api.onEvent((...args: unknown[]) => got.push(args));
    const event: AppEvent = { type: 'discovery-step', progressId: 'p1', step: 'principal' };
    const ipcEvent = { sender: { send: () => undefined }, ports: [] };
    for (const l of bridge.listeners.get(EVENT_CHANNEL) ?? []) l(ipcEvent, event);
    expect(got).toEqual([[event]]);
    off();
    expect(bridge.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onEvent('nope' as unknown as () => void)).toThrow(TypeError);
  });
});
