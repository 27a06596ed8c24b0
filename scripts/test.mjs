// `npm test`: lint (scripts/lint.mjs), then every suite, on both SQLite drivers. Prints one closing line
// "N passed, N failed, N skipped" over all runs, and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
// Only node: built-ins and our own installers load before the dependencies exist;
// the rest (playwright-core among them) is imported once ensureNpmDependencies() ran.
import { build, ensureNode22, ensureNpmDependencies, log, ROOT } from './lib/ensure.mjs';

const MOCHA = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** Runs mocha, echoing its output, and reads the counts from its spec summary. */
function mocha(label, nodeBin, env = {}) {
  log(`suite run: ${label}`);
  return new Promise((resolvePromise) => {
    const child = spawn(nodeBin, ['--no-warnings', MOCHA], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on('close', (code) => {
      const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(out)?.[1] ?? 0);
      const result = { label, passed: count('passing'), failed: count('failing'), skipped: count('pending'), code };
      // A crash before the summary must not look like success.
      if (code !== 0 && result.failed === 0) result.failed = 1;
      if (result.passed === 0 && result.failed === 0) result.failed = 1;
      resolvePromise(result);
    });
  });
}

async function main() {
  ensureNpmDependencies();
  const { bundleExtension } = await import('./lib/bundle.mjs');
  const { ensureCodeServer, ensureSystemPackages } = await import('./lib/codeServer.mjs');
  const { extensionWithBrokenNative, runVscodeSuite } = await import('./lib/vscodeSuites.mjs');
  const { runVsixSuite } = await import('./lib/vsixSuite.mjs');
  const { runUiSuite } = await import('./lib/uiSuites.mjs');
  build();
  const results = [];
  // First, and counted like a suite: a lint failure fails `npm test` but does not stop the suites.
  const { runLint } = await import('./lint.mjs');
  results.push(await runLint());
  results.push(await mocha('core, embedded store and REST backend, better-sqlite3 on Node ' + process.versions.node, process.execPath));
  const node22 = ensureNode22();
  results.push(await mocha('core, embedded store and REST backend, node:sqlite on Node 22', node22, { MLFLOW_REGISTRY_SQLITE_DRIVER: 'node:sqlite' }));

  // Inside a real VS Code: code-server driven by Debian's Chromium.
  ensureSystemPackages();
  ensureCodeServer();
  await bundleExtension();
  results.push(await runVscodeSuite({ label: 'VS Code: every command, on Node 20', suites: ['commands'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: models:/ URIs in Python, Register Model on folders', suites: ['language'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: model and version pages, descriptions edited in an editor', suites: ['pages'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: pages and descriptions of two registries, names that paths misread', suites: ['registries'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: a remote MLflow server behind basic auth', suites: ['remote'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: hostile registry content in hovers and the tree; Serve Model without a shell', suites: ['security'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: the host never waits on large content or a locked file (issue 9)', suites: ['responsiveness'] }));
  results.push(
    await runVscodeSuite({
      label: 'VS Code: better-sqlite3 unloadable on Node 20 (clear error)',
      suites: ['driver'],
      extensionPath: extensionWithBrokenNative(),
      env: { MLFLOW_TEST_EXPECT_DRIVER: 'none' },
    }),
  );
  results.push(
    await runVscodeSuite({
      label: 'VS Code: better-sqlite3 unloadable on Node 22 (node:sqlite fallback)',
      suites: ['driver'],
      nodeBin: node22,
      env: { MLFLOW_TEST_EXPECT_DRIVER: 'node:sqlite' },
    }),
  );
  results.push(await runUiSuite());
  // Last: packaging rebuilds dist/ minified, without source maps.
  results.push(await runVsixSuite());

  console.log('');
  for (const r of results) log(`${r.label}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  const total = (k) => results.reduce((n, r) => n + r[k], 0);
  console.log(`${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
  process.exit(total('failed') > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
