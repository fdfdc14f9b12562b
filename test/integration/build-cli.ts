// Global setup of the integration tests: builds the command line first, so the tests that spawn
// `sharedeck` run the current source as the package does (out/cli/sharedeck.mjs).
// @ts-expect-error -- a plain ES module of the build scripts, without type declarations
import { buildCli } from '../../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  await (buildCli as () => Promise<void>)();
}
