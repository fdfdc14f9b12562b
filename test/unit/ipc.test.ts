// electron/desktop/ipc.ts with 'electron' mocked: which channels exist, who may call them, what reaches
// the service, what comes back, and what is logged.
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { SHARING_API_METHODS, type AppEvent, type SharingApi, type SharingApiMethod } from '../../shared/api';
import { SharedeckError } from '../../shared/errors';
import { EVENT_CHANNEL, INVOKE_CHANNELS, type IpcEnvelope } from '../../shared/ipc-channels';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcEnvelope>;

const ipc = vi.hoisted(() => ({ handlers: new Map<string, unknown>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, handler: unknown) => {
      if (ipc.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipc.handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => ipc.handlers.delete(channel)),
  },
}));

const { registerIpc, UNEXPECTED_MESSAGE } = await import('../../electron/desktop/ipc');

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

function eventFrom(sender: unknown, senderFrame: unknown): IpcMainInvokeEvent {
  return { sender, senderFrame } as unknown as IpcMainInvokeEvent;
}

type FakeService = SharingApi & { calls: Record<string, Mock>; emit: (e: AppEvent) => void; listeners: Set<(e: AppEvent) => void> };

function fakeService(): FakeService {
  const listeners = new Set<(e: AppEvent) => void>();
  const calls: Record<string, Mock> = {};
  const service: Record<string, unknown> = {
    calls,
    listeners,
    emit: (e: AppEvent) => {
      for (const l of listeners) l(e);
    },
    onEvent: (l: (e: AppEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  for (const m of SHARING_API_METHODS) {
    calls[m] = vi.fn(() => Promise.resolve({ method: m }));
    service[m] = calls[m];
  }
  return service as unknown as FakeService;
}

function handler(method: SharingApiMethod): Handler {
  const h = ipc.handlers.get(`sharedeck:${method}`);
  if (typeof h !== 'function') throw new Error(`no handler for ${method}`);
  return h as Handler;
}

/** Everything the console received, as one string per call. */
function logged(...spies: Mock[]): string[] {
  return spies.flatMap((s) =>
    s.mock.calls.map((args: unknown[]) => args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a))).join(' ')),
  );
}

let service: FakeService;
let w: ReturnType<typeof fakeWindow>;
let dispose: () => void;
let warn: Mock;
let error: Mock;
let settled: Mock;

beforeEach(() => {
  ipc.handlers.clear();
  service = fakeService();
  w = fakeWindow();
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  settled = vi.fn();
  dispose = registerIpc(service, () => w.win, { onCallSettled: settled });
});

afterEach(() => {
  dispose();
  vi.restoreAllMocks();
});

const ours = (): IpcMainInvokeEvent => eventFrom(w.contents, w.contents.mainFrame);

describe('registerIpc: channels', () => {
  it('registers exactly one handler per contract method, on sharedeck:<method>', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(SHARING_API_METHODS.map((m) => `sharedeck:${m}`).sort());
    expect(Object.values(INVOKE_CHANNELS).sort()).toEqual([...ipc.handlers.keys()].sort());
    expect(ipc.handlers.has('sharedeck:onEvent')).toBe(false);
  });

  it('removes its handlers and its event subscription when disposed', () => {
    dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(service.listeners.size).toBe(0);
    dispose = () => undefined;
  });
});

describe('registerIpc: senders', () => {
  it('answers our window’s main frame showing the app', async () => {
    const reply = await handler('listCollections')(ours(), 'acc-1');
    expect(reply).toEqual({ ok: true, value: { method: 'listCollections' } });
    expect(service.calls.listCollections).toHaveBeenCalledWith('acc-1');
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
    const reply = await handler('addAccount')(event(), { serverUrl: 'https://dav.example.com', username: 'alice', password: PASSWORD });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.calls.addAccount).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(logged(warn, error).join('\n')).not.toContain(PASSWORD);
    expect(logged(warn, error).join('\n')).not.toContain('alice');
  });

  it('refuses our main frame once it shows another site', async () => {
    w.contents.mainFrame.url = 'https://evil.example/phish';
    const reply = await handler('listAccounts')(ours());
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.calls.listAccounts).not.toHaveBeenCalled();
    expect(logged(warn)[0]).toContain('https://evil.example');
  });

  it('refuses a file:// page and a look-alike host', async () => {
    for (const url of ['file:///work/main/out/renderer/index.html', 'app://sharedeck.evil/index.html', 'app://evil/index.html']) {
      w.contents.mainFrame.url = url;
      expect(await handler('listAccounts')(ours())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(service.calls.listAccounts).not.toHaveBeenCalled();
  });

  it('refuses every call when there is no window, or it is destroyed', async () => {
    w.destroyed.value = true;
    expect(await handler('listAccounts')(ours())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    dispose();
    dispose = registerIpc(service, () => undefined);
    expect(await handler('listAccounts')(ours())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.calls.listAccounts).not.toHaveBeenCalled();
  });

  it('accepts the dev server only when the caller says it is ours', async () => {
    w.contents.mainFrame.url = 'http://localhost:5173/';
    expect(await handler('listAccounts')(ours())).toMatchObject({ ok: false });
    dispose();
    dispose = registerIpc(service, () => w.win, { isAppUrl: (url) => url.startsWith('http://localhost:5173/') });
    expect(await handler('listAccounts')(ours())).toMatchObject({ ok: true });
  });
});

describe('registerIpc: arguments', () => {
  it.each<[string, SharingApiMethod, unknown[]]>([
    ['an owner access level', 'setAccess', ['acc-1', 'https://dav.example.com/cal/', 'mailto:bob@example.com', 'shared-owner']],
    [
      'an unknown access level in a share request',
      'share',
      ['acc-1', 'https://dav.example.com/cal/', { sharees: [{ address: 'mailto:bob@example.com', access: 'admin' }] }],
    ],
    ['an extra property', 'addAccount', [{ serverUrl: 'https://dav.example.com', username: 'alice', password: PASSWORD, isAdmin: true }]],
    ['an extra property in changes', 'updateAccount', ['acc-1', { password: PASSWORD, serverUrl: 'https://evil.example' }]],
    ['a missing argument', 'listCollections', []],
    ['missing arguments', 'revoke', ['acc-1']],
    ['an extra argument', 'removeAccount', ['acc-1', 'more']],
    ['a wrong type', 'getCollection', ['acc-1', 42]],
    ['an empty sharee list', 'revoke', ['acc-1', 'https://dav.example.com/cal/', []]],
    ['a non-object account', 'addAccount', [PASSWORD]],
  ])('rejects %s as invalid-input without calling the service', async (_name, method, args) => {
    const reply = await handler(method)(ours(), ...args);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid-input');
    expect(reply.error.message).toMatch(new RegExp(`^Invalid request to ${method}`));
    expect(service.calls[method]).not.toHaveBeenCalled();
    expect(logged(warn, error).join('\n')).not.toContain(PASSWORD);
  });

  it('passes the parsed arguments, trailing optionals included', async () => {
    await handler('acceptInvitation')(ours(), 'acc-1', 'https://dav.example.com/notify/1.xml');
    expect(service.calls.acceptInvitation).toHaveBeenCalledWith('acc-1', 'https://dav.example.com/notify/1.xml');
    await handler('revoke')(ours(), 'acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com'], 'cs');
    expect(service.calls.revoke).toHaveBeenCalledWith('acc-1', 'https://dav.example.com/cal/', ['mailto:bob@example.com'], 'cs');
  });
});

describe('registerIpc: answers and errors', () => {
  it('turns a SharedeckError into its ErrorInfo, status included, and logs nothing', async () => {
    service.calls.listCollections!.mockRejectedValueOnce(new SharedeckError('auth', undefined, { status: 401 }));
    const reply = await handler('listCollections')(ours(), 'acc-1');
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
    service.calls.listCollections!.mockRejectedValueOnce(refused);
    const reply = await handler('listCollections')(ours(), 'acc-1');
    expect(reply).toEqual({
      ok: false,
      error: { code: 'untrusted-origin', message: 'The address is on p42.example.net, not ours.', origin: 'https://p42.example.net' },
    });
  });

  it('turns any other error into a generic server error and logs it without argument values', async () => {
    const input = { serverUrl: 'https://dav.example.com/', username: 'alice-the-user', password: PASSWORD };
    service.calls.addAccount!.mockImplementationOnce((a: typeof input) => {
      const cause = new Error(`socket closed while sending ${a.password}`);
      return Promise.reject(new TypeError(`cannot log in ${a.username}:${a.password} at ${a.serverUrl}`, { cause }));
    });
    const reply = await handler('addAccount')(ours(), input);
    expect(reply).toEqual({ ok: false, error: { code: 'server', message: UNEXPECTED_MESSAGE } });
    expect(error).toHaveBeenCalledTimes(1);
    const text = logged(warn, error).join('\n');
    expect(text).toContain('sharedeck:addAccount');
    expect(text).toContain('TypeError');
    expect(text).toContain('[redacted]');
    for (const secret of [PASSWORD, 'alice-the-user', 'https://dav.example.com/']) expect(text).not.toContain(secret);
  });

  it('redacts even a short password, and never prints a thrown non-Error', async () => {
    service.calls.updateAccount!.mockImplementationOnce(() => Promise.reject(new Error('bad password: pw')));
    await handler('updateAccount')(ours(), 'acc-1', { password: 'pw' });
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection is the case under test
    service.calls.updateAccount!.mockImplementationOnce(() => Promise.reject(PASSWORD));
    const reply = await handler('updateAccount')(ours(), 'acc-1', { password: PASSWORD });
    expect(reply).toMatchObject({ ok: false, error: { code: 'server' } });
    const text = logged(error).join('\n');
    expect(text).toContain('bad password: [redacted]');
    expect(text).not.toContain(PASSWORD);
  });

  it('reports each settled call to the hook', async () => {
    await handler('listAccounts')(ours());
    service.calls.acceptInvitation!.mockRejectedValueOnce(new SharedeckError('not-found'));
    await handler('acceptInvitation')(ours(), 'acc-1', 'https://dav.example.com/n/1');
    await handler('listCollections')(ours()); // invalid: never called, never settled
    expect(settled.mock.calls).toEqual([
      ['listAccounts', true],
      ['acceptInvitation', false],
    ]);
  });
});

describe('registerIpc: events', () => {
  const event: AppEvent = { type: 'invitations', accountId: 'acc-1', invitations: [] };

  it('forwards service events to the window on sharedeck:event', () => {
    service.emit(event);
    expect(w.contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
  });

  it('sends nothing to a window that shows another page or is gone', () => {
    w.contents.mainFrame.url = 'https://evil.example/';
    service.emit(event);
    w.contents.mainFrame.url = APP_URL;
    w.destroyed.value = true;
    service.emit(event);
    expect(w.contents.send).not.toHaveBeenCalled();
  });
});
