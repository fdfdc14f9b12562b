// electron/desktop/main.ts with 'electron' mocked: the order of the start-up steps, the window's
// webPreferences, and the hardening it installs (permissions, CSP header, app:// handler,
// navigation and window.open, menu).
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/service/renderer-content';

type AnyFn = (...args: never[]) => unknown;

const h = vi.hoisted(() => {
  const state = {
    userData: '',
    appPath: '',
    lock: true,
    steps: [] as string[],
    appHandlers: new Map<string, AnyFn>(),
    windows: [] as { options: Record<string, unknown>; win: unknown }[],
    loaded: [] as string[],
    ipcChannels: [] as string[],
    ipcListeners: [] as string[],
    ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    callDuringLoad: undefined as unknown,
    permissionRequest: undefined as AnyFn | undefined,
    permissionCheck: undefined as AnyFn | undefined,
    headers: undefined as AnyFn | undefined,
    willDownload: undefined as AnyFn | undefined,
    protocolHandler: undefined as ((req: Request) => Promise<Response>) | undefined,
    menu: [] as unknown[],
    opened: [] as string[],
    readyResolve: undefined as (() => void) | undefined,
    schemes: undefined as unknown,
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const ready = new Promise<void>((r) => (h.readyResolve = r));
  class BrowserWindow extends Emitter {
    webContents = Object.assign(new Emitter(), {
      mainFrame: { url: 'app://sharedeck/index.html' },
      isDestroyed: () => false,
      getURL: () => 'app://sharedeck/index.html',
      send: vi.fn(),
    });
    restore = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    maximize = vi.fn();
    constructor(options: Record<string, unknown>) {
      super();
      h.steps.push('new BrowserWindow');
      h.windows.push({ options, win: this });
    }
    async loadURL(url: string) {
      h.loaded.push(url);
      // The page calls the engine while it loads: that must already be allowed.
      const handler = h.ipcHandlers.get('sharedeck:call');
      h.callDuringLoad = handler
        ? JSON.parse(
            (await handler(
              { sender: this.webContents, senderFrame: this.webContents.mainFrame },
              { id: 'load-1', method: 'listAccounts', args: [] },
            )) as string,
          )
        : 'no handler';
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return true;
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
  }
  const app = {
    isPackaged: false,
    getPath: vi.fn(() => h.userData),
    getAppPath: vi.fn(() => h.appPath),
    setPath: vi.fn(),
    enableSandbox: vi.fn(() => h.steps.push('enableSandbox')),
    setAppUserModelId: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => {
      h.steps.push('requestSingleInstanceLock');
      return h.lock;
    }),
    quit: vi.fn(() => h.steps.push('quit')),
    exit: vi.fn(),
    on: vi.fn((event: string, handler: AnyFn) => {
      h.appHandlers.set(event, handler);
      return app;
    }),
    whenReady: vi.fn(() => {
      h.steps.push('whenReady');
      return ready;
    }),
    isReady: () => true,
    setAboutPanelOptions: vi.fn(),
    getVersion: () => '0.1.0',
    setBadgeCount: vi.fn(() => true),
  };
  return {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: vi.fn((schemes: unknown) => {
        h.steps.push('registerSchemesAsPrivileged');
        h.schemes = schemes;
      }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: AnyFn) => (h.permissionRequest = fn),
        setPermissionCheckHandler: (fn: AnyFn) => (h.permissionCheck = fn),
        setDevicePermissionHandler: vi.fn(),
        on: (event: string, fn: AnyFn) => {
          if (event === 'will-download') h.willDownload = fn;
        },
        webRequest: { onHeadersReceived: (fn: AnyFn) => (h.headers = fn) },
        protocol: { handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (h.protocolHandler = fn) },
      },
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        h.ipcChannels.push(channel);
        h.ipcHandlers.set(channel, handler);
      },
      removeHandler: vi.fn(),
      on: (channel: string) => {
        h.ipcListeners.push(channel);
      },
      removeListener: vi.fn(),
    },
    safeStorage: {
      getSelectedStorageBackend: () => 'basic_text',
      isAsyncEncryptionAvailable: () => Promise.resolve(false),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Menu: {
      buildFromTemplate: (template: unknown[]) => {
        h.menu = template;
        return {};
      },
      setApplicationMenu: vi.fn(),
    },
    Notification: Object.assign(vi.fn(), { isSupported: () => false }),
    dialog: { showErrorBox: vi.fn() },
    shell: {
      openExternal: vi.fn((url: string) => {
        h.opened.push(url);
        return Promise.resolve();
      }),
    },
  };
});

/** Waits for `check` (the engine's first thread starts from source, through tsx: a second or so). */
async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 30_000;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

beforeAll(async () => {
  h.userData = await mkdtemp(join(tmpdir(), 'sharedeck-main-'));
  // The app folder as a build leaves it: the renderer under out/renderer.
  h.appPath = await mkdtemp(join(tmpdir(), 'sharedeck-app-'));
  await mkdir(join(h.appPath, 'out', 'renderer'), { recursive: true });
  await copyFile(join(import.meta.dirname, '../../renderer/index.html'), join(h.appPath, 'out', 'renderer', 'index.html'));
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  await import('../../electron/desktop/main');
  h.steps.push('module evaluated');
  h.readyResolve!();
  await until(() => h.callDuringLoad !== undefined);
}, 40_000);

afterAll(async () => {
  h.appHandlers.get('before-quit')?.(); // stops the engine's threads
  await rm(h.userData, { recursive: true, force: true });
  await rm(h.appPath, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('main: start-up', () => {
  it('registers the app scheme, enables the sandbox and takes the lock before ready', () => {
    const beforeReady = h.steps.slice(0, h.steps.indexOf('module evaluated'));
    expect(beforeReady).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'requestSingleInstanceLock', 'whenReady']);
  });

  it('registers app:// as a standard, secure scheme', () => {
    expect(h.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('registers the IPC channels before the window loads, and loads app://sharedeck/', () => {
    expect(h.ipcChannels).toEqual(['sharedeck:call']);
    expect(h.ipcListeners).toEqual(['sharedeck:cancel']);
    expect(h.loaded).toEqual(['app://sharedeck/index.html']);
  });

  it('answers the page’s calls while it is still loading', () => {
    expect(h.callDuringLoad).toEqual({ ok: true, value: [] });
  });

  it('creates one hardened window no smaller than 900×600', () => {
    expect(h.windows).toHaveLength(1);
    const options = h.windows[0]!.options;
    expect(options).toMatchObject({ minWidth: 900, minHeight: 600, show: false });
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    const prefs = options.webPreferences as Record<string, unknown>;
    expect(prefs.preload).toMatch(/[/\\]preload[/\\]preload\.cjs$/);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('brings the first window forward when a second instance starts', () => {
    const win = h.windows[0]!.win as { restore: () => void; show: () => void; focus: () => void };
    h.appHandlers.get('second-instance')!();
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
});

describe('main: session', () => {
  it('denies every permission request and check, but clipboard writes by the app’s main frame', () => {
    const request = h.permissionRequest as (
      wc: unknown,
      p: string,
      cb: (ok: boolean) => void,
      d: { requestingUrl: string; isMainFrame: boolean },
    ) => void;
    const check = h.permissionCheck as (
      wc: unknown,
      p: string,
      origin: string,
      d: { requestingUrl?: string; isMainFrame: boolean },
    ) => boolean;
    const answers: boolean[] = [];
    const app = { requestingUrl: 'app://sharedeck/index.html', isMainFrame: true };
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      request({}, permission, (ok) => answers.push(ok), app);
      answers.push(check(null, permission, 'app://sharedeck', app));
    }
    expect(answers.every((a) => !a)).toBe(true);

    const write = 'clipboard-sanitized-write';
    let granted: boolean | undefined;
    request({}, write, (ok) => (granted = ok), app);
    expect(granted).toBe(true);
    expect(check(null, write, 'app://sharedeck', { isMainFrame: true })).toBe(true);
    request({}, write, (ok) => (granted = ok), { requestingUrl: 'https://evil.example/', isMainFrame: true });
    expect(granted).toBe(false);
    expect(check(null, write, 'app://sharedeck', { requestingUrl: 'app://sharedeck/index.html', isMainFrame: false })).toBe(false);
    expect(check(null, write, 'https://evil.example', { isMainFrame: true })).toBe(false);
  });

  it('puts the CSP header on the app’s responses, replacing any other, and leaves other responses alone', () => {
    const headers = h.headers as (details: unknown, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
    let reply: { responseHeaders?: Record<string, string[]> } | undefined;
    headers(
      { url: 'app://sharedeck/index.html', responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (r) => (reply = r),
    );
    expect(reply!.responseHeaders).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['1'] });
    headers({ url: 'https://dav.example.com/', responseHeaders: { A: ['b'] } }, (r) => (reply = r));
    expect(reply).toEqual({});
  });

  it('lets the app’s own exports be saved through the save dialog, and cancels every other download', () => {
    const download = (url: string) => {
      const event = { preventDefault: vi.fn() };
      const item = { getURL: () => url, getFilename: () => 'sharedeck-people-2026-12-02.csv', setSaveDialogOptions: vi.fn() };
      (h.willDownload as (e: typeof event, i: typeof item) => void)(event, item);
      return { cancelled: event.preventDefault.mock.calls.length > 0, dialog: item.setSaveDialogOptions.mock.calls[0]?.[0] as unknown };
    };
    expect(download('blob:app://sharedeck/1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toEqual({
      cancelled: false,
      dialog: { title: 'Save the export', defaultPath: 'sharedeck-people-2026-12-02.csv' },
    });
    expect(download('https://dav.example.com/dump.csv')).toEqual({ cancelled: true, dialog: undefined });
    expect(download('blob:https://dav.example.com/1b4e28ba')).toEqual({ cancelled: true, dialog: undefined });
  });

  it('serves the renderer folder on app://sharedeck/, with the CSP, and nothing outside it', async () => {
    const serve = h.protocolHandler!;
    const index = await serve(new Request('app://sharedeck/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<div id="root">');
    expect((await serve(new Request('app://sharedeck/..%2f..%2fpackage.json'))).status).toBe(404);
    expect((await serve(new Request('app://sharedeck/missing.js'))).status).toBe(404);
    expect((await serve(new Request('app://sharedeck/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('main: web contents', () => {
  function contents() {
    const c = Object.assign(new EventEmitter(), { openHandler: undefined as ((details: { url: string }) => unknown) | undefined });
    Object.assign(c, { setWindowOpenHandler: (fn: (details: { url: string }) => unknown) => (c.openHandler = fn) });
    (h.appHandlers.get('web-contents-created') as (e: unknown, c: unknown) => void)({}, c);
    return c;
  }
  function navigate(c: EventEmitter, name: string, url: string): boolean {
    let prevented = false;
    c.emit(name, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }

  it('refuses navigation away from the app and hands http(s) links to the system browser', () => {
    const c = contents();
    h.opened.length = 0;
    expect(navigate(c, 'will-navigate', 'app://sharedeck/index.html')).toBe(false);
    expect(navigate(c, 'will-navigate', 'https://example.com/docs')).toBe(true);
    expect(navigate(c, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(c, 'will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(navigate(c, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate(c, 'will-attach-webview', 'app://sharedeck/')).toBe(true);
    expect(h.opened).toEqual(['https://example.com/docs']);
  });

  it('opens no window, only the system browser for http(s)', () => {
    const c = contents();
    h.opened.length = 0;
    expect(c.openHandler!({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    expect(c.openHandler!({ url: 'smb://attacker/share' })).toEqual({ action: 'deny' });
    expect(c.openHandler!({ url: 'app://sharedeck/index.html' })).toEqual({ action: 'deny' });
    expect(h.opened).toEqual(['https://example.com/x']);
  });
});

describe('main: menu', () => {
  it('has the usual roles, and Force Reload in development', () => {
    const roles = new Set<string>();
    const walk = (items: unknown[]) => {
      for (const item of items as { role?: string; submenu?: unknown[] }[]) {
        if (item.role) roles.add(item.role);
        if (Array.isArray(item.submenu)) walk(item.submenu);
      }
    };
    walk(h.menu);
    for (const role of [
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'reload',
      'forceReload',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
      'minimize',
      'close',
    ]) {
      expect(roles.has(role), role).toBe(true);
    }
    expect(roles.has(process.platform === 'darwin' ? 'appMenu' : 'quit')).toBe(true);
  });
});

describe('main: second instance', () => {
  it('quits at once when another instance holds the lock', async () => {
    vi.resetModules();
    h.lock = false;
    h.steps.length = 0;
    await import('../../electron/desktop/main');
    expect(h.steps).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'requestSingleInstanceLock', 'quit']);
  });
});
