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
import { FLOOR_HOVER, FLOOR_ICON, FLOOR_READY, writeFloorExtension } from './benchFloorExtension.mjs';
import { openWorkbench } from './workbench.mjs';
import { firstModel, hoverTime, pageFromRow, secondRow, versionRowOf, watchPageHeadings } from './workbenchWaits.mjs';

const RUNS = Number(process.env.MLFLOW_WORKBENCH_RUNS ?? 5);
const WAIT_MS = 120_000;
const ROW = '#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row[aria-level="1"]';
/** A models:/ URI of the scale fixture, in a Python file of each workspace, for the hover. */
const HOVER_MODEL = 'anomaly-arima-0016';
const HOVER_FILE = 'bench.py';
const LOCAL_READY = 'MLflow: mlflow.db';
const REMOTE_READY = 'MLflow: http';

/** A build that activates once the window has started opens a configured server before anyone clicks. */
function activatesAtStartup(extensionPath) {
  return JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).activationEvents.includes('onStartupFinished');
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/**
 * One fresh browser (so no view is restored from an earlier run), the window
 * left to settle, then a click on the icon and the time to the first row, both
 * read with the page's own clock; then the next waits (see nextWaits).
 */
async function oneRun(server, c) {
  const { extensionPath, workspace, icon, ready } = c;
  const workbench = await openWorkbench({ server, workspaceFolder: workspace, extensionPath, timeoutMs: WAIT_MS, initScript: watchPageHeadings });
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
    // Where the remote wait goes: when each request reached the server, after the click.
    const rowRequests = c.server?.requests.slice(0, 6).map((r) => `${r.path.replace('/api/2.0/mlflow/', '')} +${r.arrivedAt - clicked.epoch}`);
    const rowInFlight = c.server?.maxInFlight ?? 0;
    return { ms: row.at - clicked.at, label: row.label, rowRequests, rowInFlight, ...(await nextWaits(page, c)) };
  } finally {
    await workbench.close();
  }
}

/**
 * A person's next waits once the rows show: the first model's page, one of its
 * version pages, and a models:/ hover. The floor has two pages (two items'
 * webviews, the second opened over the first) and its own hover. Requests the server saw are noted per wait.
 */
async function nextWaits(page, c) {
  const model = await firstModel(page);
  const requests = {};
  const timed = async (what, measure) => {
    c.server?.resetCounts();
    const ms = await measure();
    if (c.server) requests[what] = c.server.requests.map((r) => r.path.replace('/api/2.0/mlflow/', ''));
    return ms;
  };
  const modelPage = await timed('model', () => pageFromRow(page, model.row, model.name));
  // The version page opens while the model page is shown (the old one is hidden and a new
  // frame made); the floor does the same with its second item, so the two compare alike.
  const second = c.floor ? await secondRow(page) : await versionRowOf(page, model);
  const versionPage = await timed('version', () => pageFromRow(page, second.row, c.floor ? second.name : second.heading));
  const expect = c.floor ? FLOOR_HOVER : `${HOVER_MODEL} version 1`;
  const hover = await timed('hover', () => hoverTime(page, { file: HOVER_FILE, uriText: HOVER_MODEL, expect }));
  return { modelPage, versionPage, hover, requests };
}

/** "3 requests: get ×1, model-versions/search ×2" */
function requestSummary(paths) {
  const counts = new Map();
  for (const p of paths) counts.set(p, (counts.get(p) ?? 0) + 1);
  return `${paths.length} requests: ${[...counts].map(([p, n]) => `${p} ×${n}`).join(', ')}`;
}

const WAITS = [
  ['modelPage', 'model page'],
  ['versionPage', 'version page'],
  ['hover', 'models:/ hover'],
];

function tableLine(label, xs, over) {
  return `  ${label.padEnd(56)} median ${median(xs).toFixed(0).padStart(6)} ms   p95 ${p95(xs).toFixed(0).padStart(6)} ms   ${over}`;
}

export async function workbenchBench() {
  const require = createRequire(join(ROOT, 'package.json'));
  const { StatefulServer } = require(join(ROOT, 'out', 'test', 'rest', 'statefulServer.js'));
  const dir = mkdtempSync(join(tmpdir(), 'mlflow-bench-workbench-'));
  let server;
  let mlflow;
  try {
    const floorDir = join(dir, 'floor-extension');
    writeFloorExtension(floorDir);
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
    for (const folder of [empty, local, remote]) writeFileSync(join(folder, HOVER_FILE), `MODEL = "models:/${HOVER_MODEL}/1"\n`);

    const userDataDir = join(dir, 'user');
    server = await startCodeServer({
      userDataDir,
      extensionsDir: join(userDataDir, 'extensions'),
      env: { MLFLOW_TRACKING_URI: '', MLFLOW_REGISTRY_URI: '' },
    });
    const remoteReady = (extensionPath) => (activatesAtStartup(extensionPath) ? REMOTE_READY : undefined);
    const cases = [
      { label: 'floor: minimal tree extension, 100 items', extensionPath: floorDir, workspace: empty, icon: FLOOR_ICON, ready: FLOOR_READY, floor: true },
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
    const times = cases.map(() => ({ row: [], modelPage: [], versionPage: [], hover: [] }));
    let maxInFlight = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const [i, c] of cases.entries()) {
        c.server?.resetCounts();
        const r = await oneRun(server, c);
        times[i].row.push(r.ms);
        for (const [key] of WAITS) if (r[key] !== undefined) times[i][key].push(r[key]);
        const waits = WAITS.filter(([key]) => r[key] !== undefined).map(([key, what]) => `${what} ${r[key].toFixed(0)} ms`);
        log(`workbench run ${run + 1}/${RUNS}, ${c.label}: ${r.ms.toFixed(0)} ms to "${r.label.split(',')[0]}"; ${waits.join(', ')}`);
        if (c.server) {
          maxInFlight = Math.max(maxInFlight, r.rowInFlight);
          log(`  first row: ${r.rowRequests.join(', ')}`);
          for (const [what, paths] of Object.entries(r.requests)) log(`  ${what}: ${requestSummary(paths)}`);
        }
      }
    }
    const floor = times[0];
    const floorMedian = median(floor.row);
    console.log(`\nworkbench: click on the activity-bar icon to the first row (code-server 4.100.3 + Chromium, ${RUNS} interleaved runs):`);
    for (const [i, c] of cases.entries()) {
      const over = i === 0 ? 'the floor' : `floor + ${(median(times[i].row) - floorMedian).toFixed(0)} ms`;
      console.log(tableLine(c.label, times[i].row, over));
    }
    console.log(`  most requests in flight at the server during the remote runs: ${maxInFlight}`);
    // A page is compared with the floor's webview (a click on a tree row to its content), a hover
    // with the floor's hover: both include the workbench's own delays (the hover's 300 ms).
    console.log('\nworkbench: the next waits, from the click on a row (or the pointer on the text) to the content, same runs:');
    console.log(tableLine('floor: minimal webview, tree row to its content', floor.modelPage, 'the floor of a page'));
    console.log(tableLine('floor: a second minimal webview over the first', floor.versionPage, 'the floor of a page over a page'));
    console.log(tableLine('floor: minimal hover provider', floor.hover, 'the floor of a hover'));
    const overFloor = (xs, of) => median(xs) - median(of);
    for (const [key, what] of WAITS) {
      const of = key === 'hover' ? floor.hover : key === 'versionPage' ? floor.versionPage : floor.modelPage;
      for (const [i, c] of cases.entries()) {
        if (i === 0) continue;
        console.log(
          tableLine(`${what}, ${c.label}`, times[i][key], `${key === 'hover' ? 'hover floor' : 'floor'} + ${overFloor(times[i][key], of).toFixed(0)} ms`),
        );
      }
    }
    const localOver = median(times[1].row) - floorMedian;
    const remoteOver = median(times[2].row) - floorMedian;
    const versionOver = overFloor(times[2].versionPage, floor.versionPage);
    console.log(
      `  (over the floor of a first page instead: version page local + ${overFloor(times[1].versionPage, floor.modelPage).toFixed(0)} ms, ` +
        `server + ${overFloor(times[2].versionPage, floor.modelPage).toFixed(0)} ms)`,
    );
    console.log(
      `\nVerdict: local first rows ${localOver <= 150 ? 'MET' : 'MISSED'} (floor + 150 ms); remote first rows ${remoteOver <= 400 ? 'MET' : 'MISSED'} (floor + 400 ms); ` +
        `requests in flight ${maxInFlight < 5 ? 'MET' : 'MISSED'} (< 5); remote version page ${versionOver <= 600 ? 'MET' : 'MISSED'} (floor + 600 ms)`,
    );
  } finally {
    await server?.stop();
    await mlflow?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
