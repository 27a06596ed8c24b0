// An MLflow-like server for the suites that connect to one: the stateful test
// server (compiled by tsc to out/test/rest/statefulServer.js) over a private
// copy of the fixture's mlflow.db, on 127.0.0.1.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PROJECT } from '../../scripts/lib/vscodeSuites.mjs';
import { ROOT } from './workbenchSession.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const { StatefulServer } = require(join(ROOT, 'out', 'test', 'rest', 'statefulServer.js'));

/**
 * Registers before/after hooks that start and stop the server; returns an
 * object whose .server and .url (no trailing slash) are set once before() ran.
 * `intercept` and `artifacts` are StatefulServer's; `seed(server)` changes its registry first.
 */
export function useMlflowServer({ name, intercept, seed, artifacts }) {
  const mlflow = { server: undefined, url: undefined, dir: undefined };
  before(async function () {
    mlflow.dir = mkdtempSync(join(tmpdir(), `mlflow-ui-${name}-`));
    const db = join(mlflow.dir, 'mlflow.db');
    copyFileSync(join(FIXTURE_PROJECT, 'mlflow.db'), db);
    mlflow.server = await StatefulServer.start({ db, intercept, artifacts });
    mlflow.url = mlflow.server.url.replace(/\/$/, '');
    await seed?.(mlflow.server);
  });
  after(async function () {
    await mlflow.server?.close().catch(() => {});
    if (mlflow.dir) rmSync(mlflow.dir, { recursive: true, force: true });
  });
  return mlflow;
}
