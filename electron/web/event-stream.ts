// GET /api/events: the engine's AppEvents as a text/event-stream, one `data:` frame each, with
// heartbeat comments so that proxies and the browser keep the connection.

import type { ServerResponse } from 'node:http';
import type { Engine } from '../service/engine';
import { SECURITY_HEADERS } from './http-io';

/** Opens the stream on `res`; it ends when the client goes away or the server closes `res`. */
export function openEventStream(
  res: ServerResponse,
  engine: Pick<Engine, 'onEvent'>,
  heartbeatMs: number,
  onUnserialisable: (error: unknown) => void,
): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = engine.onEvent((event) => {
    let data: string;
    try {
      data = JSON.stringify(event);
    } catch (e) {
      onUnserialisable(e);
      return;
    }
    res.write(`data: ${data}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  let ended = false;
  // 'close' on the response: the client went away, or the server ended the stream.
  res.on('close', () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearInterval(heartbeat);
  });
}
