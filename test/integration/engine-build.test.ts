// The engine's threads start from a build as well as from source: a bundle of the engine host, with
// electron/service/engine-worker.ts emitted as engine-worker.js in the same folder (the layout
// electron.vite.config.ts gives the desktop app), runs under plain Node, no tsx, and answers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sharedeck-engine-build-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the engine from a build', () => {
  it('starts its threads from engine-worker.js beside the bundle and answers a call', async () => {
    const outDir = join(dir, 'out');
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      ssr: { noExternal: true },
      build: {
        ssr: true,
        outDir,
        target: 'node20',
        minify: false,
        rolldownOptions: {
          input: {
            probe: join(ROOT, 'test/support/engine-probe.ts'),
            'engine-worker': join(ROOT, 'electron/service/engine-worker.ts'),
          },
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
        },
      },
    });
    const files = readdirSync(outDir);
    expect(files).toContain('engine-worker.js');
    expect(files.some((f) => f.endsWith('.mjs') || f.endsWith('.ts'))).toBe(false);

    const accountsFile = join(dir, 'accounts.json');
    // A whole account: the engine validates what it reads (a partial one would be left out).
    const account = {
      id: 'built-1',
      label: 'From a build',
      serverUrl: 'https://dav.example.com/',
      username: 'alice',
      principalUrl: 'https://dav.example.com/principals/alice/',
      displayName: 'Alice',
      addresses: [],
      calendarHomes: ['https://dav.example.com/calendars/alice/'],
      addressbookHomes: [],
      folders: [],
      capabilities: [],
      dialects: [],
      approvedOrigins: [],
    };
    writeFileSync(accountsFile, JSON.stringify({ version: 1, accounts: [account] }));
    // Plain Node in a folder without node_modules: nothing but the bundle can be loaded.
    expect(existsSync(join(outDir, 'node_modules'))).toBe(false);
    const out = execFileSync(process.execPath, [join(outDir, 'probe.js'), accountsFile], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out)).toEqual({ ok: true, value: [account] });
  }, 120_000);
});
