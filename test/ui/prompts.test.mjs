// UI test of the Prompts view on an MLflow 3 registry: the workspace's
// mlflow.db is the genai fixture's, and the MLflow Registry container shows
// its prompts below the models, with their versions and aliases as MLflow
// reported them (expected.json). Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { THEMES } from './workbenchDriver.mjs';
import { activityBarEntry, useWorkbench } from './workbenchSession.mjs';
import { GENAI_EXPECTED as EXPECTED, genaiRegistry } from './genaiFixture.mjs';
import { promptsPane } from './modelsTree.mjs';

const PROMPTS = EXPECTED.search_prompts['search_prompts()'];
const SUMMARIZER = EXPECTED.prompts.find((p) => p.name === 'summarizer');

describe('The Prompts view of an MLflow 3 registry in the VS Code workbench (code-server + Chromium)', function () {
  const ui = useWorkbench({
    name: 'prompts',
    restingMouse: [1390, 890],
    prepare: genaiRegistry,
  });
  const { session, assertEventually, shot, expandRow, chooseColorTheme } = ui;

  const rows = () => promptsPane(session.page).locator('.customview-tree .monaco-list-row');
  const row = (level, labelStart) => rows().and(session.page.locator(`[aria-level="${level}"][aria-label^="${labelStart}"]`));
  const labels = () =>
    rows().evaluateAll((els) => els.map((e) => ({ level: Number(e.getAttribute('aria-level')), label: e.getAttribute('aria-label') ?? '' })));

  it('lists the prompts below the models, and summarizer expands to its versions, newest first, with their aliases', async function () {
    await chooseColorTheme(THEMES.light);
    await activityBarEntry(session.page).click();
    await assertEventually(async () => {
      const top = (await labels()).filter((r) => r.level === 1).map((r) => r.label.split(',')[0]);
      assert.deepEqual(top, PROMPTS);
    }, 'the prompts of the fixture');
    const aliases = Object.keys(SUMMARIZER.aliases)
      .sort()
      .map((a) => `@${a}`)
      .join(' ');
    assert.equal(
      (await labels()).find((r) => r.label.startsWith('summarizer,')).label,
      `summarizer, text · ${SUMMARIZER.versions.length} versions · ${aliases}`,
    );
    await expandRow(row(1, 'summarizer'));
    const expected = [...SUMMARIZER.versions]
      .sort((a, b) => Number(b.version) - Number(a.version))
      .map((v) => [`v${v.version}`, v.commit_message, v.aliases.map((a) => `@${a}`).join(' '), v.type].filter(Boolean).join(' · '));
    await assertEventually(async () => {
      const versions = (await labels()).filter((r) => r.level === 2).map((r) => r.label.replace(', ', ' · '));
      assert.deepEqual(versions, expected);
    }, "summarizer's versions");
    await shot('prompts-view');
  });
});
