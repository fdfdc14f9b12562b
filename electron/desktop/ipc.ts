// The main-process end of the IPC contract (shared/ipc-channels.ts): one ipcMain.handle per
// SharingApi method. Each call is checked before anything reaches the engine:
//   1. the sender is our main window's webContents, the frame is its main frame, and that frame
//      shows our app (app://sharedeck/, or the dev server in development);
//   2. the arguments match the method's schema (shared/schemas.ts);
// and each answer is an envelope, never a rejection: SharedeckErrors travel as their ErrorInfo,
// anything else becomes a generic 'server' error while the real one is logged here, without the
// call's arguments (they may hold a password).

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { SHARING_API_METHODS, type AppEvent, type SharingApi, type SharingApiMethod } from '../../shared/api';
import { SharedeckError } from '../../shared/errors';
import { EVENT_CHANNEL, INVOKE_CHANNELS, errorEnvelope, okEnvelope, type IpcEnvelope } from '../../shared/ipc-channels';
import { parseArguments } from '../../shared/schemas';
import { describeError } from '../service/log-redaction';
import { isAppUrl as isOwnAppUrl } from './security-policy';

export const UNEXPECTED_MESSAGE = 'Sharedeck ran into an unexpected problem. Try again; if it keeps happening, restart Sharedeck.';
const FORBIDDEN_MESSAGE = 'This window is not allowed to use Sharedeck’s engine.';

export interface IpcOptions {
  /** Whether a frame URL is our app's; defaults to app://sharedeck/ only. */
  isAppUrl?: (url: string) => boolean;
  /** Called after each accepted call has settled (e.g. to re-check the inbox after an accept). */
  onCallSettled?: (method: SharingApiMethod, ok: boolean) => void;
  /** Where problems are reported; defaults to the console of the main process. */
  log?: Pick<Console, 'warn' | 'error'>;
}

type ServiceCall = (...args: unknown[]) => Promise<unknown>;

/**
 * Registers the handlers and forwards the service's events to the window. Returns a function that
 * removes both again.
 */
export function registerIpc(service: SharingApi, getWindow: () => BrowserWindow | null | undefined, options: IpcOptions = {}): () => void {
  const isAppUrl = options.isAppUrl ?? ((url: string) => isOwnAppUrl(url));
  const log = options.log ?? console;

  /** Why a sender is refused, or undefined when it is our window's main frame showing our app. */
  const refusal = (event: IpcMainInvokeEvent): string | undefined => {
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

  for (const method of SHARING_API_METHODS) {
    const channel = INVOKE_CHANNELS[method];
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcEnvelope> => {
      const refused = refusal(event);
      if (refused !== undefined) {
        log.warn(`[ipc] refused ${channel}: ${refused}.`);
        return errorEnvelope({ code: 'forbidden', message: FORBIDDEN_MESSAGE });
      }
      const parsed = parseArguments(method, args);
      if (!parsed.ok) {
        log.warn(`[ipc] ${channel}: invalid arguments, not called.`);
        return errorEnvelope({ code: 'invalid-input', message: parsed.message });
      }
      let ok = false;
      try {
        const value = await (service as unknown as Record<SharingApiMethod, ServiceCall>)[method](...(parsed.args as unknown[]));
        ok = true;
        return okEnvelope(value);
      } catch (e) {
        if (e instanceof SharedeckError) return errorEnvelope(e.toJSON());
        log.error(`[ipc] ${channel} failed unexpectedly: ${describeError(e, args)}`);
        return errorEnvelope({ code: 'server', message: UNEXPECTED_MESSAGE });
      } finally {
        try {
          options.onCallSettled?.(method, ok);
        } catch {
          // a broken hook must not change the answer
        }
      }
    });
  }

  const unsubscribe = service.onEvent((event: AppEvent) => {
    const win = getWindow();
    if (!win || win.isDestroyed()) return;
    const contents = win.webContents;
    if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    contents.send(EVENT_CHANNEL, event);
  });

  return () => {
    unsubscribe();
    for (const method of SHARING_API_METHODS) ipcMain.removeHandler(INVOKE_CHANNELS[method]);
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
