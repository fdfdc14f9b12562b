// The Cyrus server the listing benchmark runs against: SHAREDECK_TEST_SERVER when set, else a
// private instance from e2e/cyrus/server.mjs, stopped at the end, on errors and on Ctrl-C.

import { log } from './stats';

export interface BenchServer {
  url: string;
  /** True when this run started the server (and so provisions from scratch). */
  private: boolean;
  stop(): Promise<void>;
}

interface Started {
  url: string;
  stop: () => Promise<void>;
}

interface CyrusModule {
  ensureCyrusInstalled(opts?: { log?: (line: string) => void }): Promise<void>;
  startCyrus(opts?: { log?: (line: string) => void }): Promise<Started>;
}

export async function benchServer(): Promise<BenchServer> {
  const given = process.env.SHAREDECK_TEST_SERVER;
  if (given) {
    log(`using SHAREDECK_TEST_SERVER=${given}`);
    return { url: given.replace(/\/+$/, ''), private: false, stop: () => Promise.resolve() };
  }
  // A plain .mjs without type declarations: loaded by URL and given its type here.
  const script = new URL('../e2e/cyrus/server.mjs', import.meta.url).href;
  const cyrus = (await import(script)) as CyrusModule;
  const cyrusLog = (line: string): void => {
    log(`cyrus: ${line}`);
  };
  await cyrus.ensureCyrusInstalled({ log: cyrusLog });
  // A signal ends the process without an 'exit' event: stop the server, then exit (whose handler,
  // installed by startCyrus, also cleans up an instance interrupted while it starts).
  let server: Started | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    log(`${sig}: stopping the Cyrus server`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  const detach = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await cyrus.startCyrus({ log: cyrusLog });
  } catch (err) {
    detach();
    throw err;
  }
  const { url, stop } = server;
  return {
    url,
    private: true,
    stop: async () => {
      detach();
      await stop();
    },
  };
}
