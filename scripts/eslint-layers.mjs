// The layer rule of eslint.config.js: every import of a file under shared/, electron/ or renderer/
// is checked against the table below, by the folder of the importing file and of what it imports.
// Relative imports are resolved to project paths; packages are matched by name.

import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Per layer: the layers it may import (itself included) and the packages it may import ('node:'
 * stands for every Node built-in). The first matching prefix names a file's layer.
 */
export const LAYERS = [
  { layer: 'shared', prefix: 'shared/', imports: ['shared'], packages: ['zod'] },
  { layer: 'renderer', prefix: 'renderer/', imports: ['renderer', 'shared'], packages: ['react', 'react-dom', 'zustand'] },
  { layer: 'engine', prefix: 'electron/dav/', imports: ['engine', 'shared'], packages: ['node:', 'tsdav', 'fast-xml-parser'] },
  { layer: 'service', prefix: 'electron/service/', imports: ['service', 'engine', 'shared'], packages: ['node:', 'zod'] },
  { layer: 'desktop', prefix: 'electron/desktop/', imports: ['desktop', 'service', 'engine', 'shared'], packages: ['node:', 'electron'] },
  { layer: 'web', prefix: 'electron/web/', imports: ['web', 'service', 'engine', 'shared'], packages: ['node:'] },
  { layer: 'cli', prefix: 'electron/cli/', imports: ['cli', 'service', 'engine', 'shared'], packages: ['node:'] },
];

/** The only files that may import 'electron': the desktop shell's Electron side. */
export const ELECTRON_FILES = [
  'electron/desktop/main.ts',
  'electron/desktop/window.ts',
  'electron/desktop/hardening.ts',
  'electron/desktop/menu.ts',
  'electron/desktop/preload.ts',
  'electron/desktop/ipc.ts',
  'electron/desktop/safe-storage.ts',
];

function layerOf(path) {
  return LAYERS.find((l) => path.startsWith(l.prefix));
}

function packageName(spec) {
  if (spec.startsWith('node:')) return 'node:';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `spec`, imported by project file `from`, breaks the table; undefined when it is allowed. */
export function layerViolation(from, spec) {
  const own = layerOf(from);
  if (!own) return undefined;
  if (spec.startsWith('.')) {
    const target = relative(ROOT, resolve(ROOT, dirname(from), spec))
      .split('\\')
      .join('/');
    const theirs = layerOf(target);
    if (!theirs) return `${own.layer} code may not import ${target}, which belongs to no layer`;
    return own.imports.includes(theirs.layer)
      ? undefined
      : `the ${own.layer} layer (${own.prefix}) may not import the ${theirs.layer} layer (${target})`;
  }
  const name = packageName(spec);
  if (name === 'electron' && !ELECTRON_FILES.includes(from)) return `only ${ELECTRON_FILES.join(', ')} may import 'electron'`;
  if (!own.packages.includes(name))
    return `the ${own.layer} layer may not import the package '${spec}' (allowed: ${own.packages.join(', ')})`;
  return undefined;
}

const rule = {
  meta: { type: 'problem', docs: { description: 'Imports follow the layers of docs/architecture.md' }, schema: [] },
  create(context) {
    const from = relative(ROOT, context.filename).split('\\').join('/');
    const check = (node, source) => {
      if (typeof source?.value !== 'string') return;
      const why = layerViolation(from, source.value);
      if (why) context.report({ node: source, message: `Layer rule: ${why}.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': rule } };
