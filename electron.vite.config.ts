// The desktop build (`npm run build` = electron-vite build):
//   out/main/main.js         the main process, an ES module (package.json "type": "module";
//                            Electron >= 28 loads ESM main scripts). Every dependency is bundled
//                            in, so the packaged app needs no node_modules.
//   out/main/engine-worker.js  the engine's threads (electron/service/engine-worker.ts): the engine
//                            host in main.js starts them from beside the bundle holding it, so
//                            shared chunks stay in out/main/ too (no subfolder).
//   out/preload/preload.cjs  the preload, CommonJS in one file: sandboxed preloads cannot load ES
//                            modules and can require nothing but 'electron'.
//   out/renderer/            the React UI: the very build of vite.config.ts (browser mode uses it
//                            too), written where main.ts serves it from (app://sharedeck/).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: false,
      sourcemap: false,
      rolldownOptions: {
        input: { main: resolve(root, 'electron/desktop/main.ts'), 'engine-worker': resolve(root, 'electron/service/engine-worker.ts') },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      sourcemap: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'electron/desktop/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    root: resolve(root, 'renderer'),
    build: {
      ...rendererConfig.build,
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
