/* global window, document, MutationObserver -- inside page.evaluate(), in the browser */
// Issue 12: what a person waits for in the workbench. From the click on an
// activity-bar icon to the first model row, in code-server driven through
// Chromium, for a minimal tree extension (the floor), this extension on the
// local 2,000-model file, and on a server with MLflow's cost holding the same
// models. Cases alternate run by run, so a busy neighbour slows each alike, and
// each figure is given as "floor + N ms".
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { log, ROOT } from './ensure.mjs';
import { FIXTURES } from './vscodeSuites.mjs';
import { openWorkbench } from './workbench.mjs';

const RUNS = Number(process.env.MLFLOW_WORKBENCH_RUNS ?? 5);
const WAIT_MS = 120_000;
const ROW = '#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row[aria-level="1"]';
const FLOOR_ITEMS = 100;
const LOCAL_READY = 'MLflow: mlflow.db';
const REMOTE_READY = 'MLflow: http';

/** A build that activates once the window has started opens a configured server before anyone clicks. */
function activatesAtStartup(extensionPath) {
  return JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).activationEvents.includes('onStartupFinished');
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** The floor: a tree in its own activity-bar container whose provider returns 100 items at once. */
function writeFloorExtension(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'bench-floor-tree',
      publisher: 'bench',
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      main: './extension.js',
      activationEvents: [],
      contributes: {
        viewsContainers: { activitybar: [{ id: 'benchFloor', title: 'Floor Tree', icon: 'icon.svg' }] },
        views: { benchFloor: [{ id: 'benchFloor.items', name: 'Items' }] },
      },
    }),
  );
  writeFileSync(
    join(dir, 'icon.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="4" y="4" width="16" height="16" fill="currentColor"/></svg>',
  );
  writeFileSync(
    join(dir, 'extension.js'),
    `const vscode = require('vscode');
exports.activate = (context) => {
  const items = Array.from({ length: ${FLOOR_ITEMS} }, (_, i) => 'item ' + i);
  context.subscriptions.push(vscode.window.registerTreeDataProvider('benchFloor.items', {
    getChildren: (e) => (e ? [] : items),
    getTreeItem: (label) => new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed),
  }));
};
`,
  );
}

/**
 * One fresh browser (so no view is restored from an earlier run), the window
 * left to settle, then a click on the icon and the time to the first row, both
 * read with the page's own clock.
 */
async function firstRow(server, { extensionPath, workspace, icon, ready }) {
  const workbench = await openWorkbench({ server, workspaceFolder: workspace, extensionPath, timeoutMs: WAIT_MS });
  try {
    const { page } = workbench;
    const entry = page.locator(`#workbench\\.parts\\.activitybar a.action-label[aria-label^="${icon}"]`);
    await entry.waitFor({ state: 'visible', timeout: WAIT_MS });
    // An extension the workspace activates at startup has opened its registry before a person
    // clicks: its status bar item says so.
    if (ready) await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: ready }).first().waitFor({ timeout: WAIT_MS });
    // A person clicks once the window has settled: the startup work of the workbench and
    // of extensions activated by the workspace is not what this measures.
    await page.waitForTimeout(3000);
    await page.evaluate((row) => {
      window.__benchRow = new Promise((resolve) => {
        const seen = () => {
          const el = document.querySelector(row);
          if (!el) return false;
          resolve({ at: performance.now(), label: el.getAttribute('aria-label') ?? '' });
          return true;
        };
        new MutationObserver((_, observer) => seen() && observer.disconnect()).observe(document.body, { childList: true, subtree: true, attributes: true });
      });
      window.addEventListener('mousedown', () => (window.__benchClick = { at: performance.now(), epoch: Date.now() }), { capture: true, once: true });
    }, ROW);
    const box = await entry.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const row = await page.evaluate(
      (ms) => Promise.race([window.__benchRow, new Promise((_, reject) => setTimeout(() => reject(new Error('no row appeared')), ms))]),
      WAIT_MS,
    );
    const clicked = await page.evaluate(() => window.__benchClick);
    return { ms: row.at - clicked.at, label: row.label, clickedAt: clicked.epoch };
  } finally {
    await workbench.close();
  }
}

export async function workbenchBench() {
  const require = createRequire(join(ROOT, 'package.json'));
  const { StatefulServer } = require(join(ROOT, 'out', 'test', 'rest', 'statefulServer.js'));
  const dir = mkdtempSync(join(tmpdir(), 'mlflow-bench-workbench-'));
  let server;
  let mlflow;
  try {
    const floor = join(dir, 'floor-extension');
    writeFloorExtension(floor);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    execFileSync('tar', ['-xzf', join(FIXTURES, 'mlflow-2.17.2', 'scale.tgz'), '-C', dir]);
    const local = join(dir, 'scale');
    // The server reads its own copy, so the local runs never meet its writes or locks.
    const serverDb = join(dir, 'server.db');
    copyFileSync(join(local, 'mlflow.db'), serverDb);
    mlflow = await StatefulServer.start({ db: serverDb, mlflowCost: true });
    const remote = join(dir, 'remote');
    mkdirSync(join(remote, '.vscode'), { recursive: true });
    writeFileSync(join(remote, '.vscode', 'settings.json'), JSON.stringify({ 'mlflowRegistry.registryUri': mlflow.url }));

    const userDataDir = join(dir, 'user');
    server = await startCodeServer({
      userDataDir,
      extensionsDir: join(userDataDir, 'extensions'),
      env: { MLFLOW_TRACKING_URI: '', MLFLOW_REGISTRY_URI: '' },
    });
    const remoteReady = (extensionPath) => (activatesAtStartup(extensionPath) ? REMOTE_READY : undefined);
    const cases = [
      { label: 'floor: minimal tree extension, 100 items', extensionPath: floor, workspace: empty, icon: 'Floor Tree' },
      { label: 'local mlflow.db, 2,000 models', extensionPath: ROOT, workspace: local, icon: 'MLflow Registry', ready: LOCAL_READY },
      {
        label: 'server with MLflow’s cost, 2,000 models',
        extensionPath: ROOT,
        workspace: remote,
        icon: 'MLflow Registry',
        server: mlflow,
        ready: remoteReady(ROOT),
      },
    ];
    // MLFLOW_BENCH_BASELINE: another build of this extension (e.g. an earlier commit, bundled),
    // measured in the same runs for before/after figures.
    const baseline = process.env.MLFLOW_BENCH_BASELINE;
    if (baseline) {
      cases.push(
        { label: 'local, baseline build', extensionPath: baseline, workspace: local, icon: 'MLflow Registry', ready: LOCAL_READY },
        {
          label: 'server with MLflow’s cost, baseline build',
          extensionPath: baseline,
          workspace: remote,
          icon: 'MLflow Registry',
          server: mlflow,
          ready: remoteReady(baseline),
        },
      );
    }
    const times = cases.map(() => []);
    let maxInFlight = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const [i, c] of cases.entries()) {
        c.server?.resetCounts();
        const { ms, label, clickedAt } = await firstRow(server, c);
        times[i].push(ms);
        log(`workbench run ${run + 1}/${RUNS}, ${c.label}: ${ms.toFixed(0)} ms to "${label.split(',')[0]}"`);
        if (c.server) {
          maxInFlight = Math.max(maxInFlight, c.server.maxInFlight);
          // Where the remote wait goes: when each request reached the server, after the click.
          const seen = c.server.requests.slice(0, 6).map((r) => `${r.path.replace('/api/2.0/mlflow/', '')} +${r.arrivedAt - clickedAt}`);
          log(`  requests: ${seen.join(', ')}`);
        }
      }
    }
    const floorMedian = median(times[0]);
    console.log(`\nworkbench: click on the activity-bar icon to the first row (code-server 4.100.3 + Chromium, ${RUNS} interleaved runs):`);
    for (const [i, c] of cases.entries()) {
      const m = median(times[i]);
      const over = i === 0 ? 'the floor' : `floor + ${(m - floorMedian).toFixed(0)} ms`;
      console.log(`  ${c.label.padEnd(44)} median ${m.toFixed(0).padStart(6)} ms   p95 ${p95(times[i]).toFixed(0).padStart(6)} ms   ${over}`);
    }
    const localOver = median(times[1]) - floorMedian;
    const remoteOver = median(times[2]) - floorMedian;
    console.log(`  most requests in flight at the server during the remote runs: ${maxInFlight}`);
    console.log(
      `\nVerdict: local first rows ${localOver <= 150 ? 'MET' : 'MISSED'} (floor + 150 ms); remote first rows ${remoteOver <= 400 ? 'MET' : 'MISSED'} (floor + 400 ms); ` +
        `requests in flight ${maxInFlight < 5 ? 'MET' : 'MISSED'} (< 5)`,
    );
  } finally {
    await server?.stop();
    await mlflow?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
