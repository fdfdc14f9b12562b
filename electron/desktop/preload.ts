// The preload: puts SharingApi on window.sharedeck and nothing else. It runs sandboxed and
// context-isolated, is bundled to one CommonJS file (out/preload/preload.cjs) whose only require is
// 'electron', and hands the page no Electron object: no ipcRenderer, no generic invoke, no
// IpcRendererEvent. Rejections are plain ErrorInfo objects ({ code, message, status?, origin? }), because
// the context bridge would drop any property of an Error but its message.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { SHARING_API_METHODS, type AppEvent, type SharingApi } from '../../shared/api';
import { plainErrorInfo, type ErrorInfo } from '../../shared/errors';
import { EVENT_CHANNEL, INVOKE_CHANNELS, isIpcEnvelope } from '../../shared/ipc-channels';

const LOST: ErrorInfo = {
  code: 'connection-lost',
  message: 'Sharedeck lost contact with its engine. Reload the window and try again.',
};

/** Rejects with a plain object: that is what survives the context bridge intact. */
function reject(error: ErrorInfo): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an Error would lose code, status and origin on the bridge
  return Promise.reject(plainErrorInfo(error));
}

async function call(channel: string, args: unknown[]): Promise<unknown> {
  let reply: unknown;
  try {
    reply = await ipcRenderer.invoke(channel, ...args);
  } catch {
    return reject(LOST);
  }
  if (!isIpcEnvelope(reply)) return reject(LOST);
  return reply.ok ? reply.value : reject(reply.error);
}

function onEvent(listener: (event: AppEvent) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
  const forward = (_event: IpcRendererEvent, appEvent: AppEvent): void => {
    listener(appEvent);
  };
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

function buildApi(): SharingApi {
  const api: Record<string, unknown> = { onEvent };
  for (const method of SHARING_API_METHODS) {
    const channel = INVOKE_CHANNELS[method];
    api[method] = (...args: unknown[]) => call(channel, args);
  }
  return api as unknown as SharingApi;
}

contextBridge.exposeInMainWorld('sharedeck', buildApi());
