// UI test: pages opened from the workspace's mlflow.db stay that registry's
// pages when the user connects to an MLflow server. They keep what they
// showed, say "from <registry> (not open)", their buttons are off, and the
// "Switch back" button reopens the local file. The server is the stateful
// MLflow-like test server over a copy of the fixture in which iris-classifier
// version 2 says something else and empty-model does not exist.
// Screenshots go to test-results/screenshots/switch-*.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useMlflowServer } from './mlflowServer.mjs';
import { modelsTree } from './modelsTree.mjs';
import { activityBarEntry, useWorkbench } from './workbenchSession.mjs';

const ON_SERVER = 'Changed on the server: this is not the local version 2.';

describe('Pages keep their registry when another one opens (code-server + Chromium)', function () {
  const remote = useMlflowServer({
    name: 'switch',
    seed: async (s) => {
      await s.registry.updateModelVersion('iris-classifier', '2', ON_SERVER);
      await s.registry.deleteRegisteredModel('empty-model');
    },
  });
  const ui = useWorkbench({ name: 'switch', shotPrefix: 'switch-' });
  const { session, assertEventually, shot, expandRow, quickInput, quickInputTitle, runFromPalette } = ui;
  const { row: treeRow } = modelsTree(() => session.page, ui);
  let page;
  let url;
  let localDb;
  before(() => {
    page = session.page;
    url = remote.url;
    localDb = join(session.workspace, 'mlflow.db');
  });

  const statusText = async () =>
    (await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'MLflow:' }).first().innerText({ timeout: 1000 }))
      .replace(/\s+/g, ' ')
      .trim();
  const tab = (text) => page.locator('.tabs-container .tab', { hasText: text }).first();

  /** The content frame of the page whose <h1> reads `heading`, with what it shows. */
  async function pageState(heading) {
    return assertEventually(async () => {
      for (const frame of page.frames()) {
        if (!frame.url().includes('/webview/')) continue;
        const s = await frame
          .evaluate(() => ({
            h1: document.querySelector('main#page h1')?.textContent?.replace(/\s+/g, ' ').trim(),
            bar: document.querySelector('main#page .registry-bar')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
            text: document.querySelector('main#page')?.textContent?.replace(/\s+/g, ' ') ?? '',
            enabled: [...document.querySelectorAll('main#page button')].filter((b) => b.matches(':enabled')).map((b) => b.textContent.trim()),
            disabled: [...document.querySelectorAll('main#page button')].filter((b) => b.matches(':disabled')).length,
          }))
          .catch(() => undefined);
        if (s?.h1 === heading) return { frame, ...s };
      }
      throw new Error(`no webview frame shows "${heading}"`);
    }, `the page "${heading}"`);
  }

  it('opens local pages that name their registry in the header and the tab', async function () {
    await activityBarEntry(page).click();
    await treeRow(1, 'empty-model').click();
    const empty = await pageState('empty-model');
    assert.equal(empty.bar, `Registry ${localDb}`);
    await expandRow(treeRow(1, 'iris-classifier'));
    await expandRow(treeRow(2, 'Staging'));
    await treeRow(3, 'Version 2').click();
    const v2 = await pageState('iris-classifier version 2');
    assert.equal(v2.bar, `Registry ${localDb}`);
    assert.ok(!v2.text.includes(ON_SERVER));
    await assertEventually(
      async () => assert.match(await tab('iris-classifier v2').textContent(), /iris-classifier v2 · workspace\/mlflow\.db/),
      'the tab names the registry',
    );
    await shot('01-local-pages');
  });

  it('connecting to a server leaves them showing the local data, marked "from … (not open)", with their buttons off', async function () {
    await runFromPalette('MLflow: Connect to an MLflow Server');
    assert.equal(await quickInputTitle(), 'Connect to an MLflow Server');
    await page.keyboard.type(url);
    await page.keyboard.press('Enter');
    await assertEventually(async () => assert.equal(await quickInputTitle(), `Sign in to ${url}`), 'the sign-in choice');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="No authentication"]').click();
    await assertEventually(async () => assert.equal(await statusText(), `MLflow: ${url}`), 'the server open');

    const v2 = await assertEventually(async () => {
      const s = await pageState('iris-classifier version 2');
      assert.ok(s.bar.startsWith(`From ${localDb} (not open). ${url} is open now.`), s.bar);
      return s;
    }, 'the version page marked as not open');
    assert.ok(!v2.text.includes(ON_SERVER), "the server's version 2 never shows in the local page");
    assert.deepEqual(v2.enabled, ['Switch back to workspace/mlflow.db'], 'only the way back is enabled');
    assert.ok(v2.disabled >= 5, `the page's own buttons are off (${v2.disabled})`);
    await assertEventually(async () => assert.match(await tab('iris-classifier v2').textContent(), /· workspace\/mlflow\.db \(not open\)/), 'the tab says so');
    await shot('02-not-open-version');

    await tab('empty-model').click();
    const empty = await assertEventually(async () => {
      const s = await pageState('empty-model');
      assert.ok(s.bar.startsWith(`From ${localDb} (not open).`), s.bar);
      return s;
    }, 'the model page marked as not open');
    assert.doesNotMatch(empty.text, /not in .*any more/, 'a model only the local file has is not reported deleted');
    await shot('03-not-open-model');
  });

  it('"Switch back" reopens the local registry and the page is live again', async function () {
    const empty = await pageState('empty-model');
    await empty.frame.locator('[data-switch-registry]').click();
    await assertEventually(async () => assert.equal(await statusText(), 'MLflow: mlflow.db'), 'the local file open again');
    const live = await assertEventually(async () => {
      const s = await pageState('empty-model');
      assert.equal(s.bar, `Registry ${localDb}`);
      return s;
    }, 'the page live again');
    assert.ok(live.enabled.includes('Rename…'), `buttons back on: ${JSON.stringify(live.enabled)}`);
    await assertEventually(async () => assert.doesNotMatch(await tab('empty-model').textContent(), /not open/), 'the tab no longer says "not open"');
    await shot('04-switched-back');
  });
});
