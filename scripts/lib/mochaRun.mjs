// One way to run a mocha suite and count it, for every runner in `npm test`:
// the counts come from mocha's summary ("N passing", "N failing", "N pending"),
// and a run that did not end well counts as failed even without that summary.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { log, ROOT } from './ensure.mjs';

const MOCHA = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** mocha's summary counts, from its last summary lines wherever they were printed (colours or not). */
export function mochaCounts(output) {
  const text = stripVTControlCharacters(output);
  const count = (word) => Number([...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].at(-1)?.[1] ?? 0);
  return { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
}

/**
 * A suite's result in the shape the closing summary adds up. A crash before
 * the summary, a non-zero exit without failures, or no test at all counts as
 * one failure: none of them may look like success.
 */
export function suiteResult(label, output, exitCode) {
  const counts = mochaCounts(output);
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  if (counts.passed + counts.failed === 0) counts.failed = 1;
  return { label, ...counts };
}

/**
 * Runs mocha (`args` after mocha.js; none: .mocharc.json) in a child process,
 * echoing its output, and resolves with suiteResult. Never rejects.
 */
export function runMocha({ label, nodeBin = process.execPath, args = [], env = {} }) {
  log(`suite run: ${label}`);
  return new Promise((resolvePromise) => {
    const child = spawn(nodeBin, ['--no-warnings', MOCHA, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d.toString();
    });
    let finished = false;
    const finish = (code, error) => {
      if (finished) return;
      finished = true;
      if (error) console.error(`${label}: ${error.message}`);
      resolvePromise(suiteResult(label, out, code));
    };
    child.on('error', (e) => finish(1, e));
    child.on('close', (code, signal) => finish(signal ? 1 : code));
  });
}
