// Relaying to the live server, for the specs that put a server of their own in front of it (one
// that can go down, one that answers late): each request goes on as it came, and the answer comes
// back with redirects pointing at the relay, so a discovery through it stays on it.
import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Sends `req` on to `upstream` and its answer back on `res`; `own` is the relay's origin, once it listens. */
export function relay(upstream: URL, own: () => string, req: IncomingMessage, res: ServerResponse): void {
  const out = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
    (answer) => {
      const headers = { ...answer.headers };
      if (headers.location) headers.location = headers.location.replace(upstream.origin, own());
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    },
  );
  out.on('error', () => res.destroy());
  req.pipe(out);
}

/** Closes a relay's server and every connection it holds: whoever is connected sees it go. */
export function closeAll(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      resolve();
    });
  });
}
