// Runs the extension's suites inside a real VS Code (code-server), each on a
// fresh server, user-data dir and copy of the fixture workspace.
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { log, ROOT } from './ensure.mjs';
import { suiteResult } from './mochaRun.mjs';
import { runExtensionTests } from './workbench.mjs';

export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const FIXTURE_PROJECT = join(FIXTURES, 'mlflow-2.17.2', 'project');
/** The MLflow 3 registry with prompts (test/fixtures/mlflow-3.11.2.dev0-genai). */
export const GENAI_PROJECT = join(FIXTURES, 'mlflow-3.11.2.dev0-genai', 'project');

function makeWritable(dir) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    const st = statSync(p);
    chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
    if (st.isDirectory()) makeWritable(p);
  }
}

/** A workspace folder holding a private copy of the fixture project (mlflow.db and mlruns/). */
export function prepareWorkspace(name = 'workspace', source = FIXTURE_PROJECT) {
  const dir = join(mkdtempSync(join(tmpdir(), 'mlflow-vscode-')), name);
  cpSync(source, dir, { recursive: true });
  // The fixture is read-only; SQLite writes its journal beside mlflow.db.
  chmodSync(dir, 0o755);
  makeWritable(dir);
  return dir;
}

export async function runVscodeSuite({ label, suites, nodeBin = process.execPath, extensionPath = ROOT, env = {}, workspace }) {
  log(`suite run: ${label}`);
  const folder = workspace ?? prepareWorkspace();
  const userDataDir = mkdtempSync(join(tmpdir(), 'mlflow-vscode-user-'));
  // Keep the host's own MLflow variables out: the workspace decides the registry.
  const server = await startCodeServer({
    userDataDir,
    extensionsDir: join(userDataDir, 'extensions'),
    nodeBin,
    // MLFLOW_REGISTRY_TEST_API: the suites read the extension's internals (src/app/testApi.ts).
    env: { MLFLOW_TRACKING_URI: '', MLFLOW_REGISTRY_URI: '', MLFLOW_VSCODE_SUITES: suites.join(','), MLFLOW_REGISTRY_TEST_API: '1', ...env },
  });
  try {
    const { code, output } = await runExtensionTests({
      server,
      extensionPath,
      testsPath: join(ROOT, 'out', 'test', 'vscode', 'index.js'),
      workspaceFolder: folder,
      timeoutMs: 240_000,
    });
    return suiteResult(label, output, code);
  } catch (e) {
    console.error(e.message);
    return suiteResult(label, e.output ?? '', 1);
  } finally {
    await server.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/**
 * A copy of the extension whose native better-sqlite3 build is damaged, as a
 * build for another ABI would be: loading it fails for real.
 */
export function extensionWithBrokenNative() {
  const dir = join(mkdtempSync(join(tmpdir(), 'mlflow-ext-broken-')), 'extension');
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'media'), join(dir, 'media'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  for (const f of readdirSync(join(dir, 'dist', 'native'))) {
    writeFileSync(join(dir, 'dist', 'native', f), 'not a shared object');
  }
  return dir;
}
