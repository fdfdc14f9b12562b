// electron/desktop/ipc.ts with 'electron' mocked, over the real dispatcher and validation (a
// recording implementation behind them, test/support/fake-engine.ts): which channels exist, who may
// call them, what reaches the service, what comes back, what a cancel does, and what is logged.
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { BrowserWindow, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { AppEvent, SharingApiMethod } from '../../shared/api';
import { SharedeckError } from '../../shared/errors';
import type { Envelope } from '../../shared/envelope';
import { UNEXPECTED_MESSAGE } from '../../electron/service/dispatcher';
import { CALL_CHANNEL, CANCEL_CHANNEL, EVENT_CHANNEL } from '../../electron/desktop/ipc-channels';
import { fakeEngine, type FakeEngine } from '../support/fake-engine';

type Handler = (event: IpcMainInvokeEvent, request: unknown) => Promise<string>;
type Listener = (event: IpcMainEvent, ...args: unknown[]) => void;

const ipc = vi.hoisted(() => ({ handlers: new Map<string, unknown>(), listeners: new Map<string, unknown>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, handler: unknown) => {
      if (ipc.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipc.handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => ipc.handlers.delete(channel)),
    on: vi.fn((channel: string, listener: unknown) => {
      if (ipc.listeners.has(channel)) throw new Error(`second listener for ${channel}`);
      ipc.listeners.set(channel, listener);
    }),
    removeListener: vi.fn((channel: string) => ipc.listeners.delete(channel)),
  },
}));

const { registerIpc } = await import('../../electron/desktop/ipc');

const APP_URL = 'app://sharedeck/index.html';
const PASSWORD = 'Tr0ub4dor&3-very-secret';

interface FakeFrame {
  url: string;
}
interface FakeContents {
  mainFrame: FakeFrame;
  isDestroyed: () => boolean;
  getURL: () => string;
  send: Mock;
}

function fakeWindow(url = APP_URL): { win: BrowserWindow; contents: FakeContents; destroyed: { value: boolean } } {
  const destroyed = { value: false };
  const mainFrame: FakeFrame = { url };
  const contents: FakeContents = {
    mainFrame,
    isDestroyed: () => destroyed.value,
    getURL: () => mainFrame.url,
    send: vi.fn(),
  };
  const win = { isDestroyed: () => destroyed.value, webContents: contents } as unknown as BrowserWindow;
  return { win, contents, destroyed };
}

function eventFrom(sender: unknown, senderFrame: unknown): IpcMainInvokeEvent & IpcMainEvent {
  return { sender, senderFrame } as unknown as IpcMainInvokeEvent & IpcMainEvent;
}

let nextId = 0;

/** One call on the call channel, as the preload sends it; the reply parsed. */
async function invoke(event: IpcMainInvokeEvent, method: string, ...args: unknown[]): Promise<Envelope> {
  return send(event, { id: `t${++nextId}`, method, args });
}

async function send(event: IpcMainInvokeEvent, request: unknown): Promise<Envelope> {
  const h = ipc.handlers.get(CALL_CHANNEL);
  if (typeof h !== 'function') throw new Error('no call handler');
  const reply = await (h as Handler)(event, request);
  expect(typeof reply).toBe('string');
  return JSON.parse(reply) as Envelope;
}

function cancel(event: IpcMainEvent, id: unknown): void {
  const l = ipc.listeners.get(CANCEL_CHANNEL);
  if (typeof l !== 'function') throw new Error('no cancel listener');
  (l as Listener)(event, id);
}

/** Everything the console received, as one string per call. */
function logged(...spies: Mock[]): string[] {
  return spies.flatMap((s) =>
    s.mock.calls.map((args: unknown[]) => args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a))).join(' ')),
  );
}

let fake: FakeEngine;
let w: ReturnType<typeof fakeWindow>;
let dispose: () => void;
let warn: Mock;
let error: Mock;
let settled: Mock;

beforeEach(() => {
  ipc.handlers.clear();
  ipc.listeners.clear();
  fake = fakeEngine();
  w = fakeWindow();
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  settled = vi.fn();
  dispose = registerIpc(fake.engine, () => w.win, { onCallSettled: settled });
});

afterEach(() => {
  dispose();
  vi.restoreAllMocks();
});

const ours = (): IpcMainInvokeEvent & IpcMainEvent => eventFrom(w.contents, w.contents.mainFrame);
const called = (method: SharingApiMethod): unknown[][] => fake.calls.filter((c) => c.method === method).map((c) => c.args);

describe('registerIpc: channels', () => {
  it('registers one call handler and one cancel listener, nothing per method', () => {
    expect([...ipc.handlers.keys()]).toEqual([CALL_CHANNEL]);
    expect([...ipc.listeners.keys()]).toEqual([CANCEL_CHANNEL]);
  });

  it('removes its handler, its listener and its event subscription when disposed', () => {
    const subscribed = fake.listeners.size;
    dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.size).toBe(0);
    expect(fake.listeners.size).toBe(subscribed); // the engine's own subscription to the service stays
    fake.emit({ type: 'invitations', accountId: 'acc-1', invitations: [], skipped: [] });
    expect(w.contents.send).not.toHaveBeenCalled();
    dispose = () => undefined;
  });
});

describe('registerIpc: senders', () => {
  it('answers our window’s main frame showing the app', async () => {
    const reply = await invoke(ours(), 'listCollections', 'acc-1');
    expect(reply).toEqual({ ok: true, value: { method: 'listCollections' } });
    expect(fake.calls).toEqual([{ method: 'listCollections', args: ['acc-1'] }]);
  });

  it.each([
    [
      'the main frame of another webContents showing the app',
      () => {
        const other = fakeWindow().contents;
        return eventFrom(other, other.mainFrame);
      },
    ],
    ['our main frame reported by another webContents', () => eventFrom(fakeWindow().contents, w.contents.mainFrame)],
    ['a subframe of our window', () => eventFrom(w.contents, { url: APP_URL })],
    ['a frame that is gone', () => eventFrom(w.contents, null)],
  ])('refuses %s with a forbidden envelope and calls nothing', async (_name, event) => {
    const reply = await invoke(event(), 'addAccount', { serverUrl: 'https://dav.example.com', username: 'alice', password: PASSWORD });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.calls).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(logged(warn, error).join('\n')).not.toContain(PASSWORD);
    expect(logged(warn, error).join('\n')).not.toContain('alice');
  });

  it('refuses our main frame once it shows another site', async () => {
    w.contents.mainFrame.url = 'https://evil.example/phish';
    const reply = await invoke(ours(), 'listAccounts');
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.calls).toEqual([]);
    expect(logged(warn)[0]).toContain('https://evil.example');
  });

  it('refuses a file:// page and a look-alike host', async () => {
    for (const url of ['file:///work/main/out/renderer/index.html', 'app://sharedeck.evil/index.html', 'app://evil/index.html']) {
      w.contents.mainFrame.url = url;
      expect(await invoke(ours(), 'listAccounts')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(fake.calls).toEqual([]);
  });

  it('refuses every call when there is no window, or it is destroyed', async () => {
    w.destroyed.value = true;
    expect(await invoke(ours(), 'listAccounts')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    dispose();
    dispose = registerIpc(fake.engine, () => undefined);
    expect(await invoke(ours(), 'listAccounts')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.calls).toEqual([]);
  });

  it('accepts the dev server only when the caller says it is ours', async () => {
    w.contents.mainFrame.url = 'http://localhost:5173/';
    expect(await invoke(ours(), 'listAccounts')).toMatchObject({ ok: false });
    dispose();
    dispose = registerIpc(fake.engine, () => w.win, { isAppUrl: (url) => url.startsWith('http://localhost:5173/') });
    expect(await invoke(ours(), 'listAccounts')).toMatchObject({ ok: true });
  });
});

describe('registerIpc: requests', () => {
  it.each<[string, unknown]>([
    ['not an object', 'listAccounts'],
    ['null', null],
    ['no id', { method: 'listAccounts', args: [] }],
    ['an id with other characters', { id: 'a b', method: 'listAccounts', args: [] }],
    ['an id that is too long', { id: 'x'.repeat(65), method: 'listAccounts', args: [] }],
    ['no method', { id: 'x1', args: [] }],
    ['a method that is not a string', { id: 'x1', method: ['listAccounts'], args: [] }],
  ])('refuses a request that is %s, calling nothing', async (_name, request) => {
    expect(await send(ours(), request)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fake.calls).toEqual([]);
  });

  it.each(['noSuchMethod', 'onEvent', 'invoke', 'constructor', '__proto__', 'toString'])(
    'answers the unknown method %j with not-found, calling nothing',
    async (method) => {
      expect(await invoke(ours(), method)).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(fake.calls).toEqual([]);
    },
  );
});

describe('registerIpc: arguments', () => {
  it.each<[string, SharingApiMethod, unknown[], RegExp]>([
    [
      'an owner access level',
      'setAccess',
      ['acc-1', 'https://dav.example.com/cal/', 'mailto:bob@example.com', 'shared-owner'],
      /^Invalid request to setAccess/,
    ],
    [
      'an unknown access level in a share request',
      'share',
      ['acc-1', 'https://dav.example.com/cal/', { sharees: [{ address: 'mailto:bob@example.com', access: 'admin' }] }],
      /^Invalid request to share/,
    ],
    [
      'an extra property',
      'addAccount',
      [{ serverUrl: 'https://dav.example.com', username: 'alice', password: PASSWORD, isAdmin: true }],
      /^Invalid request to addAccount/,
    ],
    [
      'an extra property in changes',
      'updateAccount',
      ['acc-1', { password: PASSWORD, serverUrl: 'https://evil.example' }],
      /^Invalid request to updateAccount/,
    ],
    ['a missing argument', 'listCollections', [], /^Invalid request to listCollections/],
    ['missing arguments', 'revoke', ['acc-1'], /^Invalid request to revoke/],
    ['an extra argument', 'removeAccount', ['acc-1', 'more'], /^Invalid request to removeAccount/],
    ['a wrong type', 'getCollection', ['acc-1', 42], /^Invalid request to getCollection/],
    ['an empty sharee list', 'revoke', ['acc-1', 'https://dav.example.com/cal/', []], /^Name at least one person to stop sharing with\.$/],
    ['a non-object account', 'addAccount', [PASSWORD], /^Invalid request to addAccount/],
    [
      'an empty password',
      'addAccount',
      [{ serverUrl: 'https://dav.example.com', username: 'alice', password: '' }],
      /^Enter the password\.$/,
    ],
  ])('rejects %s as invalid-input without calling the service', async (_name, method, args, message) => {
    const reply = await invoke(ours(), method, ...args);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid-input');
    expect(reply.error.message).toMatch(message);
    expect(fake.calls).toEqual([]);
    expect(logged(warn, error).join('\n')).not.toContain(PASSWORD);
  });

  it('passes the parsed arguments, trailing optionals included', async () => {
    await invoke(ours(), 'acceptInvitation', 'acc-1', 'https://dav.example.com/notify/1.xml');
    await invoke(ours(), 'revoke', 'acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com'], 'cs');
    expect(called('acceptInvitation')).toEqual([['acc-1', 'https://dav.example.com/notify/1.xml']]);
    expect(called('revoke')).toEqual([['acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com'], 'cs']]);
  });
});

describe('registerIpc: answers and errors', () => {
  it('turns a SharedeckError into its ErrorInfo, status included, and logs nothing', async () => {
    fake.answers.listCollections = () => Promise.reject(new SharedeckError('auth', undefined, { status: 401 }));
    const reply = await invoke(ours(), 'listCollections', 'acc-1');
    expect(reply).toEqual({
      ok: false,
      error: { code: 'auth', message: expect.stringContaining('user name and password') as unknown, status: 401 },
    });
    expect(error).not.toHaveBeenCalled();
  });

  it('carries the other origin of an untrusted-origin error, so the window can ask to allow it', async () => {
    const refused = new SharedeckError('untrusted-origin', 'The address is on p42.example.net, not ours.', {
      origin: 'https://p42.example.net',
      cause: new Error('inner detail'),
    });
    fake.answers.listCollections = () => Promise.reject(refused);
    const reply = await invoke(ours(), 'listCollections', 'acc-1');
    expect(reply).toEqual({
      ok: false,
      error: { code: 'untrusted-origin', message: 'The address is on p42.example.net, not ours.', origin: 'https://p42.example.net' },
    });
  });

  it('turns any other error into a generic server error and logs it without argument values', async () => {
    const input = { serverUrl: 'https://dav.example.com/', username: 'alice-the-user', password: PASSWORD };
    fake.answers.addAccount = (a) => {
      const { password, username, serverUrl } = a as typeof input;
      const cause = new Error(`socket closed while sending ${password}`);
      return Promise.reject(new TypeError(`cannot log in ${username}:${password} at ${serverUrl}`, { cause }));
    };
    const reply = await invoke(ours(), 'addAccount', input);
    expect(reply).toEqual({ ok: false, error: { code: 'server', message: UNEXPECTED_MESSAGE } });
    expect(error).toHaveBeenCalledTimes(1);
    const text = logged(warn, error).join('\n');
    expect(text).toContain('addAccount');
    expect(text).toContain('TypeError');
    expect(text).toContain('[redacted]');
    for (const secret of [PASSWORD, 'alice-the-user', 'https://dav.example.com/']) expect(text).not.toContain(secret);
  });

  it('redacts even a short password, and never prints a thrown non-Error', async () => {
    fake.answers.updateAccount = () => Promise.reject(new Error('bad password: pw'));
    await invoke(ours(), 'updateAccount', 'acc-1', { password: 'pw' });
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection is the case under test
    fake.answers.updateAccount = () => Promise.reject(PASSWORD);
    const reply = await invoke(ours(), 'updateAccount', 'acc-1', { password: PASSWORD });
    expect(reply).toMatchObject({ ok: false, error: { code: 'server' } });
    const text = logged(error).join('\n');
    expect(text).toContain('bad password: [redacted]');
    expect(text).not.toContain(PASSWORD);
  });

  it('reports each call that reached the service to the hook', async () => {
    await invoke(ours(), 'listAccounts');
    fake.answers.acceptInvitation = () => Promise.reject(new SharedeckError('not-found'));
    await invoke(ours(), 'acceptInvitation', 'acc-1', 'https://dav.example.com/n/1');
    await invoke(ours(), 'listCollections'); // invalid: never called, never settled
    await invoke(ours(), 'noSuchMethod');
    expect(settled.mock.calls).toEqual([
      ['listAccounts', true],
      ['acceptInvitation', false],
    ]);
  });
});

describe('registerIpc: cancelling', () => {
  it('a cancel from our frame aborts the call’s signal, and the call answers cancelled', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    fake.answers.addAccount = () => {
      started();
      const signal = fake.signals.at(-1)!;
      return new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          reject(signal.reason as Error);
        });
      });
    };
    const reply = send(ours(), {
      id: 'slow-1',
      method: 'addAccount',
      args: [{ serverUrl: 'https://dav.example.com', username: 'alice', password: PASSWORD }],
    });
    await running;
    expect(fake.signals.at(-1)!.aborted).toBe(false);
    cancel(eventFrom(fakeWindow().contents, w.contents.mainFrame), 'slow-1'); // another sender: ignored
    cancel(ours(), 'other-id');
    expect(fake.signals.at(-1)!.aborted).toBe(false);
    cancel(ours(), 'slow-1');
    expect(await reply).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(fake.signals.at(-1)!.aborted).toBe(true);
  });

  it('refuses a second call with the id of one in flight', async () => {
    let finish!: (v: unknown) => void;
    fake.answers.listCollections = () => new Promise((r) => (finish = r));
    const first = send(ours(), { id: 'dup', method: 'listCollections', args: ['acc-1'] });
    await vi.waitFor(() => {
      expect(fake.calls).toHaveLength(1);
    });
    expect(await send(ours(), { id: 'dup', method: 'listAccounts', args: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    finish([]);
    expect(await first).toEqual({ ok: true, value: [] });
    expect(await send(ours(), { id: 'dup', method: 'listAccounts', args: [] })).toMatchObject({ ok: true });
  });
});

describe('registerIpc: events', () => {
  const event: AppEvent = { type: 'invitations', accountId: 'acc-1', invitations: [], skipped: [] };

  it('forwards service events to the window on sharedeck:event', () => {
    fake.emit(event);
    expect(w.contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
  });

  it('sends nothing to a window that shows another page or is gone', () => {
    w.contents.mainFrame.url = 'https://evil.example/';
    fake.emit(event);
    w.contents.mainFrame.url = APP_URL;
    w.destroyed.value = true;
    fake.emit(event);
    expect(w.contents.send).not.toHaveBeenCalled();
  });
});
