#!/usr/bin/env node
// `sharedeck`: runs electron/cli/run.ts from source through tsx, so the command line is always the
// code the desktop app runs.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/run.ts');
process.exitCode = await main();
