import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { extensionApi, waitFor } from './helpers';

/**
 * Not a timed test: `npm run bench` runs this inside code-server on the
 * 2,000-model registry and prints what it measures (MLFLOW_PERF_OUT).
 */
describe('extension performance probe', function () {
  this.timeout(120_000);

  it('measures activation and the first tree level', async function () {
    const out = process.env.MLFLOW_PERF_OUT;
    if (!out) this.skip();
    const api = await extensionApi();
    await waitFor('the registry to open', () => api.manager.state.kind === 'open', 30_000);
    const samples: number[] = [];
    let shown = 0;
    for (let i = 0; i < 30; i++) {
      await api.manager.session!.refresh();
      const t0 = performance.now();
      const nodes = await api.tree.getChildren();
      await Promise.all(nodes.map((n) => Promise.resolve(n.getTreeItem())));
      samples.push(performance.now() - t0);
      shown = nodes.length;
    }
    assert.ok(shown > 0);
    writeFileSync(out, JSON.stringify({ activationMs: api.activationMs, firstLevelMs: samples, firstLevelItems: shown }));
  });
});
