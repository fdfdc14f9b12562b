// Lint: typescript-eslint's strict type-checked rules for TypeScript, recommended for plain JS, and
// the layer rule below, which holds the architecture of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layersPlugin } from './scripts/eslint-layers.mjs';

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
    // Which layer may import which (scripts/eslint-layers.mjs has the table): shared/ imports nothing
    // of ours, the renderer only shared/, the engine only shared/, each shell the service, the engine
    // and shared/ but never another shell, and only the desktop shell's Electron files import 'electron'.
    files: ['shared/**/*.{ts,mjs}', 'electron/**/*.{ts,mjs}', 'renderer/**/*.{ts,tsx,mjs}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': 'error' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
