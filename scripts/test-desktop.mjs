// `npm run test:desktop`: the same in-VS Code suites through @vscode/test-electron,
// for contributors on a desktop with network (it downloads VS Code). `npm test`
// does not use it: this machine and CI reach no Microsoft servers.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleExtension } from './lib/bundle.mjs';
import { build, ensureNpmDependencies, log, ROOT } from './lib/ensure.mjs';
import { prepareWorkspace } from './lib/vscodeSuites.mjs';

const require = createRequire(import.meta.url);

ensureNpmDependencies();
build();
await bundleExtension();
const { runTests } = require('@vscode/test-electron');
let failed = false;
for (const suite of ['commands']) {
  log(`desktop suite: ${suite}`);
  try {
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'vscode', 'index.js'),
      launchArgs: [prepareWorkspace(), '--disable-extensions'],
      extensionTestsEnv: { MLFLOW_VSCODE_SUITES: suite, MLFLOW_TRACKING_URI: '', MLFLOW_REGISTRY_URI: '' },
    });
  } catch (e) {
    console.error(e);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
