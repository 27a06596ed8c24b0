import assert from 'node:assert/strict';
import { markdownRenderer } from '../../src/pages/markdownRenderer';
import { loadPageContent, type PageContent } from '../../src/pages/pageContent';
import { chartKeys, MAX_VERSION_CHARTS, versionChartsSection } from '../../src/pages/versionCharts';
import type { Run } from '../../src/core/types';
import { FIXTURE_2 } from '../helpers/fixtures';
import { rawExec } from '../helpers/raw';
import { watchedSession, type WatchedSession } from '../helpers/watchedSession';

const V1 = { kind: 'version', name: 'iris-classifier', version: '1' } as const;
const V1_RUN = '8d56e747fcfb4164b5c9220751d143a8';
const count = (markup: string, pattern: RegExp): number => markup.match(pattern)?.length ?? 0;

describe('version page: metric history charts arrive after the first content', () => {
  let w: WatchedSession;
  beforeEach(() => {
    w = watchedSession(FIXTURE_2.db);
  });
  afterEach(() => w.close());
  after(() => markdownRenderer.dispose());

  it('shows iris-classifier v1 first with the section reading, then the train_loss chart with 5 points and its table', async () => {
    let onPartial: (p: PageContent) => void = () => undefined;
    const firstPaint = new Promise<PageContent>((resolve) => (onPartial = resolve));
    const first = await loadPageContent(w.session, V1, { onPartial });
    // The first paint, from the version alone, neither waits for nor mentions the histories.
    const painted = await firstPaint;
    assert.doesNotMatch(painted.main.value, /metric-history/);
    assert.equal(painted.later, undefined);
    const main = first.main.value;
    assert.match(main, /<h2 id="metric-history">Metric history<\/h2>/);
    assert.match(main, /id="metric-history-reading">Reading the history of 1 metric…/);
    assert.doesNotMatch(main, /<svg class="chart"/);
    assert.ok(first.later, 'the charts come later');

    const full = await first.later();
    assert.equal(full.later, undefined);
    const out = full.main.value;
    assert.doesNotMatch(out, /metric-history-reading/);
    assert.equal(count(out, /<figure class="metric-chart small" data-metric="/g), 1);
    assert.match(out, /data-metric="train_loss"/);
    assert.match(out, /<g class="series" data-series="0" data-points="5">/);
    assert.equal(count(out, /<circle class="point series-0"/g), 5);
    assert.match(out, /<title>version 1, step 0: 0\.990099<\/title>/);
    assert.equal(count(out, /<tr><th scope="row" class="num">\d+<\/th>/g), 5);
    // accuracy and f1_macro were logged once each: no chart, and no read for them.
    assert.doesNotMatch(out, /data-metric="accuracy"|data-metric="f1_macro"/);
  });

  it('follows a run that logs another step: the old chart stays until the new one is read', async () => {
    const first = await loadPageContent(w.session, V1);
    const full = await first.later!();
    rawExec(w.copy.db, `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('train_loss', 0.1, 1795778814200, '${V1_RUN}', 5, 0)`);
    rawExec(w.copy.db, `UPDATE latest_metrics SET value = 0.1, timestamp = 1795778814200, step = 5 WHERE run_uuid = '${V1_RUN}' AND key = 'train_loss'`);
    await w.session.refresh();
    const again: PageContent = await loadPageContent(w.session, V1, { previous: full });
    assert.notEqual(again, full);
    assert.match(again.main.value, /data-points="5"/);
    assert.doesNotMatch(again.main.value, /metric-history-reading/);
    const updated = await again.later!();
    assert.match(updated.main.value, /data-points="6"/);
    // Unchanged data: the page is not read or rendered again, and nothing more comes later.
    assert.equal(await loadPageContent(w.session, V1, { previous: updated }), updated);
  });

  it('has no section for a version whose metrics were logged at step 0 only', async () => {
    const content = await loadPageContent(w.session, { kind: 'version', name: 'diabetes-regressor', version: '1' });
    assert.doesNotMatch(content.main.value, /metric-history/);
    assert.equal(content.later, undefined);
  });

  it('charts at most MAX_VERSION_CHARTS metrics, by name, and counts the rest', () => {
    const metricDetails: Run['metricDetails'] = {};
    for (let i = 0; i < MAX_VERSION_CHARTS + 3; i++) metricDetails[`m${String(i).padStart(2, '0')}`] = { value: 1, step: 3, timestamp: 0 };
    metricDetails.once = { value: 1, step: 0, timestamp: 0 };
    const run = { metrics: Object.fromEntries(Object.keys(metricDetails).map((k) => [k, 1])), metricDetails } as unknown as Run;
    const { keys, more } = chartKeys(run);
    assert.equal(keys.length, MAX_VERSION_CHARTS);
    assert.equal(keys[0], 'm00');
    assert.equal(more, 3);
    assert.equal(versionChartsSection({ state: 'ready', runId: 'r', charts: [], more: 0 }), '');
  });
});
