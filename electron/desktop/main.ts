// The desktop app: Electron's lifecycle, the one hardened window, and the wiring of the shared
// engine (SharingService) to it. Follows Electron's security checklist:
//   - the renderer is sandboxed, context-isolated, without Node, and sees only window.sharedeck;
//   - it is served from app://sharedeck/ (a standard, secure custom scheme) rather than file://,
//     with a strict Content-Security-Policy both in the page and as a response header;
//   - navigation away, new windows, webviews and every permission request are refused; http(s)
//     links go to the system browser after their URL is checked;
//   - each IPC call is checked for its sender and its arguments (ipc.ts).
//
// ES module (package.json "type": "module"): everything that must happen before 'ready'
// (privileged schemes, the sandbox switch, the single-instance lock) runs synchronously at the top
// level, and nothing awaits whenReady() at the top level.

import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  Notification,
  protocol,
  screen,
  session,
  shell,
  type MenuItemConstructorOptions,
  type Session,
  type WebContents,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SharingApiMethod } from '../../shared/api';
import { SafeStorageSecretStore } from './safe-storage';
import { InboxWatch, type InboxNotice } from '../service/inbox-watch';
import { registerIpc } from './ipc';
import {
  APP_SCHEME,
  APP_START_URL,
  appResponseHeaders,
  isAppUrl,
  isPermissionAllowed,
  resolveAppFile,
  safeExternalUrl,
} from './security-policy';
import { CONTENT_SECURITY_POLICY } from '../service/renderer-content';
import { engineClient, type Engine } from '../service/engine';
import { startEngine } from '../service/engine-host';
import { MIN_SIZE, readWindowState, restoreWindowState, writeWindowState, type WindowState } from './window-state';

const APP_ID = 'org.sharedeck.app';
const isDev = !app.isPackaged;
/** electron-vite's dev server (`electron-vite dev`); never used by a packaged app. */
const devServerUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
// The app's folder holds package.json and the build (out/): the project folder under `electron .`,
// the app archive when packaged. The bundle's own location would differ between the two.
const rendererRoot = join(app.getAppPath(), 'out', 'renderer');
const preloadPath = join(app.getAppPath(), 'out', 'preload', 'preload.cjs');
/** Methods after which the inbox (and so the badge) may have changed. */
const INBOX_CHANGING: ReadonlySet<SharingApiMethod> = new Set<SharingApiMethod>([
  'addAccount',
  'updateAccount',
  'removeAccount',
  'acceptInvitation',
  'declineInvitation',
  'dismissInvitation',
]);

function isTrustedUrl(url: string): boolean {
  return isAppUrl(url, devServerUrl);
}

// ---- before 'ready' ---------------------------------------------------------------------------

// Tests and portable setups may keep the app's data elsewhere.
if (process.env.SHAREDECK_USER_DATA) app.setPath('userData', process.env.SHAREDECK_USER_DATA);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (app.requestSingleInstanceLock()) {
  startApp();
} else {
  // Another Sharedeck runs: it gets a 'second-instance' event and comes to the front.
  app.quit();
}

// ---- the app ----------------------------------------------------------------------------------

function startApp(): void {
  let mainWindow: BrowserWindow | undefined;
  let watch: InboxWatch | undefined;
  let engine: Engine | undefined;
  let creating: Promise<BrowserWindow> | undefined;
  const userData = (): string => app.getPath('userData');

  const showWindow = (): void => {
    const win = mainWindow;
    if (!win || win.isDestroyed()) {
      if (app.isReady()) void openWindow();
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const openWindow = (): Promise<BrowserWindow> => {
    creating ??= (async () => {
      const win = await createWindow(join(userData(), 'window-state.json'), () => void watch?.focused());
      // The window is ours before its page loads: the page's first IPC calls come during the load.
      mainWindow = win;
      win.on('closed', () => {
        if (mainWindow === win) mainWindow = undefined;
      });
      await loadApp(win);
      return win;
    })().finally(() => {
      creating = undefined;
    });
    return creating;
  };

  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    watch?.stop();
    void engine?.close();
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      app.setAboutPanelOptions({ applicationName: 'Sharedeck', applicationVersion: app.getVersion() });

      // The service runs in the engine's threads; passwords stay here, in safeStorage.
      const secrets = await SafeStorageSecretStore.open(join(userData(), 'secrets.json'));
      const started = startEngine({ accountsFile: join(userData(), 'accounts.json'), secrets });
      engine = started;
      const client = engineClient(started);

      const notices = new Set<Notification>();
      watch = new InboxWatch({
        service: {
          onEvent: (listener) => started.onEvent(listener),
          listAccounts: () => client.listAccounts(),
          pollInvitations: () => started.pollInvitations(),
        },
        notify: (notice: InboxNotice) => {
          if (!Notification.isSupported()) return;
          const notification = new Notification({ title: notice.title, body: notice.body });
          // Keep a reference until it is gone, or its click handler may be collected with it.
          notices.add(notification);
          notification.on('click', () => {
            notices.delete(notification);
            showWindow();
          });
          notification.on('close', () => notices.delete(notification));
          notification.show();
        },
        setBadge: (count) => {
          app.setBadgeCount(count);
        },
      });

      registerIpc(started, () => mainWindow, {
        isAppUrl: isTrustedUrl,
        onCallSettled: (method, ok) => {
          if (ok && INBOX_CHANGING.has(method)) void watch?.poll();
        },
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
      await openWindow();
      watch.start();
    })
    .catch((e: unknown) => {
      console.error('[main] Sharedeck could not start:', e);
      dialog.showErrorBox('Sharedeck could not start', e instanceof Error ? e.message : String(e));
      app.exit(1);
    });
}

// ---- the window -------------------------------------------------------------------------------

async function createWindow(statePath: string, onFocus: () => void): Promise<BrowserWindow> {
  const state = restoreWindowState(
    await readWindowState(statePath),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Sharedeck',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // No middle-click (auxclick) navigation; new windows are refused anyway.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
    },
  });

  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  win.on('focus', onFocus);
  rememberWindowState(win, statePath);
  return win;
}

/** Loads the UI: app://sharedeck/, or electron-vite's dev server in development. */
async function loadApp(win: BrowserWindow): Promise<void> {
  if (devServerUrl) await win.loadURL(devServerUrl);
  else await win.loadURL(APP_START_URL);
}

/** Saves size, position and maximised state shortly after each change, and on close. */
function rememberWindowState(win: BrowserWindow, statePath: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const snapshot = (): WindowState => {
    const bounds = win.getNormalBounds();
    return { ...bounds, maximized: win.isMaximized() };
  };
  const save = (state: WindowState): void => {
    writeWindowState(statePath, state).catch((e: unknown) => {
      console.warn('[window] could not save the window state:', e instanceof Error ? e.message : e);
    });
  };
  const later = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!win.isDestroyed()) save(snapshot());
    }, 1000);
  };
  win.on('resized', later);
  win.on('moved', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    if (timer !== undefined) clearTimeout(timer);
    save(snapshot());
  });
}

// ---- hardening --------------------------------------------------------------------------------

/** Every webContents: no navigation away from the app, no new windows, no webviews. */
function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isTrustedUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (isTrustedUrl(event.url)) return;
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** An http(s) link the user followed: to the system browser. Anything else is refused. */
function openExternally(url: string): void {
  const safe = safeExternalUrl(url);
  if (safe === undefined) {
    console.warn('[window] refused to open a link that is not http(s).');
    return;
  }
  shell.openExternal(safe).catch(() => {
    console.warn('[window] the system could not open a link.');
  });
}

function hardenSession(ses: Session): void {
  // No web permission (camera, notifications, geolocation, clipboard reads, ...) for any page; the
  // app's own main frame may only write text to the clipboard (isPermissionAllowed).
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, details.isMainFrame, isTrustedUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame, isTrustedUrl),
  );
  ses.setDevicePermissionHandler(() => false);

  // The CSP as a header on everything the app's own pages receive.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedUrl(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });

  // app://sharedeck/… serves out/renderer, and nothing outside it.
  ses.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppFile(request.url, rendererRoot);
    if (file === undefined) return notFound();
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: appResponseHeaders(file) });
    } catch {
      return notFound();
    }
  });
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  });
}

// ---- menu -------------------------------------------------------------------------------------

function menuTemplate(): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push(
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(isDev ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Window',
      role: 'window',
      submenu: isMac
        ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }, { type: 'separator' }, { role: 'close' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
  );
  if (!isMac) template.push({ label: '&Help', role: 'help', submenu: [{ role: 'about', label: 'About Sharedeck' }] });
  return template;
}
