import assert from 'node:assert/strict';
import type { RegistryBackend } from '../../src/core/backend';
import { MlflowError } from '../../src/core/errors';
import type { MetricPoint } from '../../src/core/metricHistory';
import { MAX_DRAWN_POINTS, MAX_TABLE_ROWS, metricChart, pointsToDraw, ticks, type ChartSeries } from '../../src/pages/metricChart';
import { MAX_HISTORY_READS, loadMetricHistories } from '../../src/pages/metricHistories';

const EVIL = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
const points = (values: number[], firstStep = 0): MetricPoint[] => values.map((value, i) => ({ step: firstStep + i, timestamp: 1000 + i, value }));
const count = (markup: string, pattern: RegExp): number => markup.match(pattern)?.length ?? 0;

describe('metric charts: inline SVG from metric histories', () => {
  const loss: ChartSeries = { label: 'v1', points: points([0.99, 0.495, 0.33, 0.2475, 0.198]) };

  it('draws one line per series with a titled point for each value, axes, a legend and a table fallback', () => {
    const out = metricChart('train_loss', [loss, { label: 'v2', points: points([0.5, 0.25, 0.1]) }]).value;
    assert.equal(count(out, /<polyline class="line series-0"/g), 1);
    assert.equal(count(out, /<polyline class="line series-1"/g), 1);
    assert.equal(count(out, /<circle class="point series-0"/g), 5);
    assert.match(out, /<title>v1, step 0: 0\.99<\/title>/);
    assert.match(out, /role="img" aria-label="Chart of train_loss: 2 series over steps 0 to 4"/);
    assert.equal(count(out, /<text class="tick [xy]"/g) >= 4, true);
    assert.match(out, /<ul class="chart-legend"><li><span class="swatch series-0" aria-hidden="true"><\/span>v1<\/li>/);
    assert.match(out, /<details class="chart-table"><summary>Values of train_loss by step<\/summary>/);
    assert.equal(count(out, /<tr><th scope="row" class="num">/g), 5);
    // v2 has no step 3 or 4: empty cells, not zeros.
    assert.match(out, /<tr><th scope="row" class="num">4<\/th><td class="num" title="0.198">0\.198<\/td><td class="num"><\/td><\/tr>/);
    assert.doesNotMatch(out, /style=/);
  });

  it('escapes hostile labels and keys everywhere they appear', () => {
    const out = metricChart(EVIL, [{ label: EVIL, points: points([1, 2]) }]).value;
    assert.doesNotMatch(out, /<img|<script/);
    assert.match(out, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const empty = metricChart(EVIL, [{ label: EVIL, points: [] }]).value;
    assert.doesNotMatch(empty, /<img|<script/);
  });

  it('renders single-point, empty, negative and flat series sensibly', () => {
    const single = metricChart('m', [{ label: 'one', points: points([-3]) }]).value;
    assert.equal(count(single, /<polyline/g), 0);
    assert.equal(count(single, /<circle class="point/g), 1);
    assert.doesNotMatch(single, /NaN|Infinity/);
    const flat = metricChart('m', [{ label: 'flat', points: points([2, 2, 2]) }]).value;
    assert.doesNotMatch(flat, /NaN|Infinity/);
    const negative = metricChart('m', [{ label: 'neg', points: points([-5, -1, 3]) }]).value;
    assert.match(negative, />-4<\/text>|>-5<\/text>/);
    const none = metricChart('m', [{ label: 'nothing', points: [] }]).value;
    assert.doesNotMatch(none, /<svg/);
    assert.match(none, /No values logged\./);
    assert.match(none, /nothing <span class="muted">\(no values\)<\/span>/);
    assert.match(metricChart('m', []).value, /No values logged\./);
  });

  it('leaves NaN and infinities (and the ±MAX_VALUE a SQL store keeps) off the scale, breaking the line, and lists them in the table', () => {
    const out = metricChart('m', [{ label: 'odd', points: points([1, 1.5, NaN, 2, 3, Number.MAX_VALUE, -Infinity, 4]) }]).value;
    assert.equal(count(out, /<polyline/g), 2);
    assert.equal(count(out, /<circle class="point/g), 5);
    assert.match(out, /3 values are NaN or infinite and are not drawn/);
    assert.match(out, /<td class="num" title="NaN">NaN<\/td>/);
    assert.match(out, /title="1.7976931348623157e\+308">Infinity<\/td>/);
    assert.match(out, /title="-Infinity">-Infinity<\/td>/);
    assert.doesNotMatch(out.slice(0, out.indexOf('</svg>')), /NaN|Infinity|e\+308/);
    const allOdd = metricChart('m', [{ label: 'odd', points: points([NaN, Infinity]) }]).value;
    assert.match(allOdd, /No values logged\./);
  });

  it('downsamples thousands of points for drawing, keeping the extremes, and bounds the table with a note', () => {
    const values = Array.from({ length: 20000 }, (_, i) => Math.sin(i / 300) * 10 + (i === 12345 ? 100 : 0));
    const big = points(values, 1);
    const drawn = pointsToDraw(big);
    assert.ok(drawn.length <= MAX_DRAWN_POINTS);
    assert.ok(
      drawn.some((p) => p.step === 12346),
      'the spike at step 12346 is drawn',
    );
    assert.deepEqual(
      drawn.map((p) => p.step),
      [...drawn.map((p) => p.step)].sort((a, b) => a - b),
    );
    const out = metricChart('m', [{ label: 'long', points: big }], { size: 'large' }).value;
    assert.equal(count(out, /<circle/g), 0);
    assert.equal(count(out, /<tr><th scope="row"/g), MAX_TABLE_ROWS);
    assert.match(out, /The table shows 200 of 20000 steps/);
    assert.match(out, /<tr><th scope="row" class="num">1<\/th>/);
    assert.match(out, /<tr><th scope="row" class="num">20000<\/th>/);
    assert.match(out, /width="640"/);
    assert.ok(out.length < 120_000, `chart markup is ${out.length} characters`);
  });

  it('picks round tick values inside the scale', () => {
    assert.deepEqual(ticks({ min: 0, max: 4 }, 5), [0, 1, 2, 3, 4]);
    assert.deepEqual(ticks({ min: 0.198, max: 0.99 }, 4), [0.2, 0.4, 0.6, 0.8]);
    assert.deepEqual(ticks({ min: -5, max: 3 }, 4), [-4, -2, 0, 2]);
  });
});

describe('loadMetricHistories: bounded reads, failures as missing series', () => {
  function fakeBackend(histories: Record<string, MetricPoint[] | 'fail'>): { backend: RegistryBackend; peak: () => number; calls: string[] } {
    let running = 0;
    let peak = 0;
    const calls: string[] = [];
    const backend = {
      async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
        calls.push(`${runId}/${key}`);
        running++;
        peak = Math.max(peak, running);
        try {
          // Several turns of the event loop, so overlapping reads really overlap.
          for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
          const h = histories[`${runId}/${key}`];
          if (h === 'fail') throw new MlflowError('INTERNAL_ERROR', 'boom');
          return h ?? [];
        } finally {
          running--;
        }
      },
    } as unknown as RegistryBackend;
    return { backend, peak: () => peak, calls };
  }

  it('keeps the order of keys and runs, leaves out a run whose read failed, and never has more than 4 reads out', async () => {
    const runs = Array.from({ length: 6 }, (_, i) => ({ label: `v${i + 1}`, runId: `r${i + 1}` }));
    const f = fakeBackend({ 'r1/loss': points([3, 2, 1]), 'r2/loss': 'fail', 'r3/acc': points([0.5]) });
    const result = await loadMetricHistories(f.backend, runs, ['loss', 'acc', 'loss']);
    assert.deepEqual([...result.keys()], ['loss', 'acc']);
    assert.deepEqual(
      result.get('loss')!.map((s) => [s.label, s.points.length]),
      [
        ['v1', 3],
        ['v3', 0],
        ['v4', 0],
        ['v5', 0],
        ['v6', 0],
      ],
    );
    assert.equal(result.get('acc')!.length, 6);
    assert.equal(f.calls.length, 12);
    assert.equal(f.peak(), MAX_HISTORY_READS);
  });

  it('shares the bound between callers on one backend', async () => {
    const f = fakeBackend({});
    const runs = Array.from({ length: 5 }, (_, i) => ({ label: `v${i}`, runId: `r${i}` }));
    await Promise.all([loadMetricHistories(f.backend, runs, ['a']), loadMetricHistories(f.backend, runs, ['b'])]);
    assert.equal(f.calls.length, 10);
    assert.equal(f.peak(), MAX_HISTORY_READS);
  });
});
