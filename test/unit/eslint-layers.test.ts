// The layer rule of eslint.config.js (scripts/eslint-layers.mjs): what each layer may import.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the lint configuration, without type declarations
import { layerViolation } from '../../scripts/eslint-layers.mjs';

const check = layerViolation as (from: string, spec: string) => string | undefined;

describe('layer rule', () => {
  it.each([
    ['shared/model.ts', './errors'],
    ['shared/schemas.ts', 'zod'],
    ['renderer/App.tsx', '../shared/model'],
    ['renderer/App.tsx', 'react'],
    ['electron/dav/http.ts', '../../shared/errors'],
    ['electron/dav/http.ts', 'node:crypto'],
    ['electron/service/sharing-service.ts', '../dav/collections'],
    ['electron/web/server.ts', '../service/sharing-service'],
    ['electron/cli/run.ts', '../dav/errors'],
    ['electron/desktop/main.ts', 'electron'],
    ['electron/desktop/window.ts', 'electron'],
    ['electron/desktop/hardening.ts', 'electron'],
    ['electron/desktop/preload.ts', '../../shared/api'],
    ['electron/desktop/main.ts', '../service/engine-host'],
    ['electron/web/main.ts', '../service/engine-host'],
    ['electron/service/engine-worker.ts', 'node:worker_threads'],
  ])('allows %s to import %s', (from, spec) => {
    expect(check(from, spec)).toBeUndefined();
  });

  it.each([
    ['shared/model.ts', '../electron/dav/xml', 'the shared layer (shared/) may not import the engine layer (electron/dav/xml)'],
    ['shared/model.ts', 'node:fs', "the shared layer may not import the package 'node:fs' (allowed: zod)"],
    ['renderer/App.tsx', '../electron/dav/xml', 'the renderer layer (renderer/) may not import the engine layer (electron/dav/xml)'],
    [
      'renderer/api.ts',
      'electron',
      "only electron/desktop/main.ts, electron/desktop/window.ts, electron/desktop/hardening.ts, electron/desktop/menu.ts, electron/desktop/preload.ts, electron/desktop/ipc.ts, electron/desktop/safe-storage.ts may import 'electron'",
    ],
    ['electron/dav/http.ts', '../../renderer/api', 'the engine layer (electron/dav/) may not import the renderer layer (renderer/api)'],
    [
      'electron/dav/http.ts',
      '../service/sharing-service',
      'the engine layer (electron/dav/) may not import the service layer (electron/service/sharing-service)',
    ],
    ['electron/web/server.ts', '../cli/run', 'the web layer (electron/web/) may not import the cli layer (electron/cli/run)'],
    ['electron/cli/run.ts', '../desktop/ipc', 'the cli layer (electron/cli/) may not import the desktop layer (electron/desktop/ipc)'],
    [
      'electron/service/inbox-watch.ts',
      'electron',
      "only electron/desktop/main.ts, electron/desktop/window.ts, electron/desktop/hardening.ts, electron/desktop/menu.ts, electron/desktop/preload.ts, electron/desktop/ipc.ts, electron/desktop/safe-storage.ts may import 'electron'",
    ],
    [
      'electron/desktop/window-state.ts',
      'electron',
      "only electron/desktop/main.ts, electron/desktop/window.ts, electron/desktop/hardening.ts, electron/desktop/menu.ts, electron/desktop/preload.ts, electron/desktop/ipc.ts, electron/desktop/safe-storage.ts may import 'electron'",
    ],
    [
      'electron/desktop/ipc-channels.ts',
      'electron',
      "only electron/desktop/main.ts, electron/desktop/window.ts, electron/desktop/hardening.ts, electron/desktop/menu.ts, electron/desktop/preload.ts, electron/desktop/ipc.ts, electron/desktop/safe-storage.ts may import 'electron'",
    ],
    [
      'electron/service/engine-worker.ts',
      '../desktop/safe-storage',
      'the service layer (electron/service/) may not import the desktop layer (electron/desktop/safe-storage)',
    ],
    [
      'electron/service/engine-host.ts',
      '../web/server',
      'the service layer (electron/service/) may not import the web layer (electron/web/server)',
    ],
  ])('refuses %s importing %s', (from, spec, why) => {
    expect(check(from, spec)).toBe(why);
  });

  // The table is only as good as the files lint applies it to: plain modules of a layer too.
  it.each([
    [
      'shared/x.mjs',
      "import '../electron/dav/xml.ts';",
      'the shared layer (shared/) may not import the engine layer (electron/dav/xml.ts)',
    ],
    ['renderer/x.mjs', "import 'node:fs';", "the renderer layer may not import the package 'node:fs' (allowed: react, react-dom, zustand)"],
    [
      'electron/dav/x.mjs',
      "import '../cli/run.ts';",
      'the engine layer (electron/dav/) may not import the cli layer (electron/cli/run.ts)',
    ],
    [
      'electron/web/x.mjs',
      "await import('../desktop/ipc.ts');",
      'the web layer (electron/web/) may not import the desktop layer (electron/desktop/ipc.ts)',
    ],
  ])('lint applies it to %s', async (file, code, why) => {
    const [result] = await new ESLint({ cwd: process.cwd() }).lintText(code, { filePath: file });
    expect(result?.messages.map((m) => m.message)).toEqual([`Layer rule: ${why}.`]);
  });
});
