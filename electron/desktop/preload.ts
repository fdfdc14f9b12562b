// The preload: puts the engine's transport on window.sharedeck and nothing else. It runs sandboxed
// and context-isolated, is bundled to one CommonJS file (out/preload/preload.cjs) whose only require
// is 'electron', and hands the page no Electron object: no ipcRenderer, no channel of its choosing,
// no IpcRendererEvent. The page builds its SharingApi over this transport with the one builder
// (shared/api-client.ts): the context bridge cannot carry an AbortSignal or a SharedeckError, so the
// proxy lives on the page's side, and what crosses here is plain data only: call requests, envelopes,
// call ids and events.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isSharingApiMethod, type AppEvent } from '../../shared/api';
import { CALL_ID, LOST_CONTACT_MESSAGE, type CallRequest, type Transport } from '../../shared/api-client';
import { errorEnvelope, isEnvelope, type Envelope } from '../../shared/envelope';
import { CALL_CHANNEL, CANCEL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';

const LOST = errorEnvelope({ code: 'connection-lost', message: LOST_CONTACT_MESSAGE });

async function call(request: CallRequest): Promise<Envelope> {
  const { id, method, args } = request;
  // Only calls of the contract leave the page; the main process checks them again.
  if (typeof id !== 'string' || !CALL_ID.test(id) || !isSharingApiMethod(method) || !Array.isArray(args)) {
    return errorEnvelope({ code: 'invalid-input', message: 'Invalid request: not a call of Sharedeck’s contract.' });
  }
  let reply: unknown;
  try {
    reply = JSON.parse((await ipcRenderer.invoke(CALL_CHANNEL, { id, method, args })) as string);
  } catch {
    return LOST;
  }
  if (!isEnvelope(reply)) return LOST;
  // Only what an envelope is made of crosses the bridge: an ErrorInfo's own fields, no stack or extras.
  return reply.ok ? { ok: true, value: reply.value } : errorEnvelope(reply.error);
}

function cancel(id: string): void {
  if (typeof id === 'string' && CALL_ID.test(id)) ipcRenderer.send(CANCEL_CHANNEL, id);
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

contextBridge.exposeInMainWorld('sharedeck', { call, cancel, onEvent } satisfies Transport);
