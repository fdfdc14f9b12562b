// What every page of the app is held to (Electron's security checklist): no navigation away from
// the app, no new windows or webviews, http(s) links to the system browser after their URL is
// checked, no web permission but clipboard writes by the app's main frame, no download but the
// files the app makes itself (to the system's save dialog), the CSP as a header on the app's
// responses, and app://sharedeck/ serving out/renderer and nothing outside it. The
// decisions are security-policy.ts's; this wires them to Electron.

import { shell, type Session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../service/renderer-content';
import {
  APP_SCHEME,
  appResponseHeaders,
  downloadName,
  isAppDownload,
  isPermissionAllowed,
  resolveAppFile,
  safeExternalUrl,
} from './security-policy';

/** Every webContents: no navigation away from the app, no new windows, no webviews. */
export function hardenContents(contents: WebContents, isTrustedUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (isTrustedUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (isTrustedUrl(event.url)) return;
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** An http(s) link the user followed: to the system browser. Anything else is refused. */
function openExternally(url: string): void {
  const safe = safeExternalUrl(url);
  if (safe === undefined) {
    console.warn('[window] refused to open a link that is not http(s).');
    return;
  }
  shell.openExternal(safe).catch(() => {
    console.warn('[window] the system could not open a link.');
  });
}

export function hardenSession(ses: Session, isTrustedUrl: (url: string) => boolean, rendererRoot: string): void {
  // No web permission (camera, notifications, geolocation, clipboard reads, ...) for any page; the
  // app's own main frame may only write text to the clipboard (isPermissionAllowed).
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, details.isMainFrame, isTrustedUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame, isTrustedUrl),
  );
  ses.setDevicePermissionHandler(() => false);

  // Downloads: the People view's export (a blob: URL the page made), to the system's save dialog;
  // nothing else is downloaded.
  ses.on('will-download', (event, item) => {
    if (!isAppDownload(item.getURL(), isTrustedUrl)) {
      event.preventDefault();
      console.warn('[window] refused a download that the app did not make.');
      return;
    }
    item.setSaveDialogOptions({ title: 'Save the export', defaultPath: downloadName(item.getFilename()) });
  });

  // The CSP as a header on everything the app's own pages receive.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedUrl(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });

  // app://sharedeck/… serves out/renderer, and nothing outside it.
  ses.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppFile(request.url, rendererRoot);
    if (file === undefined) return notFound();
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: appResponseHeaders(file) });
    } catch {
      return notFound();
    }
  });
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  });
}
