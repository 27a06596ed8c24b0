import assert from 'node:assert/strict';
import { FIXTURE_2 } from '../helpers/fixtures';
import { rawExec, rawQuery } from '../helpers/raw';
import { registryOnFreshCopy, testDriver } from '../helpers/registry';

const V1_RUN = '8d56e747fcfb4164b5c9220751d143a8';
const V2_RUN = '8a9d694971ed4920b614adf647d9d718';
const V3_RUN = '5bb798385d424ff19b90fbc239162498';
const MAX = 1.7976931348623157e308;

describe(`metric history on the embedded store (${testDriver().name})`, () => {
  const t = registryOnFreshCopy(FIXTURE_2.db);

  it('reads train_loss of iris-classifier v1, v2 and v3 as the metrics table has it, in timestamp and step order', async () => {
    for (const run of [V1_RUN, V2_RUN, V3_RUN]) {
      const rows = rawQuery(t.copy.db, 'SELECT step, timestamp, value FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY timestamp, step', run, 'train_loss');
      const history = await t.reg.getMetricHistory(run, 'train_loss');
      assert.equal(history.length, 5);
      assert.deepEqual(
        history,
        rows.map((r) => ({ step: Number(r.step), timestamp: Number(r.timestamp), value: Number(r.value) })),
      );
    }
    const v1 = await t.reg.getMetricHistory(V1_RUN, 'train_loss');
    assert.deepEqual(
      v1.map((p) => p.step),
      [0, 1, 2, 3, 4],
    );
    assert.equal(v1[0].value, 0.9900990099009901);
  });

  it('answers an empty list for a missing run or key, as MLflow does (no error)', async () => {
    assert.deepEqual(await t.reg.getMetricHistory('0123456789abcdef0123456789abcdef', 'train_loss'), []);
    assert.deepEqual(await t.reg.getMetricHistory(V1_RUN, 'no_such_metric'), []);
    assert.deepEqual(await t.reg.getMetricHistory(V1_RUN, "train_loss' OR '1'='1"), []);
  });

  it('keeps NaN as NaN (is_nan) and an infinity as the ±MAX_VALUE MLflow stores for it', async () => {
    // The rows MLflow's SqlAlchemyStore writes for NaN, +inf and -inf (docs/rest-api.md#metric-history).
    rawExec(
      t.copy.db,
      `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES
        ('odd', 0, 1000, '${V1_RUN}', 0, 1), ('odd', ${MAX}, 1001, '${V1_RUN}', 1, 0),
        ('odd', -${MAX}, 1002, '${V1_RUN}', 2, 0), ('odd', -2.5, 1003, '${V1_RUN}', 3, 0)`,
    );
    const history = await t.reg.getMetricHistory(V1_RUN, 'odd');
    assert.equal(history.length, 4);
    assert.ok(Number.isNaN(history[0].value));
    assert.deepEqual(
      history.slice(1).map((p) => p.value),
      [MAX, -MAX, -2.5],
    );
  });

  it('reads a long history whole, across its slices, in order and without repeats', async () => {
    rawExec(
      t.copy.db,
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 12344)
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
       SELECT 'long', i * 0.5, 5000 + i / 3, '${V2_RUN}', i, 0 FROM n`,
    );
    const history = await t.reg.getMetricHistory(V2_RUN, 'long');
    assert.equal(history.length, 12345);
    assert.deepEqual(
      history.map((p) => p.step),
      Array.from({ length: 12345 }, (_, i) => i),
    );
    assert.equal(history[12344].value, 6172);
  });
});
