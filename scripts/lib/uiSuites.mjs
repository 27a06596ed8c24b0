// The UI suite (test/ui/*.test.mjs): mocha in plain Node, driving a code-server
// workbench through Chromium. It needs code-server installed and dist/ bundled
// (bundleExtension) beforehand.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { log, ROOT } from './ensure.mjs';

const MOCHA = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
export const UI_SUITE_LABEL = 'VS Code UI (Playwright)';

/** mocha's spec summary ("N passing", "N failing", "N pending"). */
export function mochaSummary(output) {
  const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(output)?.[1] ?? 0);
  return { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
}

/**
 * Runs the UI suite as a child process with the system Node, echoing its
 * output, and resolves with its counts. Never rejects: a crash, a non-zero exit
 * without failures, or no test at all counts as one failure.
 */
export function runUiSuite({
  nodeBin = process.execPath,
  files = [
    'test/ui/workbench.test.mjs',
    'test/ui/remote.test.mjs',
    'test/ui/explorer.test.mjs',
    'test/ui/pages.test.mjs',
    'test/ui/registrySwitch.test.mjs',
    'test/ui/walkthrough.test.mjs',
  ],
  env = {},
} = {}) {
  log(`suite run: ${UI_SUITE_LABEL}`);
  return new Promise((resolvePromise) => {
    const child = spawn(nodeBin, ['--no-warnings', MOCHA, '--no-config', '--reporter', 'spec', '--timeout', '180000', ...files], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    let finished = false;
    const finish = (code, error) => {
      if (finished) return;
      finished = true;
      if (error) console.error(`${UI_SUITE_LABEL}: ${error.message}`);
      const counts = mochaSummary(stripVTControlCharacters(out));
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      if (counts.passed + counts.failed === 0) counts.failed = 1;
      resolvePromise({ label: UI_SUITE_LABEL, ...counts });
    };
    child.on('error', (e) => finish(1, e));
    child.on('close', (code, signal) => finish(signal ? 1 : code));
  });
}
