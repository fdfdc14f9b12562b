// The main-process end of the IPC channels (ipc-channels.ts): relays calls from the window to the
// engine and its answers and events back. Each call is checked before it is relayed: the sender is
// our main window's webContents, the frame is its main frame, and that frame shows our app
// (app://sharedeck/, or the dev server in development). What the call asks is the engine's to
// judge: its dispatcher checks the method, the service's boundary the arguments.

import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { AppEvent, SharingApiMethod } from '../../shared/api';
import { errorEnvelope } from '../../shared/envelope';
import type { Engine } from '../service/engine';
import { CALL_ID } from '../../shared/api-client';
import { CALL_CHANNEL, CANCEL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';
import { isAppUrl as isOwnAppUrl } from './security-policy';

const FORBIDDEN_MESSAGE = 'This window is not allowed to use Sharedeck’s engine.';

export interface IpcOptions {
  /** Whether a frame URL is our app's; defaults to app://sharedeck/ only. */
  isAppUrl?: (url: string) => boolean;
  /** Called after each relayed call has answered (e.g. to re-check the inbox after an accept). */
  onCallSettled?: (method: SharingApiMethod, ok: boolean) => void;
  /** Where refusals are reported; defaults to the console of the main process. */
  log?: Pick<Console, 'warn'>;
}

function refusedEnvelope(code: 'forbidden' | 'invalid-input', message: string): string {
  return JSON.stringify(errorEnvelope({ code, message }));
}

/** Registers the channels and forwards the engine's events to the window; returns a function that removes both. */
export function registerIpc(engine: Engine, getWindow: () => BrowserWindow | null | undefined, options: IpcOptions = {}): () => void {
  const isAppUrl = options.isAppUrl ?? ((url: string) => isOwnAppUrl(url));
  const log = options.log ?? console;
  /** Calls in flight by id, so that a cancel message can abort them. */
  const inFlight = new Map<string, AbortController>();

  /** Why a sender is refused, or undefined when it is our window's main frame showing our app. */
  const refusal = (event: IpcMainInvokeEvent | IpcMainEvent): string | undefined => {
    const win = getWindow();
    if (!win || win.isDestroyed()) return 'there is no main window';
    const contents = win.webContents;
    if (event.sender !== contents) return 'the sender is not the main window';
    const frame = event.senderFrame;
    if (!frame) return 'the sending frame is gone';
    if (frame !== contents.mainFrame) return 'the sender is not the main frame';
    if (!isAppUrl(frame.url)) return `the main frame shows ${describeOrigin(frame.url)}, not Sharedeck`;
    return undefined;
  };

  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, request: unknown): Promise<string> => {
    const refused = refusal(event);
    if (refused !== undefined) {
      log.warn(`[ipc] refused a call: ${refused}.`);
      return refusedEnvelope('forbidden', FORBIDDEN_MESSAGE);
    }
    const { id, method, args } = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
    if (typeof id !== 'string' || !CALL_ID.test(id) || typeof method !== 'string') {
      log.warn('[ipc] refused a call that is not a call request.');
      return refusedEnvelope('invalid-input', 'Invalid request: a call needs an id and a method name.');
    }
    if (inFlight.has(id)) return refusedEnvelope('invalid-input', 'Invalid request: a call with this id is already running.');
    const controller = new AbortController();
    inFlight.set(id, controller);
    try {
      const answer = await engine.call(method, args, { signal: controller.signal });
      try {
        // Only calls that reached the service: a refused one changed nothing.
        if (answer.status !== 'no-such-method' && answer.status !== 'invalid-arguments') {
          options.onCallSettled?.(method as SharingApiMethod, answer.status === 'ok');
        }
      } catch {
        // a broken hook must not change the answer
      }
      return answer.envelope;
    } finally {
      inFlight.delete(id);
    }
  });

  const onCancel = (event: IpcMainEvent, id: unknown): void => {
    if (refusal(event) !== undefined || typeof id !== 'string') return;
    inFlight.get(id)?.abort();
  };
  ipcMain.on(CANCEL_CHANNEL, onCancel);

  const unsubscribe = engine.onEvent((event: AppEvent) => {
    const win = getWindow();
    if (!win || win.isDestroyed()) return;
    const contents = win.webContents;
    if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    contents.send(EVENT_CHANNEL, event);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeListener(CANCEL_CHANNEL, onCancel);
    for (const controller of inFlight.values()) controller.abort();
  };
}

function describeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? `a ${parsed.protocol} page` : parsed.origin;
  } catch {
    return 'an unknown page';
  }
}
