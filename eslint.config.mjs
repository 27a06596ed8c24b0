// ESLint (flat config): typescript-eslint's type-checked rules on the
// TypeScript, the plain recommended rules on the .mjs scripts, the layering
// rule (no `vscode` below src/app) and refused import cycles.
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
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
