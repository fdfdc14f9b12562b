// The application menu: the usual roles, Force Reload and the developer tools in development only.

import type { MenuItemConstructorOptions } from 'electron';

export function menuTemplate({ isDev, isMac }: { isDev: boolean; isMac: boolean }): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push(
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(isDev ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Window',
      role: 'window',
      submenu: isMac
        ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }, { type: 'separator' }, { role: 'close' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
  );
  if (!isMac) template.push({ label: '&Help', role: 'help', submenu: [{ role: 'about', label: 'About Sharedeck' }] });
  return template;
}
