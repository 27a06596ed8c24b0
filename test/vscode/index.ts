import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point the workbench calls inside the extension host
 * (extensionTestsPath): runs every suite in this folder, or the ones named in
 * MLFLOW_VSCODE_SUITES, and rejects when a test failed.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const only = process.env.MLFLOW_VSCODE_SUITES?.split(',').filter(Boolean);
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    if (!only || only.some((o) => file.startsWith(o))) mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
