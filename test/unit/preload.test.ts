// electron/desktop/preload.ts with 'electron' mocked: what window.sharedeck holds, and how replies and
// events cross.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SHARING_API_METHODS, type AppEvent, type SharingApi } from '../../shared/api';
import { EVENT_CHANNEL } from '../../shared/ipc-channels';

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Set<(...a: unknown[]) => void>>(),
  invoke: undefined as unknown as (channel: string, ...args: unknown[]) => Promise<unknown>,
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => bridge.exposed.set(key, api)),
  },
  ipcRenderer: {
    invoke: vi.fn((channel: string, ...args: unknown[]) => bridge.invoke(channel, ...args)),
    on: vi.fn((channel: string, l: (...a: unknown[]) => void) => {
      const set = bridge.listeners.get(channel) ?? new Set();
      set.add(l);
      bridge.listeners.set(channel, set);
    }),
    removeListener: vi.fn((channel: string, l: (...a: unknown[]) => void) => bridge.listeners.get(channel)?.delete(l)),
  },
}));

await import('../../electron/desktop/preload');
const api = bridge.exposed.get('sharedeck') as SharingApi & Record<string, unknown>;

beforeEach(() => {
  bridge.invoke = () => Promise.resolve({ ok: true, value: 'fine' });
});

describe('preload', () => {
  it('exposes window.sharedeck only, with exactly the contract’s methods and onEvent', () => {
    expect([...bridge.exposed.keys()]).toEqual(['sharedeck']);
    expect(Object.keys(api).sort()).toEqual([...SHARING_API_METHODS, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes sharedeck:<method> with the arguments and unwraps the value', async () => {
    const seen: unknown[] = [];
    bridge.invoke = (channel, ...args) => {
      seen.push([channel, ...args]);
      return Promise.resolve({ ok: true, value: [{ id: 'acc-1' }] });
    };
    await expect(api.listCollections('acc-1')).resolves.toEqual([{ id: 'acc-1' }]);
    await api.revoke('acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com']);
    expect(seen).toEqual([
      ['sharedeck:listCollections', 'acc-1'],
      ['sharedeck:revoke', 'acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com']],
    ]);
  });

  it('rejects with the plain ErrorInfo of an error envelope', async () => {
    bridge.invoke = () => Promise.resolve({ ok: false, error: { code: 'auth', message: 'Wrong password.', status: 401 } });
    const error: unknown = await api.listAccounts().catch((e: unknown) => e);
    expect(error).toEqual({ code: 'auth', message: 'Wrong password.', status: 401 });
    expect(error).not.toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(error)).toBe(Object.prototype);
  });

  it('keeps the origin of an untrusted-origin error, and drops anything else an envelope carries', async () => {
    bridge.invoke = () =>
      Promise.resolve({
        ok: false,
        error: { code: 'untrusted-origin', message: 'Not this server.', origin: 'https://p42.example.net', stack: 'x', extra: 1 },
      });
    expect(await api.listAccounts().catch((e: unknown) => e)).toEqual({
      code: 'untrusted-origin',
      message: 'Not this server.',
      origin: 'https://p42.example.net',
    });
  });

  it('rejects with connection-lost when the main process fails or answers nonsense', async () => {
    bridge.invoke = () => Promise.reject(new Error("No handler registered for 'sharedeck:listAccounts'"));
    await expect(api.listAccounts()).rejects.toMatchObject({ code: 'connection-lost' });
    bridge.invoke = () => Promise.resolve({ accounts: [] });
    await expect(api.listAccounts()).rejects.toMatchObject({ code: 'connection-lost' });
    bridge.invoke = () => Promise.resolve({ ok: false, error: { code: 'no-such-code', message: 'x' } });
    await expect(api.listAccounts()).rejects.toMatchObject({ code: 'connection-lost' });
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
