// The extension's own numbers for `npm run bench`: activation time and the
// first tree level on MLflow's 2,000-model registry, measured inside code-server,
// and the size of what ships.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleExtension, DIST } from './bundle.mjs';
import { ensureCodeServer, ensureSystemPackages } from './codeServer.mjs';
import { log, ROOT } from './ensure.mjs';
import { FIXTURES, runVscodeSuite } from './vscodeSuites.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

function sizeOf(dir) {
  return readdirSync(dir).reduce((n, f) => {
    const p = join(dir, f);
    const st = statSync(p);
    return n + (st.isDirectory() ? sizeOf(p) : st.size);
  }, 0);
}

export async function extensionBench() {
  ensureSystemPackages();
  ensureCodeServer();
  await bundleExtension({ minify: true });
  const bundle = statSync(join(DIST, 'extension.js')).size;
  const native = sizeOf(join(DIST, 'native'));

  const dir = mkdtempSync(join(tmpdir(), 'mlflow-bench-workspace-'));
  execFileSync('tar', ['-xzf', join(FIXTURES, 'mlflow-2.17.2', 'scale.tgz'), '-C', dir]);
  const out = join(dir, 'perf.json');
  try {
    const result = await runVscodeSuite({
      label: 'extension probe on the 2,000-model registry',
      suites: ['perf'],
      workspace: join(dir, 'scale'),
      env: { MLFLOW_PERF_OUT: out },
    });
    if (result.failed > 0 || !existsSync(out)) throw new Error('the in-VS Code probe failed; see the output above');
    const perf = JSON.parse(readFileSync(out, 'utf8'));
    const rows = [
      ['activation (activate())', perf.activationMs.toFixed(2), '—', 'aim < 50 ms'],
      [
        `first tree level (${perf.firstLevelItems} items of 2,000 models)`,
        median(perf.firstLevelMs).toFixed(2),
        p95(perf.firstLevelMs).toFixed(2),
        'aim < 100 ms',
      ],
    ];
    console.log('\nextension inside code-server (VS Code 1.100.3, Node 20):');
    for (const r of rows) console.log(`  ${r[0].padEnd(48)} median ${r[1].padStart(8)} ms   p95 ${r[2].padStart(8)} ms   ${r[3]}`);
    console.log(`  bundle dist/extension.js (minified)              ${(bundle / 1024).toFixed(1)} KiB`);
    console.log(`  native better-sqlite3 build(s) in dist/native    ${(native / 1024).toFixed(1)} KiB`);
    const vsix = readdirSync(ROOT).filter((f) => f.endsWith('.vsix'));
    for (const f of vsix) console.log(`  package ${f.padEnd(40)} ${(statSync(join(ROOT, f)).size / 1024).toFixed(1)} KiB`);
    console.log(
      `\nVerdict: activation ${perf.activationMs < 50 ? 'MET' : 'MISSED'} (< 50 ms); first tree level ${median(perf.firstLevelMs) < 100 ? 'MET' : 'MISSED'} (< 100 ms)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    log('extension bench done');
  }
}
