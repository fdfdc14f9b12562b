// Lint: typescript-eslint's strict type-checked rules for TypeScript, recommended for plain JS.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // What .gitignore ignores (build output, reports, scratch folders) is not linted either.
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.cache/', '.tmp-exp/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      // shared/ is pure: no Node, Electron, React or DOM.
      'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', 'react', 'react-dom', '../electron/*', '../renderer/*'] }],
    },
  },
  {
    // Only the desktop shell's own files import 'electron' (DESIGN.md); the rest of electron/ runs
    // under plain Node (CLI, browser mode, tests), and the renderer reaches the engine only through
    // window.sharedeck (the preload), never through ipcRenderer.
    files: ['electron/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/accounts/safe-storage.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['electron/*'] }] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
