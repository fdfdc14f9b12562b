// The one window: hardened webPreferences (sandboxed, context-isolated, no Node, only the preload),
// at least 900×600, its size and place remembered between runs (window-state.ts).

import { BrowserWindow, screen } from 'electron';
import { MIN_SIZE, restoreWindowState, writeWindowState, type WindowState } from './window-state';

export interface WindowOptions {
  /** Where the window's size and position are kept. */
  statePath: string;
  /** The state read from there (readWindowState), restored here onto the displays there are now. */
  saved: unknown;
  /** The built preload (out/preload/preload.cjs). */
  preloadPath: string;
  onFocus: () => void;
}

export function createWindow({ statePath, saved, preloadPath, onFocus }: WindowOptions): BrowserWindow {
  const state = restoreWindowState(
    saved,
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
