// The command-line build (`npm run build:cli`, also run by `npm run build` and by `prepare`, so
// `npm ci` leaves a working `npx sharedeck`):
//   out/cli/sharedeck.mjs   electron/cli/bin.ts and everything it imports, npm packages included,
//                           in one ES module for Node 20: it starts without compiling anything and
//                           runs where there is no node_modules (the desktop package ships it).
// Another Node entry (a worker, a second command) is one more line in `input`.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  // No public/ folder, no index.html: a Node build.
  publicDir: false,
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: true,
    outDir: resolve(root, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: { sharedeck: resolve(root, 'electron/cli/bin.ts') },
      output: { format: 'es', entryFileNames: '[name].mjs', banner: '#!/usr/bin/env node', codeSplitting: false },
    },
  },
});
