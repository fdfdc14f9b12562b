// The `sharedeck` executable. vite.cli.config.ts bundles it, with everything it imports, into
// out/cli/sharedeck.mjs, which package.json names as the bin and the desktop package ships.
import { main } from './run';

process.exitCode = await main();
