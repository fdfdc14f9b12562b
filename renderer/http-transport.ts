// Browser mode's transport: the engine's calls over HTTP to the server on 127.0.0.1 that printed
// this page's address (electron/web/). The launch token arrives once in the URL fragment and then
// lives in this tab only; every request carries it. A server started again since has a new token:
// it answers 'old-session', and the page is told (onOldSession) so it can say what to do.
//
//   POST api/call/<method>   {"args":[...]}, header X-Sharedeck-Call-Id → the answer's envelope
//   POST api/cancel/<id>     cancels that call; the call itself still answers
//   GET  api/events          text/event-stream of AppEvents

import type { AppEvent } from '../shared/api';
import type { Transport } from '../shared/api-client';
import { errorEnvelope, isEnvelope } from '../shared/envelope';

const TOKEN_KEY = 'sharedeck.token';

/** The launch token: from the URL fragment once (then removed from the address bar), else this tab's copy. */
export function browserToken(): string {
  const match = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export interface HttpTransportOptions {
  /** Called once this page's token is refused: the server was started again since the tab opened. */
  onOldSession?: () => void;
}

export function httpTransport(token: string, options: HttpTransportOptions = {}): Transport {
  const listeners = new Set<(event: AppEvent) => void>();
  let streaming = false;
  let old = false;
  const oldSession = () => {
    if (old) return;
    old = true;
    options.onOldSession?.();
  };

  const deliver = (data: string): void => {
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
          if (res.status === 401) oldSession();
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

  return {
    async call({ id, method, args }) {
      let res: Response;
      try {
        res = await fetch(`api/call/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Sharedeck-Token': token, 'X-Sharedeck-Call-Id': id },
          body: JSON.stringify({ args }),
        });
      } catch {
        return errorEnvelope({
          code: 'connection-lost',
          message: 'Sharedeck’s browser-mode server is not running. Start it again with npm run web, then reload.',
        });
      }
      const body: unknown = await res.json().catch(() => undefined);
      if (isEnvelope(body)) {
        if (!body.ok && body.error.code === 'old-session') oldSession();
        return body;
      }
      return errorEnvelope({
        code: 'connection-lost',
        message: `Sharedeck’s browser-mode server answered ${res.status}. Reload the page.`,
      });
    },
    cancel(id) {
      void fetch(`api/cancel/${encodeURIComponent(id)}`, { method: 'POST', headers: { 'X-Sharedeck-Token': token } }).catch(
        () => undefined,
      );
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!streaming) void stream();
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
