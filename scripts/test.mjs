// `npm test`: lint (scripts/lint.mjs), then every suite, on both SQLite drivers. Prints one closing line
// "N passed, N failed, N skipped" over all runs, and exits non-zero on any failure.
// Only node: built-ins and our own installers load before the dependencies exist;
// the rest (playwright-core among them) is imported once ensureNpmDependencies() ran.
import { build, ensureNode22, ensureNpmDependencies, log } from './lib/ensure.mjs';

async function main() {
  ensureNpmDependencies();
  const { bundleExtension } = await import('./lib/bundle.mjs');
  const { ensureCodeServer, ensureSystemPackages } = await import('./lib/codeServer.mjs');
  const { extensionWithBrokenNative, genaiWorkspace, runVscodeSuite } = await import('./lib/vscodeSuites.mjs');
  const { runVsixSuite } = await import('./lib/vsixSuite.mjs');
  const { runUiSuite } = await import('./lib/uiSuites.mjs');
  const { runMocha } = await import('./lib/mochaRun.mjs');
  build();
  const results = [];
  // First, and counted like a suite: a lint failure fails `npm test` but does not stop the suites.
  const { runLint } = await import('./lint.mjs');
  results.push(await runLint());
  results.push(await runMocha({ label: 'core, embedded store and REST backend, better-sqlite3 on Node ' + process.versions.node }));
  const node22 = ensureNode22();
  results.push(
    await runMocha({
      label: 'core, embedded store and REST backend, node:sqlite on Node 22',
      nodeBin: node22,
      env: { MLFLOW_REGISTRY_SQLITE_DRIVER: 'node:sqlite' },
    }),
  );

  // Inside a real VS Code: code-server driven by Debian's Chromium.
  ensureSystemPackages();
  ensureCodeServer();
  await bundleExtension();
  results.push(await runVscodeSuite({ label: 'VS Code: every command, on Node 20', suites: ['commands'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: models:/ URIs in Python, Register Model on folders', suites: ['language'] }));
  results.push(
    await runVscodeSuite({
      label: 'VS Code: prompts:/ URIs in Python on the genai fixture',
      suites: ['promptUris'],
      workspace: genaiWorkspace(),
    }),
  );
  results.push(await runVscodeSuite({ label: 'VS Code: model and version pages, descriptions edited in an editor', suites: ['pages'] }));
  results.push(
    await runVscodeSuite({
      label: 'VS Code: MLflow 3 prompt pages, diffs, templates saved as new versions',
      suites: ['promptPages'],
      workspace: genaiWorkspace(),
    }),
  );
  results.push(await runVscodeSuite({ label: 'VS Code: pages and descriptions of two registries, names that paths misread', suites: ['registries'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: a remote MLflow server behind basic auth', suites: ['remote'] }));
  results.push(await runVscodeSuite({ label: 'VS Code: hostile registry content in hovers and the tree; Serve Model without a shell', suites: ['security'] }));
  results.push(
    await runVscodeSuite({ label: 'VS Code: the Prompts view and prompt commands (MLflow 3 genai fixture)', suites: ['prompts'], workspace: genaiWorkspace() }),
  );
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
