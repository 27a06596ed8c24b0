// `npm run bench`: installs and builds what is missing, then runs the compiled
// bench on the system Node, where the store uses better-sqlite3.
import { join } from 'node:path';
import { build, ensureNpmDependencies, ROOT, run } from './lib/ensure.mjs';

ensureNpmDependencies();
build();
try {
  run(process.execPath, [join(ROOT, 'out', 'bench', 'bench.js')]);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
