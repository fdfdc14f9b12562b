// Lint: typescript-eslint's strict type-checked rules for TypeScript, recommended for plain JS.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/'] },
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
    files: ['electron/dav/**/*.ts', 'electron/accounts/store.ts', 'electron/accounts/secrets.ts', 'electron/service.ts', 'electron/cli.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
