// Browser mode as a command: `npm run web` (scripts/web.mjs builds the renderer first, then runs
// this through tsx), or `tsx electron/web/main.ts [--port N]`. Starts the engine host (the service
// in its worker threads) and the HTTP server (server.ts), prints the one address to open, and runs
// until SIGINT or SIGTERM. Accounts live in a JSON file in the user's config folder; passwords
// only in this process's memory.

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkAccountsFile } from '../service/account-store';
import { startEngine } from '../service/engine-host';
import { MemorySecretStore } from '../service/secret-store';
import { startWebServer, type WebServer } from './server';

const USAGE = `Usage: tsx electron/web/main.ts [--port N]

Starts Sharedeck in browser mode on 127.0.0.1 and prints the address to open.
  --port N   listen on port N (default: any free port)

Accounts are kept in $SHAREDECK_CONFIG_DIR, else $XDG_CONFIG_HOME/sharedeck, else
~/.config/sharedeck (accounts.json). Passwords are kept in memory only: after a restart,
Sharedeck asks for them again.`;

/** Where browser mode keeps accounts.json. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHAREDECK_CONFIG_DIR) return resolve(env.SHAREDECK_CONFIG_DIR);
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'sharedeck');
}

type CommandLine = { port: number } | { help: true } | { error: string };

function parseCommandLine(argv: readonly string[]): CommandLine {
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    let value: string | undefined;
    if (arg === '--port') value = argv[++i];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
    else return { error: `unknown option ${arg}` };
    if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) return { error: '--port needs a number from 0 to 65535' };
    port = Number(value);
  }
  return { port };
}

/** Runs browser mode until SIGINT or SIGTERM; resolves to the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const parsed = parseCommandLine(argv);
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`sharedeck web: ${parsed.error}\n\n${USAGE}`);
    return 1;
  }
  const { port } = parsed;
  // The service runs in the engine's threads; passwords stay in this thread, in memory only.
  const accountsFile = join(configDir(), 'accounts.json');
  // A damaged accounts.json is kept aside and repaired once, before the engine reads it; the window says so.
  const notice = await checkAccountsFile(accountsFile);
  const engine = startEngine({ accountsFile, secrets: new MemorySecretStore(), ...(notice ? { notices: [notice] } : {}) });
  const rendererDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
  let server: WebServer;
  try {
    server = await startWebServer({ engine, rendererDir, port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${port} is in use` : e instanceof Error ? e.message : String(e);
    console.error(`sharedeck web: cannot start: ${reason}.`);
    await engine.close();
    return 1;
  }
  console.log(`Sharedeck is running in browser mode; open ${server.url}`);

  return new Promise<number>((resolveExit) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal while closing ends the process at once.
      process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
      void server
        .close()
        .then(() => engine.close())
        .then(() => {
          resolveExit(0);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(resolve(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main();
}
