import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { WRITE_BUDGET_MS } from '../../src/backends/sqlite/store/busyGate';
import type { PageTarget } from '../../src/pages/messages';
import { rawQuery } from '../helpers/raw';
import { openedExtension, run, waitFor, workspaceDb } from './helpers';
import { measureLoopDelay, type LoopDelay } from './loopDelay';

/**
 * Issue 9, findings 6 and 7: the extension host never waits, neither on large
 * registry content nor on a file another process has locked. Each case
 * measures the host's event-loop delay while it happens, next to an idle floor
 * measured the same way. `npm run bench` runs this suite with longer phases
 * (MLFLOW_RESPONSIVENESS_SECONDS) and prints the figures (MLFLOW_RESPONSIVENESS_OUT).
 */

/**
 * The host may stall at most this long, on a machine where work runs at the
 * speed of its CPU time. A process beside the host measures the same window:
 * when the machine's load makes work there take N times its CPU time (9
 * probes in 10 within it), the limit is N times this; and it is never less
 * than twice the host's idle floor from this run or twice the longest delay
 * that process saw idle. A stall the extension causes by long synchronous work
 * still fails; the findings were stalls of 2.5 to 28 s.
 */
const LIMIT_MS = 100;
const SECONDS = Number(process.env.MLFLOW_RESPONSIVENESS_SECONDS ?? 10);
const LOCK_MS = Number(process.env.MLFLOW_RESPONSIVENESS_LOCK_MS ?? 5000);

const BIG_MODEL = 'huge-model-card';
const MANY_MODEL = 'hourly-retrained';
const VERSIONS = 20_000;

interface Other {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<void>;
}

/** Another OS process on the workspace's registry (otherProcess.ts). */
function other(...args: string[]): Other {
  const child = spawn(process.execPath, [join(__dirname, 'otherProcess.js'), args[0], workspaceDb(), ...args.slice(1)], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`otherProcess ${args[0]} exited with ${code} before it was ready: ${stderr}`)));
  });
  const done = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`otherProcess ${args[0]} exited with ${code}: ${stderr}`)))),
  );
  ready.catch(() => {});
  done.catch(() => {});
  return { child, ready, done };
}

function body(api: ExtensionApi, target: PageTarget): string {
  return api.pages.find(target)?.shown?.body.value ?? '';
}

const figures: Record<string, LoopDelay> = {};
let floor: LoopDelay;

function within(label: string, d: LoopDelay): void {
  figures[label] = d;
  console.log(
    `    ${label}: max ${d.maxMs.toFixed(1)} ms, p99 ${d.p99Ms.toFixed(1)} ms over ${d.seconds.toFixed(1)} s (idle floor max ${floor.maxMs.toFixed(1)} ms; an idle process beside it, same window: max ${d.idleNeighbourMaxMs.toFixed(1)} ms, work ${d.slowdown.toFixed(2)}× its CPU time)`,
  );
  const limit = Math.max(LIMIT_MS * d.slowdown, 2 * floor.maxMs, 2 * d.idleNeighbourMaxMs);
  assert.ok(
    d.maxMs < limit,
    `${label}: the extension host stalled ${d.maxMs.toFixed(1)} ms (limit ${limit.toFixed(0)} ms; idle floor ${floor.maxMs.toFixed(1)} ms; idle neighbour ${d.idleNeighbourMaxMs.toFixed(1)} ms; work ran ${d.slowdown.toFixed(2)}× its CPU time)`,
  );
}

describe('the extension host never waits (issue 9, findings 6 and 7)', function () {
  this.timeout(240_000);
  // One worst sample decides a case, and on this shared machine a single garbage-collection or render pause
  // of the host now and then passes the limit (155 ms against 126 ms once, in a clean-clone run on a quiet
  // machine). A case that fails is measured once more: a stall the extension causes shows again.
  this.retries(1);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
    // Set-up rows are written by another process, in one transaction each, before anything is measured.
    const big = other('bigDescription', BIG_MODEL, String(1024 * 1024));
    await big.done;
    const many = other('manyVersions', MANY_MODEL, String(VERSIONS));
    await many.done;
    await waitFor('the tree to list the new models', async () => (await api.tree.getChildren()).length >= 6, 20_000, 200);
    floor = await measureLoopDelay(() => new Promise((r) => setTimeout(r, SECONDS * 1000)));
    figures['idle floor'] = floor;
    console.log(`    idle floor: max ${floor.maxMs.toFixed(1)} ms, p99 ${floor.p99Ms.toFixed(1)} ms over ${floor.seconds.toFixed(1)} s`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (process.env.MLFLOW_RESPONSIVENESS_OUT) writeFileSync(process.env.MLFLOW_RESPONSIVENESS_OUT, JSON.stringify(figures));
  });

  it('opens the page of a model with a 1 MB description: the host keeps answering, the page shows the start and offers the rest', async () => {
    const target: PageTarget = { kind: 'model', name: BIG_MODEL };
    const d = await measureLoopDelay(async () => {
      await run('openModel', { name: BIG_MODEL });
      await waitFor('the page to show the description', () => body(api, target).includes('Section 1<'), 60_000, 50);
    });
    within('open a 1 MB description page', d);
    const shown = body(api, target);
    assert.match(shown, /Section 1</);
    assert.doesNotMatch(shown, /END-OF-DESCRIPTION-MARKER/, 'the page renders only the start of a 1 MB description');
    assert.match(shown, /This description is 1\.0 M characters; the page shows its first 100 K characters/);
  });

  it(`keeps that page as it is while another process logs a metric every second for ${SECONDS} s`, async () => {
    const target: PageTarget = { kind: 'model', name: BIG_MODEL };
    const before = api.pages.find(target)?.content;
    assert.ok(before, 'the page is open');
    const runId = String(rawQuery(workspaceDb(), "SELECT run_uuid FROM runs WHERE lifecycle_stage = 'active' ORDER BY start_time DESC LIMIT 1")[0].run_uuid);
    const steps = () => Number(rawQuery(workspaceDb(), "SELECT COUNT(*) AS n FROM metrics WHERE key = 'loss' AND run_uuid = ?", runId)[0].n);
    const writer = other('logMetrics', runId, String(SECONDS));
    const d = await measureLoopDelay(async () => {
      await writer.ready;
      await writer.done;
    });
    within(`1 MB description page open, metric logged every second for ${SECONDS} s`, d);
    assert.ok(steps() >= SECONDS - 1, `the writer logged ${steps()} metric values`);
    // Live refresh saw the commits and reloaded the page's data, which had not changed: nothing was rendered again.
    assert.equal(api.pages.find(target)?.content, before, 'the page was not re-rendered for data it does not show');
  });

  it(`opens the page of a model with ${VERSIONS.toLocaleString('en-US')} versions: the true count, the newest 100 listed`, async () => {
    const target: PageTarget = { kind: 'model', name: MANY_MODEL };
    const d = await measureLoopDelay(async () => {
      await run('openModel', { name: MANY_MODEL });
      await waitFor('the page to list versions', () => body(api, target).includes('<tr data-open-version='), 60_000, 50);
      // And again, as a refresh does.
      await api.pages.refresh(api.pages.find(target)!);
    });
    within(`open a ${VERSIONS.toLocaleString('en-US')}-version model page`, d);
    const shown = body(api, target);
    assert.match(shown, /<span>20,000 versions<\/span>/, 'the header counts every version');
    assert.match(shown, /Showing the newest 100 of 20,000 versions/);
    assert.equal((shown.match(/<tr data-open-version=/g) ?? []).length, 100);
    assert.match(shown, /data-open-version="20000"/);
  });

  // Within the write budget the write lands once the lock is gone; a longer hold fails it clearly, having written nothing.
  const lands = LOCK_MS < WRITE_BUDGET_MS;
  it(`sets a tag while another process holds BEGIN IMMEDIATE for ${LOCK_MS / 1000} s: the host keeps answering, says it is busy, and the tag ${lands ? 'lands once' : 'fails, unwritten'}`, async () => {
    assert.equal(api.manager.state.kind, 'open');
    const backend = api.manager.state.kind === 'open' ? api.manager.state.session.backend : undefined;
    const busy: boolean[] = [];
    const sub = backend?.onDidChangeBusy?.((w) => busy.push(w !== undefined));
    const holder = other('holdLock', 'IMMEDIATE', String(LOCK_MS));
    await holder.ready;
    const started = Date.now();
    try {
      let result: unknown;
      const d = await measureLoopDelay(async () => {
        result = await run('setTag', { name: 'iris-classifier', key: 'while-locked', value: 'landed' });
        await holder.done;
      });
      const waited = Date.now() - started;
      within(`setTag while another process holds BEGIN IMMEDIATE for ${LOCK_MS / 1000} s`, d);
      assert.ok(waited >= Math.min(LOCK_MS, WRITE_BUDGET_MS) - 500, `setTag waited for the lock (${waited} ms)`);
      assert.deepEqual(busy, [true, false], 'the registry said it was busy, then that it no longer was');
      const rows = rawQuery(workspaceDb(), "SELECT value FROM registered_model_tags WHERE name = 'iris-classifier' AND key = 'while-locked'");
      if (lands) {
        assert.deepEqual(result, { key: 'while-locked', value: 'landed' });
        assert.deepEqual(
          rows.map((r) => r.value),
          ['landed'],
          'the tag was written exactly once',
        );
      } else {
        assert.equal(result, undefined, 'the command failed (its error was shown)');
        assert.deepEqual(rows, [], 'nothing was written');
      }
    } finally {
      sub?.dispose();
    }
  });

  it('opens a version page while another process holds BEGIN EXCLUSIVE: the page appears once the lock is gone', async () => {
    const target: PageTarget = { kind: 'version', name: 'diabetes-regressor', version: '2' };
    const holder = other('holdLock', 'EXCLUSIVE', String(Math.min(LOCK_MS, 3000)));
    await holder.ready;
    const d = await measureLoopDelay(async () => {
      await run('openVersion', { name: 'diabetes-regressor', version: '2' });
      await waitFor('the version page', () => body(api, target).includes('Lineage'), 30_000, 50);
    });
    await holder.done;
    within('open a version page while another process holds BEGIN EXCLUSIVE', d);
  });
});
