// `npm run bench`: installs and builds what is missing, runs the store bench on
// the system Node (better-sqlite3) and the REST backend bench, then measures the
// extension inside code-server.
import { join } from 'node:path';
import { build, ensureNpmDependencies, ROOT, run } from './lib/ensure.mjs';

ensureNpmDependencies();
build();
try {
  run(process.execPath, [join(ROOT, 'out', 'bench', 'bench.js')]);
  // 10,000 models listed through the REST backend from a local MLflow-like server.
  run(process.execPath, [join(ROOT, 'out', 'bench', 'restBench.js')]);
  // Imported after the install: it needs playwright-core.
  const { extensionBench } = await import('./lib/extensionBench.mjs');
  await extensionBench();
  // Click to first row in the workbench, beside a minimal extension (issue 12).
  const { workbenchBench } = await import('./lib/workbenchBench.mjs');
  await workbenchBench();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
