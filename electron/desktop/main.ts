// The desktop app's entry: Electron's lifecycle, and the wiring of the engine host (the service in
// its worker threads, passwords here in safeStorage) to the window, the inbox watch and IPC. The
// parts live beside it: window.ts (the one hardened window), hardening.ts (navigation, windows,
// permissions, the CSP header, the app:// handler), menu.ts, ipc.ts (the checked relay of calls).
// Follows Electron's security checklist: the renderer is sandboxed, context-isolated, without Node,
// sees only window.sharedeck, and is served from app://sharedeck/ with a strict CSP.
//
// ES module (package.json "type": "module"): everything that must happen before 'ready'
// (privileged schemes, the sandbox switch, the single-instance lock) runs synchronously at the top
// level, and nothing awaits whenReady() at the top level.

import { app, BrowserWindow, dialog, Menu, Notification, protocol, session } from 'electron';
import { join } from 'node:path';
import type { SharingApiMethod } from '../../shared/api';
import { engineClient, type Engine } from '../service/engine';
import { startEngine } from '../service/engine-host';
import { checkAccountsFile } from '../service/account-store';
import { InboxWatch, type InboxNotice } from '../service/inbox-watch';
import { hardenContents, hardenSession } from './hardening';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { SafeStorageSecretStore } from './safe-storage';
import { APP_SCHEME, APP_START_URL, isAppUrl } from './security-policy';
import { createWindow } from './window';
import { readWindowState } from './window-state';

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
  /** The window state read at start (with the other files), for the first window. */
  let startState: unknown;
  let creating: Promise<BrowserWindow> | undefined;
  const userData = (): string => app.getPath('userData');
  const statePath = (): string => join(userData(), 'window-state.json');

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
      // The first window uses the state read at start; a later one (macOS: reopened) reads it again.
      const saved = startState ?? (await readWindowState(statePath())).saved;
      startState = undefined;
      const win = createWindow({ statePath: statePath(), saved, preloadPath, onFocus: () => void watch?.focused() });
      // The window is ours before its page loads: the page's first IPC calls come during the load.
      mainWindow = win;
      win.on('closed', () => {
        if (mainWindow === win) mainWindow = undefined;
      });
      // The UI: app://sharedeck/, or electron-vite's dev server in development.
      await win.loadURL(devServerUrl ?? APP_START_URL);
      return win;
    })().finally(() => {
      creating = undefined;
    });
    return creating;
  };

  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, isTrustedUrl);
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
      hardenSession(session.defaultSession, isTrustedUrl, rendererRoot);
      app.setAboutPanelOptions({ applicationName: 'Sharedeck', applicationVersion: app.getVersion() });

      // The service runs in the engine's threads; passwords stay here, in safeStorage.
      const secrets = await SafeStorageSecretStore.open(join(userData(), 'secrets.json'));
      const windowState = await readWindowState(statePath());
      startState = windowState.saved;
      const accountsFile = join(userData(), 'accounts.json');
      const accountsNotice = await checkAccountsFile(accountsFile);
      // What was wrong with the files read at start, for the window to say once (takeNotices).
      const startNotices = [secrets.notice, accountsNotice, windowState.notice].filter((n): n is string => n !== undefined);
      const started = startEngine({ accountsFile, secrets, notices: startNotices });
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
      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isDev, isMac: process.platform === 'darwin' })));
      await openWindow();
      watch.start();
    })
    .catch((e: unknown) => {
      console.error('[main] Sharedeck could not start:', e);
      dialog.showErrorBox('Sharedeck could not start', e instanceof Error ? e.message : String(e));
      app.exit(1);
    });
}
