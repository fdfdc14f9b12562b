// The renderer build (React). Used as is for browser mode (`npm run web`), and by
// electron.vite.config.ts for the desktop app, so both shells get the same bundle.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export const rendererConfig = {
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    // The CSP allows no inline code; keep every asset a file.
    assetsInlineLimit: 0,
  },
};

export default defineConfig(rendererConfig);
