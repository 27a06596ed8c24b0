// `npm run lint`: ESLint (eslint.config.mjs), Prettier's check (.prettierrc.json),
// the type-check of the webview script media/pages/page.js (tsconfig.page.json)
// and the copy-paste check (jscpd, .jscpd.json). Each step prints its own
// findings; the closing line counts the steps. `npm test` runs this first (runLint).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { log, ROOT } from './lib/ensure.mjs';

const bin = (...parts) => join(ROOT, 'node_modules', ...parts);

export const LINT_STEPS = [
  { label: 'eslint', args: [bin('eslint', 'bin', 'eslint.js'), '.'] },
  { label: 'prettier --check', args: [bin('prettier', 'bin', 'prettier.cjs'), '--check', '--log-level', 'warn', '.'] },
  { label: 'type-check media/pages/page.js', args: [bin('typescript', 'bin', 'tsc'), '-p', 'tsconfig.page.json'] },
  { label: 'jscpd: no copied code', args: [join(ROOT, 'scripts', 'lib', 'copyPaste.mjs')] },
];

function runStep({ label, args }) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (e) => {
      console.error(`${label}: ${e.message}`);
      resolvePromise(false);
    });
    child.on('close', (code) => resolvePromise(code === 0));
  });
}

/** Runs every step (a failure does not hide the others) and returns counts in the suites' shape. */
export async function runLint() {
  const label = 'lint: eslint, prettier --check, page.js type-check, jscpd';
  log(`suite run: ${label}`);
  const counts = { label, passed: 0, failed: 0, skipped: 0 };
  for (const step of LINT_STEPS) {
    const started = Date.now();
    const ok = await runStep(step);
    counts[ok ? 'passed' : 'failed']++;
    console.log(`  ${ok ? '✔' : '✘'} ${step.label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log(`  ${counts.passed} passing, ${counts.failed} failing`);
  return counts;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { failed } = await runLint();
  process.exit(failed > 0 ? 1 : 0);
}
