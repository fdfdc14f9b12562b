// The renderer's one door to the engine: window.sharedeck in the desktop app (the preload puts it
// there), or the same contract over HTTP in browser mode. Either way the UI sees SharingApi and
// rejections are SharedeckErrors with a code and a sentence.

import { SHARING_API_METHODS, type AppEvent, type SharingApi, type SharingApiMethod } from '../shared/api';
import { SharedeckError, isErrorInfo } from '../shared/errors';

declare global {
  interface Window {
    sharedeck?: SharingApi;
  }
}

type Call = (method: SharingApiMethod, args: unknown[]) => Promise<unknown>;

export function toSharedeckError(e: unknown): SharedeckError {
  if (e instanceof SharedeckError) return e;
  if (isErrorInfo(e)) return SharedeckError.from(e);
  // Anything else is a fault of ours or of the transport; say so plainly.
  return new SharedeckError('connection-lost', 'Sharedeck lost contact with its engine. Reload the window and try again.');
}

function fromCall(call: Call, onEvent: SharingApi['onEvent']): SharingApi {
  const api = { onEvent } as Record<string, unknown>;
  for (const method of SHARING_API_METHODS) {
    api[method] = (...args: unknown[]) => call(method, args).catch((e: unknown) => Promise.reject(toSharedeckError(e)));
  }
  return api as unknown as SharingApi;
}

/** Desktop: the preload's object; only its errors need turning back into SharedeckErrors. */
function desktopBridge(bridge: SharingApi): SharingApi {
  const call: Call = (method, args) => (bridge[method] as (...a: unknown[]) => Promise<unknown>)(...args);
  return fromCall(call, (listener) => bridge.onEvent(listener));
}

const TOKEN_KEY = 'sharedeck.token';

/** Browser mode: the launch token arrives in the URL fragment once, then lives in this tab only. */
function browserToken(): string {
  const match = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(token: string): SharingApi {
  const headers = { 'Content-Type': 'application/json', 'X-Sharedeck-Token': token };
  const call: Call = async (method, args) => {
    // JSON has no undefined: a left-out trailing optional must not arrive as null.
    const sent = [...args];
    while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop();
    let res: Response;
    try {
      res = await fetch(`api/call/${method}`, { method: 'POST', headers, body: JSON.stringify({ args: sent }) });
    } catch {
      throw new SharedeckError(
        'connection-lost',
        'Sharedeck’s browser-mode server is not running. Start it again with npm run web, then reload.',
      );
    }
    const body = (await res.json().catch(() => undefined)) as { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
    if (!body) throw new SharedeckError('connection-lost', `Sharedeck’s browser-mode server answered ${res.status}. Reload the page.`);
    if (body.ok) return body.value;
    throw toSharedeckError(body.error);
  };

  const listeners = new Set<(event: AppEvent) => void>();
  let streaming = false;
  const deliver = (data: string) => {
    let event: AppEvent;
    try {
      event = JSON.parse(data) as AppEvent;
    } catch {
      return; // a frame we cannot read is skipped, not the stream
    }
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // one listener's fault must not starve the others
      }
    }
  };
  const stream = async (): Promise<void> => {
    streaming = true;
    for (;;) {
      try {
        const res = await fetch('api/events', { headers: { 'X-Sharedeck-Token': token } });
        // A new token means a restarted server: this page is stale, and calls will say so.
        if (res.status === 401 || res.status === 403) {
          streaming = false;
          return;
        }
        if (!res.ok || !res.body) throw new Error(String(res.status));
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            if (data) deliver(data);
          }
        }
      } catch {
        // server restarted or gone: try again shortly
      }
      await new Promise((r) => setTimeout(r, 3000));
    }
  };
  const onEvent: SharingApi['onEvent'] = (listener) => {
    listeners.add(listener);
    if (!streaming) void stream();
    return () => {
      listeners.delete(listener);
    };
  };
  return fromCall(call, onEvent);
}

export const isDesktop = typeof window !== 'undefined' && window.sharedeck !== undefined;

export const api: SharingApi = window.sharedeck ? desktopBridge(window.sharedeck) : httpBridge(browserToken());
