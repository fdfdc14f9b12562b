// The IPC contract between the preload (electron/desktop/preload.ts) and the main process
// (electron/desktop/ipc.ts), in the manner of GitHub Desktop's typed channel map: every channel name and
// the shape of what travels on it is declared here once, and both sides use these names only.
//
// Requests: one `invoke` channel per SharingApi method. The main process never lets an invoke
// reject (Electron would keep only the message of an Error); it always resolves with an envelope,
// and the preload turns `{ ok: false }` into a rejection with the plain ErrorInfo.
// Events: one `send` channel from the main process to the window, carrying AppEvents.

import { SHARING_API_METHODS, type AppEvent, type SharingApi, type SharingApiMethod } from './api';
import { isErrorInfo, plainErrorInfo, type ErrorInfo } from './errors';

/** The invoke channel of a method: `sharedeck:<method>`. */
export type InvokeChannel<M extends SharingApiMethod = SharingApiMethod> = `sharedeck:${M}`;

/** Request/response channels: channel name → the contract method it carries. */
export type RequestChannels = { [M in SharingApiMethod as InvokeChannel<M>]: SharingApi[M] };

/** Main → window channels and their payloads. */
export interface EventChannels {
  'sharedeck:event': AppEvent;
}

export const EVENT_CHANNEL = 'sharedeck:event' satisfies keyof EventChannels;

function channelOf<M extends SharingApiMethod>(method: M): InvokeChannel<M> {
  return `sharedeck:${method}`;
}

/** Method → invoke channel, for every method of SHARING_API_METHODS. */
export const INVOKE_CHANNELS: { readonly [M in SharingApiMethod]: InvokeChannel<M> } = Object.freeze(
  Object.fromEntries(SHARING_API_METHODS.map((m) => [m, channelOf(m)])) as { [M in SharingApiMethod]: InvokeChannel<M> },
);

/** What every invoke channel resolves with. */
export type IpcEnvelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The resolved value of a request channel, once unwrapped. */
export type ChannelResult<C extends keyof RequestChannels> = Awaited<ReturnType<RequestChannels[C]>>;

export function okEnvelope<T>(value: T): IpcEnvelope<T> {
  return { ok: true, value };
}

/** An error envelope holding a plain ErrorInfo (only code, message, status and origin cross the bridge). */
export function errorEnvelope(error: ErrorInfo): IpcEnvelope<never> {
  return { ok: false, error: plainErrorInfo(error) };
}

export function isIpcEnvelope(value: unknown): value is IpcEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.ok === true) return 'value' in v;
  return v.ok === false && isErrorInfo(v.error);
}
