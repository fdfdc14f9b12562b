// The renderer's one door to the engine: the SharingApi built by shared/api-client.ts over the
// desktop preload's transport (window.sharedeck) or, in browser mode, over HTTP. Either way the UI
// sees SharingApi, can cancel a call with api.withSignal(signal), and rejections are
// SharedeckErrors with a code, a sentence and (for 'untrusted-origin') the other origin; a call
// that meets another server asks the person first (trust.ts).

import { buildSharingApi, type SharingClient, type Transport } from '../shared/api-client';
import { browserToken, httpTransport } from './http-transport';
import { withOriginApproval } from './trust';

export { toSharedeckError } from '../shared/api-client';

declare global {
  interface Window {
    sharedeck?: Transport;
  }
}

/** Call ids unique to this page, so that two tabs (or a reloaded page) never share one. */
function idPrefix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}-`;
}

export const isDesktop = typeof window !== 'undefined' && window.sharedeck !== undefined;

const oldSessionListeners = new Set<() => void>();
let oldSession = false;

/** Browser mode: calls `listener` once the server says this tab belongs to an earlier run of it (also when it said so already). */
export function onOldSession(listener: () => void): () => void {
  oldSessionListeners.add(listener);
  if (oldSession) listener();
  return () => {
    oldSessionListeners.delete(listener);
  };
}

const transport =
  window.sharedeck ??
  httpTransport(browserToken(), {
    onOldSession: () => {
      oldSession = true;
      for (const listener of oldSessionListeners) listener();
    },
  });

export const api: SharingClient = withOriginApproval(buildSharingApi(transport, { idPrefix: idPrefix() }));
