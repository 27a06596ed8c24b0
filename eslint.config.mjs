// ESLint (flat config): typescript-eslint's type-checked rules on the
// TypeScript, the plain recommended rules on the .mjs scripts, the layering
// rules (no `vscode` in core, backends and registry; no import up the layer
// list) and refused import cycles.
// Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** What Node provides to the .mjs scripts without an import. */
const NODE_GLOBALS = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);

/** The core, the backends and the registry layer run in plain Node (tests, CLI): no VS Code API. */
const NO_VSCODE = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'vscode', message: 'src/core, src/backends and src/registry run without VS Code: pass what they need in from src/app or the VS Code layer.' },
      ],
    },
  ],
};

/**
 * The layers of src/, lowest first (CONTRIBUTING.md#layout draws them). A file
 * imports from its own layer and the ones below, never from one above, so no
 * two folders can import each other. The features (tree to language) are in an
 * order of their own for the same reason.
 */
const LAYERS = [
  ['src/core'],
  ['src/backends'],
  ['src/registry'],
  ['src/vscode'],
  ['src/tree'],
  ['src/explorer'],
  ['src/descriptions'],
  ['src/pages'],
  ['src/language'],
  ['src/commands'],
  ['src/app'],
  ['src/extension.ts'],
];

const NO_UPWARD_IMPORTS = {
  'import-x/no-restricted-paths': [
    'error',
    {
      basePath: import.meta.dirname,
      zones: LAYERS.slice(0, -1).flatMap((layer, i) =>
        layer.map((target) => ({
          target: `./${target}`,
          from: LAYERS.slice(i + 1)
            .flat()
            .map((above) => `./${above}`),
          message: `${target} may not import from a layer above it (LAYERS in eslint.config.mjs, CONTRIBUTING.md#layout): move the shared part down, or pass it in from above.`,
        })),
      ),
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**', 'media/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/backends/**/*.ts', 'src/registry/**/*.ts'], rules: NO_VSCODE },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    // The UI suites: mocha's globals, and the browser's inside page.evaluate() callbacks.
    files: ['test/ui/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach', 'document', 'window', 'Node'].map((n) => [n, 'readonly'])),
    },
  },
  {
    // Test doubles implement async interfaces with canned answers, and hand methods of
    // real objects to assertions: neither needs an await or a bound this.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Import cycles make load order matter and layers leak into each other.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle follows only files it can parse: the TypeScript sources.
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }], ...NO_UPWARD_IMPORTS },
  },
);
