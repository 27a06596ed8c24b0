// UI test of a version registered from an MLflow 3 logged model: the workspace's
// mlflow.db is the genai fixture's, and ticket-router version 2's page shows
// its logged model's metrics with dataset and step, and the logged model in
// the lineage graph. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { modelsTree } from './modelsTree.mjs';
import { THEMES, UI_TIMEOUT } from './workbenchDriver.mjs';
import { activityBarEntry, useWorkbench } from './workbenchSession.mjs';
import { GENAI_EXPECTED as EXPECTED, genaiRegistry } from './genaiFixture.mjs';

const LINK = EXPECTED.model_version_logged_model_links.find((l) => l.name === 'ticket-router' && l.version === '2');
const LOGGED = EXPECTED.logged_models[LINK['logged_model_id (from source)']];

describe('A version page of an MLflow 3 logged model in the VS Code workbench (code-server + Chromium)', function () {
  const ui = useWorkbench({
    name: 'logged-model-page',
    restingMouse: [1390, 890],
    prepare: genaiRegistry,
  });
  const { session, assertEventually, shot, expandRow, chooseColorTheme } = ui;
  const { row: treeRow } = modelsTree(() => session.page, ui);

  /** The webview frame whose <h1> reads `heading`, once the row's click has opened it. */
  async function openVersionPage(row, heading) {
    const page = session.page;
    return assertEventually(
      async () => {
        await row.click();
        await page.mouse.move(900, 820);
        for (const frame of page.frames()) {
          if (!frame.url().includes('/webview/')) continue;
          const h1 = await frame.evaluate(() => document.querySelector('main#page h1')?.textContent?.replace(/\s+/g, ' ').trim()).catch(() => undefined);
          if (h1 === heading) return frame;
        }
        throw new Error(`no page shows "${heading}" yet`);
      },
      `the page "${heading}"`,
      2 * UI_TIMEOUT,
    );
  }

  it('shows ticket-router version 2 with its logged model: metrics with dataset and step, params, and the lineage node', async function () {
    await chooseColorTheme(THEMES.light);
    await activityBarEntry(session.page).click();
    await expandRow(treeRow(1, 'ticket-router'));
    const frame = await openVersionPage(treeRow(3, 'Version 2'), 'ticket-router version 2');
    await session.page.keyboard.press('Escape');
    await frame.locator('#logged-model-metrics').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const read = () =>
      frame.evaluate(() => ({
        metrics: [...document.querySelectorAll('#logged-model-metrics tbody tr')].map((tr) =>
          [...tr.cells].slice(0, 4).map((c) => c.textContent.replace(/\s+/g, ' ').trim()),
        ),
        params: [...document.querySelectorAll('#logged-model-params tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim()).join('=')),
        node: document.querySelector('svg.lineage .node.logged-model title')?.textContent ?? '',
        experiment:
          [...document.querySelectorAll('section[aria-labelledby="logged-model"] table.kv tr')]
            .find((tr) => tr.cells[0]?.textContent === 'Experiment')
            ?.cells[1]?.textContent?.trim() ?? '',
        versions: document.querySelector('#logged-model-versions')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      }));
    const seen = await read();
    assert.deepEqual(
      seen.metrics,
      LOGGED.metrics.map((m) => [m.key, String(Number(m.value.toPrecision(6))), String(m.step), `${m.dataset_name} digest ${m.dataset_digest}`]),
    );
    assert.deepEqual(
      seen.params,
      Object.entries(LOGGED.params).map(([k, v]) => `${k}=${v}`),
    );
    assert.match(seen.node, new RegExp(`Logged model ${LOGGED.name} \\(${LINK['logged_model_id (from source)']}\\)`));
    assert.equal(seen.versions, 'ticket-router version 2 (this version)');
    assert.equal(seen.experiment, `${EXPECTED.experiments.find((e) => e.experiment_id === LOGGED.experiment_id).name} id ${LOGGED.experiment_id}`);
    for (const [section, name] of [
      ['lineage', 'logged-model-lineage'],
      ['logged-model', 'logged-model-metrics'],
    ]) {
      // Scrolled once the heading is at the top, or the page can go no further.
      await frame.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: 'start' }), section);
      await frame.waitForFunction(
        (id) => {
          const end = document.scrollingElement;
          return Math.abs(document.getElementById(id)?.getBoundingClientRect().top ?? 99) < 40 || end.scrollTop + window.innerHeight >= end.scrollHeight - 1;
        },
        section,
        { timeout: UI_TIMEOUT },
      );
      console.log(`    screenshot: ${await shot(name)}`);
    }
  });
});
