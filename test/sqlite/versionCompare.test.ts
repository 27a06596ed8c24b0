import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { RegistryBackend } from '../../src/core/backend';
import { limiter } from '../../src/core/limit';
import { bestIndices, diffRows, metricDirection, metricRows, parsePythonEnv, parseRequirements, signatureDiff } from '../../src/core/versionCompare';
import { COMPARE_READS_IN_FLIGHT, loadComparison, type CompareData } from '../../src/pages/compareData';
import { renderComparePage } from '../../src/pages/comparePage';
import { checkCompareVersions } from '../../src/pages/compareTarget';
import { parseFromPage } from '../../src/pages/messages';
import { RegistrySession } from '../../src/registry/registrySession';
import { expected2 } from '../helpers/expected';
import { FIXTURE_2, tempCopy, type TempCopy } from '../helpers/fixtures';
import { openRegistry } from '../helpers/registry';

const IRIS = ['1', '2', '3'].map((version) => ({ name: 'iris-classifier', version }));

/** The runs MLflow reported for iris-classifier v1..v3, in that order. */
function expectedRuns() {
  const e = expected2();
  const model = e.registered_models.find((m) => m.name === 'iris-classifier')!;
  return IRIS.map((ref) => e.runs[model.versions.find((v) => v.version === ref.version)!.run_id!]);
}

/** Counts the backend calls running at once, so the bound can be checked. */
function counting(backend: RegistryBackend): { backend: RegistryBackend; max: () => number } {
  let now = 0;
  let max = 0;
  const wrapped = new Proxy(backend, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || !['getModelVersion', 'getRun', 'modelFiles', 'getLoggedModel'].includes(String(prop))) return value;
      return async (...args: unknown[]) => {
        now++;
        max = Math.max(max, now);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          now--;
        }
      };
    },
  });
  return { backend: wrapped, max: () => max };
}

describe('Compare Versions on the MLflow 2.17.2 fixture (iris-classifier v1, v2, v3)', () => {
  let copy: TempCopy;
  let reg: SqliteRegistry;
  let data: CompareData;
  const partials: CompareData[] = [];
  let inFlight = 0;

  before(async () => {
    copy = tempCopy(FIXTURE_2.db);
    cpSync(join(FIXTURE_2.project, 'mlruns'), join(copy.dir, 'mlruns'), { recursive: true });
    reg = openRegistry(copy.db);
    const counted = counting(reg);
    data = await loadComparison(new RegistrySession({ kind: 'none' }, counted.backend), IRIS, (p) => partials.push(p));
    inFlight = counted.max();
  });
  after(async () => {
    await reg.close();
    copy.cleanup();
  });

  it('reads every column: the versions, their runs and their model files', () => {
    assert.equal(data.complete, true);
    const runs = expectedRuns();
    data.columns.forEach((c, i) => {
      assert.equal(c.version?.version, IRIS[i].version);
      assert.equal(c.run?.runId, runs[i].run_id);
      assert.ok(c.files?.mlmodel, `v${IRIS[i].version} has its MLmodel`);
      assert.equal(c.files.note, undefined);
    });
  });

  it('keeps at most four reads in flight, and hands out the versions before the runs', () => {
    assert.ok(inFlight >= 1 && inFlight <= COMPARE_READS_IN_FLIGHT, `max in flight ${inFlight}`);
    const first = partials[0];
    assert.ok(first, 'a first snapshot');
    assert.equal(first.complete, false);
    assert.ok(first.columns.every((c) => c.version && c.run === undefined && c.files === undefined));
  });

  it('marks the params that differ: C, and only C', () => {
    const runs = expectedRuns();
    const rows = diffRows(data.columns.map((c) => c.run?.params));
    assert.deepEqual(
      rows.map((r) => r.key),
      Object.keys(runs[0].params).sort((a, b) => a.localeCompare(b)),
    );
    assert.deepEqual(
      rows.filter((r) => r.differs).map((r) => r.key),
      ['C'],
    );
    assert.deepEqual(
      rows.find((r) => r.key === 'C')!.values,
      runs.map((r) => r.params.C),
    );
  });

  it('marks the best value of each metric: the highest accuracy, the lowest train_loss', () => {
    const runs = expectedRuns();
    const rows = metricRows(data.columns.map((c) => c.run?.metrics));
    const argBest = (key: string, pick: (a: number, b: number) => boolean) => {
      const values = runs.map((r) => r.metrics[key]);
      const best = values.reduce((b, v) => (pick(v, b) ? v : b));
      return values.flatMap((v, i) => (v === best ? [i] : []));
    };
    const accuracy = rows.find((r) => r.key === 'accuracy')!;
    assert.equal(accuracy.direction, 'higher');
    assert.deepEqual(
      accuracy.best.higher,
      argBest('accuracy', (a, b) => a > b),
    );
    const loss = rows.find((r) => r.key === 'train_loss')!;
    assert.equal(loss.direction, 'lower');
    assert.deepEqual(
      loss.best.lower,
      argBest('train_loss', (a, b) => a < b),
    );
    assert.deepEqual(
      loss.best.higher,
      argBest('train_loss', (a, b) => a > b),
      'flipped, the other end',
    );
  });

  it("reads each metric's history for the charts: one series per version, as long as MLflow logged it", () => {
    const runs = expectedRuns();
    const loss = data.charts?.find((c) => c.key === 'train_loss');
    assert.ok(loss, 'a train_loss chart');
    assert.deepEqual(
      loss.series.map((s) => s.label),
      ['v1', 'v2', 'v3'],
    );
    assert.deepEqual(
      loss.series.map((s) => s.points.length),
      runs.map((r) => r.metrics_latest_detail.train_loss.history_length),
    );
    assert.deepEqual(
      loss.series.map((s) => s.points.at(-1)?.value),
      runs.map((r) => r.metrics.train_loss),
    );
    assert.match(renderComparePage(data).value, /<figure class="metric-chart small" data-metric="train_loss">/);
    // accuracy and f1_macro were logged at step 0 only: no curve to draw, the metrics table shows them.
    assert.deepEqual(
      data.charts?.map((c) => c.key),
      ['train_loss'],
    );
  });

  it('reads the metric direction from the name, and marks nothing with fewer than two values', () => {
    for (const k of ['train_loss', 'val_error', 'rmse', 'mae', 'MSE', 'log_loss', 'trainLoss', 'eval/rmse']) assert.equal(metricDirection(k), 'lower', k);
    for (const k of ['accuracy', 'f1_macro', 'r2', 'precision', 'terror_score']) assert.equal(metricDirection(k), 'higher', k);
    assert.deepEqual(bestIndices([null, 0.5, undefined], 'higher'), []);
    assert.deepEqual(bestIndices([1, 1, 0], 'higher'), [0, 1]);
  });

  it('compares the signatures: the same columns, and added, removed or changed ones when a version differs', () => {
    const sigs = data.columns.map((c) => c.files?.mlmodel?.signature);
    const inputs = sigs.map((s) => s?.inputs);
    const same = signatureDiff(inputs);
    assert.equal(same.length, inputs[0]!.length);
    assert.ok(same.every((r) => !r.differs && r.changes.every((c) => c === 'same')));
    assert.match(signatureDiff(sigs.map((s) => s?.outputs))[0].types[0]!, /^tensor int64 \[-1\]$/);

    // v2 as if it had dropped the first column and retyped the second, v3 as if it brought the first back.
    const [a, b] = inputs[0]!;
    const changed = signatureDiff([inputs[0], [{ ...b, type: 'float' }, ...inputs[1]!.slice(2)], inputs[2]]);
    const byName = new Map(changed.map((r) => [r.name, r]));
    assert.deepEqual(byName.get(a.name!)!.changes, ['same', 'removed', 'added']);
    assert.deepEqual(byName.get(b.name!)!.changes, ['same', 'changed', 'changed']);
    assert.equal(byName.get(b.name!)!.types[1], 'float');
  });

  it('compares requirements.txt by package and python_env.yaml by entry', () => {
    const texts = data.columns.map((c) => c.files!.requirements!);
    const parsed = texts.map(parseRequirements);
    assert.ok(parsed[0]['scikit-learn'], 'scikit-learn is listed');
    const bumped = parseRequirements(texts[0].replace(/^scikit-learn==.*$/m, 'Scikit_Learn==9.9.9  # newer'));
    const rows = diffRows([parsed[0], bumped]);
    assert.deepEqual(
      rows.filter((r) => r.differs).map((r) => r.key),
      ['scikit-learn'],
    );
    assert.equal(rows.find((r) => r.key === 'scikit-learn')!.values[1], 'Scikit_Learn==9.9.9');

    const env = parsePythonEnv(data.columns[0].files!.pythonEnv!);
    assert.equal(env.python, data.columns[0].files!.mlmodel!.flavors.python_function.python_version);
    assert.equal(env['-r requirements.txt'], '-r requirements.txt');
    assert.ok(env.pip?.startsWith('pip=='));
  });

  it('renders the page: the C row highlighted, marks on the best metrics, nothing from the registry as markup', () => {
    const evil = `"><img src=x onerror=alert(1)>`;
    const hostile: CompareData = {
      ...data,
      columns: data.columns.map((c) => ({ ...c, run: c.run && { ...c.run, params: { ...c.run.params, [evil]: evil } } })),
    };
    const page = renderComparePage(hostile).value;
    assert.doesNotMatch(page, /<img/);
    assert.match(page, /<tr class="differs"><th scope="row"><code>C<\/code>/);
    assert.match(page, /<tr class="same"><th scope="row"><code>max_iter<\/code>/);
    assert.match(page, /data-metric="train_loss" data-default-direction="lower"/);
    assert.match(page, /class="best-mark lower"/);
    assert.match(page, /id="compare-signature-inputs"/);
  });
});

describe('Compare Versions: the read limiter', () => {
  it('runs at most `max` tasks at once, in order', async () => {
    const limit = limiter(2);
    let now = 0;
    let max = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      now++;
      max = Math.max(max, now);
      await new Promise((r) => setImmediate(r));
      order.push(i);
      now--;
      return i;
    };
    assert.deepEqual(await Promise.all([0, 1, 2, 3, 4].map((i) => limit(task(i)))), [0, 1, 2, 3, 4]);
    assert.equal(max, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
  });
});

describe('Compare Versions: messages from the pages', () => {
  it('takes version numbers from a model page and two distinct column indexes from a comparison page, nothing else', () => {
    assert.deepEqual(parseFromPage({ type: 'compareVersions', versions: ['1', '3'] }), { type: 'compareVersions', versions: ['1', '3'] });
    assert.equal(parseFromPage({ type: 'compareVersions', versions: ['1', '3; rm'] }), undefined);
    assert.equal(parseFromPage({ type: 'compareVersions', versions: '1,3' }), undefined);
    assert.deepEqual(parseFromPage({ type: 'compareDiff', what: 'requirements', left: 0, right: 2 }), {
      type: 'compareDiff',
      what: 'requirements',
      left: 0,
      right: 2,
    });
    for (const bad of [
      { what: 'MLmodel', left: 0, right: 1 },
      { what: 'description', left: 1, right: 1 },
      { what: 'description', left: -1, right: 1 },
      { what: 'description', left: 0, right: 99 },
      { what: 'description', left: '0', right: 1 },
    ]) {
      assert.equal(parseFromPage({ type: 'compareDiff', ...bad }), undefined, JSON.stringify(bad));
    }
  });
});

describe('Compare Versions: the list of versions', () => {
  it('accepts two or more { name, version } and names what is wrong otherwise', () => {
    assert.deepEqual(
      checkCompareVersions([
        { name: 'a', version: 1 },
        { name: 'a', version: '02' },
      ]),
      {
        versions: [
          { name: 'a', version: '1' },
          { name: 'a', version: '2' },
        ],
      },
    );
    assert.deepEqual(checkCompareVersions('a'), { problem: 'notList' });
    assert.deepEqual(checkCompareVersions([{ name: 'a', version: '1' }]), { problem: 'tooFew', count: 1 });
    assert.deepEqual(checkCompareVersions([{ name: 'a', version: '1' }, null]), { problem: 'notObject', index: 1 });
    assert.deepEqual(
      checkCompareVersions([
        { name: 'a', version: '1' },
        { name: '', version: '1' },
      ]),
      { problem: 'name', index: 1 },
    );
    assert.deepEqual(
      checkCompareVersions([
        { name: 'a', version: '1' },
        { name: 'a', version: '1; rm' },
      ]),
      { problem: 'version', index: 1, value: '1; rm' },
    );
    assert.deepEqual(
      checkCompareVersions([
        { name: 'a', version: '1' },
        { name: 'a', version: 1 },
      ]),
      { problem: 'duplicate', index: 1, name: 'a', version: '1' },
    );
    assert.equal((checkCompareVersions(Array.from({ length: 9 }, (_, i) => ({ name: 'a', version: i + 1 }))) as { problem: string }).problem, 'tooMany');
  });
});
