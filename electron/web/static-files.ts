// The built renderer (out/renderer), served read-only: a request path names a file inside that
// folder or nothing, whatever its encoding, dot segments or symlinks.

import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { contentTypeFor } from '../service/renderer-content';
import { sendBytes, sendText } from './http-io';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sharedeck</title></head>
<body>
<h1>Sharedeck’s interface has not been built yet</h1>
<p>Stop this server and start it with <code>npm run web</code>, which builds the interface first
(or run <code>npx vite build</code>), then open the new address it prints.</p>
</body>
</html>
`;

export async function serveStatic(req: IncomingMessage, res: ServerResponse, rendererDir: string, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.\n', { Allow: 'GET, HEAD' });
    return;
  }
  const file = await staticFile(rendererDir, path);
  if (file === undefined) {
    if (path === '/' || path === '/index.html') {
      sendText(res, 503, 'text/html; charset=utf-8', NOT_BUILT_PAGE, { 'Cache-Control': 'no-store' });
    } else {
      sendText(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
    }
    return;
  }
  const content = await readFile(file);
  const type = contentTypeFor(file);
  const isIndex = file === join(await realpath(rendererDir), 'index.html');
  sendBytes(res, 200, type, content, { 'Cache-Control': isIndex ? 'no-store' : 'no-cache' }, req.method === 'HEAD');
}

/**
 * The file a request path names inside the renderer folder, or undefined. Decodes once, refuses
 * `..`, dot files, backslashes and NUL, and checks the real path (symlinks) is still inside.
 */
async function staticFile(root: string, path: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  if (segments.length === 0) segments.push('index.html');
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(realRoot, ...segments));
  } catch {
    return undefined;
  }
  if (!real.startsWith(realRoot + sep)) return undefined;
  try {
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
