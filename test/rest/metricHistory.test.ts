import assert from 'node:assert/strict';
import { METRIC_HISTORY_PAGE_SIZE } from '../../src/backends/rest/metricHistory';
import { rawExec } from '../helpers/raw';
import { restOnFixtureCopy, type RestOnCopy } from '../helpers/restOnCopy';
import type { Intercepted } from './statefulServer';

const V1_RUN = '8d56e747fcfb4164b5c9220751d143a8';
const MAX = 1.7976931348623157e308;

// Recordings 53-56 are replayed in replay.test.ts; these cover what they cannot show.
describe('REST metric history against the MLflow-like server', () => {
  let under: RestOnCopy | undefined;
  afterEach(() => under?.done());

  it('reads NaN and the stored infinities as the embedded store does', async () => {
    under = await restOnFixtureCopy({
      seed: (db) =>
        rawExec(
          db,
          `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES
            ('odd', 0, 1000, '${V1_RUN}', 0, 1), ('odd', ${MAX}, 1001, '${V1_RUN}', 1, 0), ('odd', -${MAX}, 1002, '${V1_RUN}', 2, 0)`,
        ),
    });
    const values = (await under.backend.getMetricHistory(V1_RUN, 'odd')).map((p) => p.value);
    assert.equal(values.length, 3);
    assert.ok(Number.isNaN(values[0]));
    assert.deepEqual(values.slice(1), [MAX, -MAX]);
  });

  it('follows next_page_token with max_results as MLflow’s client does, on a server that pages', async () => {
    const asked: string[] = [];
    // A paging server (MLflow 3.x): an offset token; an absent max_results reads as 0, so the first page is empty.
    const pageIt = async (x: Intercepted): Promise<boolean> => {
      if (!x.path.endsWith('/metrics/get-history')) return false;
      const query = new URL(x.req.url ?? '', 'http://server').searchParams;
      asked.push([...query.keys()].sort().join(','));
      const answer = await x.handle();
      const all = (JSON.parse(String(answer.body)) as { metrics?: unknown[] }).metrics ?? [];
      const offset = Number(query.get('page_token') ?? 0);
      const size = Number(query.get('max_results') ?? 0);
      const page = all.slice(offset, offset + Math.max(size, 0));
      const more = offset + size < all.length;
      x.send({ ...answer, body: JSON.stringify({ metrics: page, ...(more || size === 0 ? { next_page_token: String(offset + size) } : {}) }) });
      return true;
    };
    under = await restOnFixtureCopy({ intercept: pageIt });
    const history = await under.backend.getMetricHistory(V1_RUN, 'train_loss');
    assert.deepEqual(
      history.map((p) => p.step),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(asked, ['metric_key,run_id', 'max_results,metric_key,page_token,run_id']);
    assert.equal(METRIC_HISTORY_PAGE_SIZE, 25000);
  });

  it('stops when a server hands back a token it already gave', async () => {
    let calls = 0;
    under = await restOnFixtureCopy({
      intercept: async (x) => {
        if (!x.path.endsWith('/metrics/get-history')) return false;
        calls++;
        const answer = await x.handle();
        x.send({ ...answer, body: JSON.stringify({ ...(JSON.parse(String(answer.body)) as object), next_page_token: 'same' }) });
        return true;
      },
    });
    const history = await under.backend.getMetricHistory(V1_RUN, 'train_loss');
    assert.equal(calls, 2);
    assert.equal(history.length, 10);
  });
});
