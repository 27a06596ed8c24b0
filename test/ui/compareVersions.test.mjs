// Compare Versions as a user reaches it: iris-classifier v3, v2 and v1 selected in the
// Models view (Ctrl+click), "Compare Versions" from their context menu, and the
// comparison page read in its webview frame: the differing `C` param, the signature
// tables, the best-metric marks (and flipping one), the train_loss chart.
// Screenshot: test-results/screenshots/compare-versions.png.
import assert from 'node:assert/strict';
import { EXPECTED, FIXTURE_MODELS } from './fixture.mjs';
import { modelsTree, topLevel } from './modelsTree.mjs';
import { activityBarEntry, useWorkbench } from './workbenchSession.mjs';

const HEADING = /^Compare iris-classifier v\d, v\d, v\d$/;

describe('Compare Versions from the Models view (code-server + Chromium)', function () {
  const ui = useWorkbench({ name: 'compare-versions', restingMouse: [1390, 890] });
  const { session, assertEventually, shot, expandRow, clickMenuItem, assertNoErrorToasts } = ui;
  const { row, waitForTree } = modelsTree(() => session.page, ui);
  let page;
  before(() => ({ page } = session));

  /** The webview frame whose <h1> matches `heading`. */
  function comparisonFrame() {
    return assertEventually(async () => {
      for (const frame of page.frames()) {
        if (!frame.url().includes('/webview/')) continue;
        const h1 = await frame.evaluate(() => document.querySelector('main#page h1')?.textContent?.replace(/\s+/g, ' ').trim()).catch(() => undefined);
        if (h1 && HEADING.test(h1)) return frame;
      }
      throw new Error('no webview frame shows the comparison');
    }, 'the comparison page');
  }

  /** Per table row: its header text and, per column, the cell's text and whether a best mark shows. */
  const readTable = (frame, id) =>
    frame.evaluate((tableId) => {
      const table = document.getElementById(tableId);
      if (!table) return undefined;
      const shown = (el) => el.getClientRects().length > 0;
      return {
        columns: [...table.querySelectorAll('thead th button')].map((b) => b.textContent.trim()),
        rows: [...table.querySelectorAll('tbody tr')].map((tr) => ({
          key: tr.querySelector('th code')?.textContent ?? tr.querySelector('th').textContent.trim(),
          differs: tr.classList.contains('differs'),
          visible: shown(tr),
          cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ').trim()),
          best: [...tr.querySelectorAll('td')].map((td) => [...td.querySelectorAll('.best-mark')].some(shown)),
        })),
      };
    }, id);

  it('compares iris-classifier v1, v2 and v3: C highlighted, the signature, the best metrics and the train_loss curves', async function () {
    await activityBarEntry(page).click();
    await waitForTree((rows) => assert.deepEqual(topLevel(rows), FIXTURE_MODELS), 'the models of the fixture', 90_000);
    await expandRow(row(1, 'iris-classifier'));
    // Version 1 is archived, a group that starts collapsed.
    await expandRow(row(2, 'Archived'));
    // Only iris-classifier is expanded: its versions are the level-3 rows.
    // Only iris-classifier is expanded: its versions are the level-3 rows. Select v3,
    // then add v2 and v1 with Ctrl+click, as one selects several rows in any tree.
    const v3 = row(3, 'Version 3');
    await v3.click();
    for (const n of [2, 1]) {
      const v = row(3, `Version ${n}`);
      await assertEventually(async () => {
        if ((await v.getAttribute('aria-selected')) !== 'true') await v.click({ modifiers: ['Control'], timeout: 5_000 });
        assert.equal(await v.getAttribute('aria-selected'), 'true');
      }, `version ${n} selected beside version 3`);
    }
    await assertEventually(async () => assert.equal(await v3.getAttribute('aria-selected'), 'true'), 'version 3 still selected');
    await shot('compare-versions-tree-selection');
    // The context menu of a selected row acts on the whole selection: the page opens, no pick list.
    // Opened without the driver's Escape first: Escape in the tree clears its selection.
    const menu = page.locator('.context-view .monaco-menu');
    await assertEventually(async () => {
      if (!(await menu.isVisible())) await v3.click({ button: 'right', timeout: 5_000 });
      await menu.waitFor({ state: 'visible', timeout: 5_000 });
    }, 'the context menu of the selection');
    await clickMenuItem(menu.getByRole('menuitem', { name: 'Compare Versions', exact: true }));

    const frame = await comparisonFrame();
    const model = EXPECTED.registered_models.find((m) => m.name === 'iris-classifier');
    const runOf = (label) => EXPECTED.runs[model.versions.find((v) => `v${v.version}` === label).run_id];

    // Params: every run's params, C the one row that differs, with each run's value.
    const params = await assertEventually(async () => {
      const t = await readTable(frame, 'compare-params-table');
      assert.ok(t && t.rows.length > 0, 'the params table is filled in');
      return t;
    }, 'the params table');
    assert.deepEqual([...params.columns].sort(), ['v1', 'v2', 'v3']);
    assert.deepEqual(
      params.rows.filter((r) => r.differs).map((r) => r.key),
      ['C'],
    );
    assert.deepEqual(
      params.rows.find((r) => r.key === 'C').cells,
      params.columns.map((label) => runOf(label).params.C),
    );

    // Signature: the four inputs and the tensor output, the same in all three.
    const inputs = await assertEventually(async () => {
      const t = await readTable(frame, 'compare-signature-inputs');
      assert.ok(t, 'the signature is read');
      return t;
    }, 'the signature inputs table');
    assert.deepEqual(
      inputs.rows.map((r) => r.key),
      ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
    );
    assert.ok(inputs.rows.every((r) => !r.differs && r.cells.every((c) => c === 'double')));
    const outputs = await readTable(frame, 'compare-signature-outputs');
    assert.deepEqual(outputs.rows[0].cells, ['tensor int64 [-1]', 'tensor int64 [-1]', 'tensor int64 [-1]']);

    // Metrics: the highest accuracy and the lowest train_loss are marked.
    const bestColumns = (t, key) => t.columns.filter((_, i) => t.rows.find((r) => r.key === key).best[i]);
    const metrics = await readTable(frame, 'compare-metrics-table');
    const expectBest = (key, better) => {
      const values = metrics.columns.map((label) => runOf(label).metrics[key]);
      const best = values.reduce((b, v) => (better(v, b) ? v : b));
      return metrics.columns.filter((_, i) => values[i] === best);
    };
    assert.deepEqual(
      bestColumns(metrics, 'accuracy'),
      expectBest('accuracy', (a, b) => a > b),
    );
    assert.deepEqual(
      bestColumns(metrics, 'train_loss'),
      expectBest('train_loss', (a, b) => a < b),
    );

    // The train_loss chart: one line per version.
    await assertEventually(
      async () => assert.equal(await frame.evaluate(() => document.querySelectorAll('figure.metric-chart[data-metric="train_loss"] polyline.line').length), 3),
      'three train_loss curves',
    );
    await assertNoErrorToasts();
    console.log(`      screenshot: ${await shot('compare-versions')}`);

    // Flipping train_loss marks the highest; "Show only differences" hides the params that agree.
    await frame.locator('button[data-flip-metric="train_loss"]').click();
    await assertEventually(
      async () =>
        assert.deepEqual(
          bestColumns(await readTable(frame, 'compare-metrics-table'), 'train_loss'),
          expectBest('train_loss', (a, b) => a > b),
        ),
      'train_loss flipped',
    );
    await frame.locator('button[data-compare-toggle="differences"]').click();
    await assertEventually(async () => {
      const t = await readTable(frame, 'compare-params-table');
      assert.deepEqual(
        t.rows.filter((r) => r.visible).map((r) => r.key),
        ['C'],
      );
    }, 'only C shown');
    console.log(`      screenshot: ${await shot('compare-versions-differences')}`);
    await frame.evaluate(() => document.getElementById('compare-charts')?.scrollIntoView({ block: 'start' }));
    console.log(`      screenshot: ${await shot('compare-versions-charts')}`);
  });
});
