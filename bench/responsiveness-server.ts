// The DAV server of the responsiveness benchmark (responsiveness.ts), in a process of its own so
// that its work never counts as the shell's: the synthetic 20 MB calendar home of one account, and
// bob's recorded Cyrus inbox (its PROPFIND and the invitation it lists, under
// /dav/notifications/) for another. Prints
// `port N bytes M` once it listens (M: the size of the listing).
//
//   node --import tsx bench/responsiveness-server.ts

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCyrus } from '../test/fixtures/load';
import { SYNTHETIC_HOME, syntheticMultistatus } from './synthetic';

const INBOX = '/dav/notifications/';
const HOME_PATH = new URL(SYNTHETIC_HOME).pathname;

const listing = Buffer.from(syntheticMultistatus());
const inbox = loadCyrus('12').response;
const invitation = loadCyrus('13').response;

const server = createServer((req, res) => {
  req.resume();
  const path = (req.url ?? '').split('?', 1)[0];
  const send = (status: number, type: string, body: Buffer | string): void => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  if (req.method === 'PROPFIND' && path === HOME_PATH) send(207, 'application/xml; charset=utf-8', listing);
  else if (req.method === 'PROPFIND' && path?.startsWith(INBOX))
    send(207, inbox.headers.get('content-type') ?? 'application/xml', inbox.body);
  else if (req.method === 'GET' && path?.startsWith(INBOX))
    send(200, invitation.headers.get('content-type') ?? 'application/xml', invitation.body);
  else send(404, 'text/plain', 'Not found.\n');
});

// Idle connections stay open longer than the client keeps them, so that no request is ever sent
// on a connection this server is closing (a burst of calls after a blocked thread reuses many).
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port ${(server.address() as AddressInfo).port} bytes ${listing.length}\n`);
});
