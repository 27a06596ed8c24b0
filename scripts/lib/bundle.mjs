// The extension as VS Code loads it: one esbuild bundle, the Markdown worker it
// starts, and the native better-sqlite3 build, named by the ABI it was compiled
// for, so the host can tell whether it matches (and fall back to node:sqlite when
// it does not).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { log, ROOT } from './ensure.mjs';

const require = createRequire(import.meta.url);

export const DIST = join(ROOT, 'dist');

export function nativeName(abi = process.versions.modules) {
  return `better_sqlite3-${process.platform}-${process.arch}-abi${abi}.node`;
}

/**
 * esbuild wraps each `import * as vscode from 'vscode'` of the CommonJS bundle in
 * its own copy of the API object (__toESM: one getter per property, some 36
 * modules over some hundreds of properties), about half of the bundle's load in
 * the extension host's profile. One module re-exporting the API serves them all,
 * so the copy is made once.
 */
const ONE_VSCODE_NAMESPACE = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

function nodeBundle(entry, outfile, minify) {
  return {
    entryPoints: [join(ROOT, 'src', ...entry)],
    outfile: join(DIST, outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [ONE_VSCODE_NAMESPACE],
    sourcemap: !minify,
    minify,
  };
}

/** What esbuild makes of src/extension.ts; `npm run watch` keeps the same build open. */
export function esbuildOptions({ minify = false } = {}) {
  return nodeBundle(['extension.ts'], 'extension.js', minify);
}

/** Descriptions are rendered in a worker thread (src/pages/markdownRenderer.ts), which loads its own file. */
export function workerOptions({ minify = false } = {}) {
  return nodeBundle(['pages', 'markdownWorker.ts'], 'markdownWorker.js', minify);
}

/** dist/native/: the better-sqlite3 build made by `npm install`, which matches the Node running this script. */
export function copyNativeBuild() {
  mkdirSync(join(DIST, 'native'), { recursive: true });
  copyFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(DIST, 'native', nativeName()));
}

export async function bundleExtension({ minify = false } = {}) {
  const esbuild = require(join(ROOT, 'node_modules', 'esbuild'));
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(join(DIST, 'native'), { recursive: true });
  const size = (result) => Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  const result = await esbuild.build({ ...esbuildOptions({ minify }), metafile: true, logLevel: 'warning' });
  const worker = await esbuild.build({ ...workerOptions({ minify }), metafile: true, logLevel: 'warning' });
  copyNativeBuild();
  const bytes = size(result);
  log(
    `bundled dist/extension.js (${Math.round(bytes / 1024)} KiB), dist/markdownWorker.js (${Math.round(size(worker) / 1024)} KiB) and dist/native/${nativeName()}`,
  );
  return { bytes };
}
