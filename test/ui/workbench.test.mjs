// UI tests: the extension as a user sees it, in a real VS Code workbench
// (code-server) driven through Debian's Chromium by playwright-core. Plain ESM
// run by mocha in plain Node (not compiled by tsc): see scripts/lib/uiSuites.mjs.
//
// Everything is read from the DOM as a user (or a screen reader) meets it: the
// tree rows' aria-label / aria-level / aria-expanded, the menus' items and the
// Quick Input's title and options. The write is checked in the mlflow.db too.
// Screenshots of each step go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FIXTURE_MODELS, modelRowLabel } from './fixture.mjs';
import { modelName, modelsPane, modelsTree, promptsPane, stageMap, subtreeOf, topLevel } from './modelsTree.mjs';
import { THEMES, UI_TIMEOUT } from './workbenchDriver.mjs';
import { activityBarEntry, ROOT, useWorkbench } from './workbenchSession.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');

describe('MLflow Registry in the VS Code workbench (code-server + Chromium)', function () {
  const ui = useWorkbench({ name: 'workbench' });
  const { session, assertEventually, shot, expandRow, openContextMenu, clickMenuItem, contextMenuItem, quickInput, quickPickOptions } = ui;
  const { waitForQuickInputTitle, quickInputClosed, runFromPalette, chooseColorTheme, themeKind, assertNoErrorToasts } = ui;
  const { row, waitForTree } = modelsTree(() => session.page, ui);
  let page;
  let workspace;
  before(() => ({ page, workspace } = session));

  /** iris-classifier's { version: stage } in the mlflow.db, as MLflow would read it. */
  function storedIrisStages() {
    const db = new Database(join(workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
    try {
      return Object.fromEntries(
        db
          .prepare("SELECT version, current_stage FROM model_versions WHERE name = 'iris-classifier' ORDER BY version")
          .all()
          .map((r) => [r.version, r.current_stage]),
      );
    } finally {
      db.close();
    }
  }

  // ---- tests ---------------------------------------------------------------

  it(`switches to the default dark theme (${THEMES.dark.id}) with "Preferences: Color Theme"`, async function () {
    await chooseColorTheme(THEMES.dark);
    assert.equal(await themeKind(), 'dark');
  });

  it('opens the "MLflow Registry" container from the activity bar and lists the models', async function () {
    await activityBarEntry(page).click();
    // The view is named as its container; once a registry is open its title is that registry.
    await page
      .locator('#workbench\\.parts\\.sidebar .composite.title .title-label h2', { hasText: 'MLflow Registry' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    // Version counts and aliases fill in after the first paint: the whole state is waited
    // for, as long as the workbench itself may take on a cold start.
    await waitForTree(
      (rows) => {
        assert.deepEqual(topLevel(rows), FIXTURE_MODELS);
        assert.ok(
          rows.every((r) => r.expanded === 'false'),
          'models start collapsed',
        );
        assert.equal(rows.find((r) => modelName(r) === 'iris-classifier').ariaLabel, modelRowLabel('iris-classifier'));
        assert.equal(rows.find((r) => modelName(r) === 'empty-model').ariaLabel, modelRowLabel('empty-model'));
      },
      'the models of the fixture',
      90_000,
    );
    await assertNoErrorToasts();
    await shot('01-sidebar-dark');
  });

  it("shows a model's tooltip when its row is hovered: the description as plain text, tags and dates", async function () {
    // Rows are handed to the workbench without tooltips; the view asks for one on hover (resolveTreeItem).
    await row(1, 'iris-classifier').hover();
    const tooltip = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Logistic-regression model for the classic Iris data set' }).first();
    await tooltip.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const text = await tooltip.innerText();
    assert.match(text, /^iris-classifier/, text);
    assert.doesNotMatch(text, /# Iris|\*\*Iris\*\*/, 'Markdown marks are not shown as text');
    assert.match(text, /Created .+ · updated .+/, text);
    await shot('01b-model-tooltip');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  });

  it("shows iris-classifier's versions under Production, Staging, None, Archived", async function () {
    await expandRow(row(1, 'iris-classifier'));
    await waitForTree(
      (r) =>
        assert.deepEqual(
          subtreeOf(r, 'iris-classifier').map((g) => [g.name, g.row.ariaLabel, g.row.expanded]),
          [
            ['Production', 'Production 1', 'true'],
            ['Staging', 'Staging 1', 'true'],
            ['None', 'None 1', 'false'],
            ['Archived', 'Archived 1', 'false'],
          ],
          'stage groups, their counts, and only Production and Staging open',
        ),
      'stage groups under iris-classifier',
    );
    await shot('02-iris-expanded');

    await expandRow(row(2, 'None'));
    await expandRow(row(2, 'Archived'));
    await waitForTree((r) => {
      const groups = subtreeOf(r, 'iris-classifier');
      // The deleted version 4 is not shown.
      assert.deepEqual(stageMap(groups), { Production: [3], Staging: [2], None: [5], Archived: [1] });
      const label = (n) => groups.flatMap((g) => g.versions).find((v) => v.number === n).row.ariaLabel;
      // "Version N" then the description: aliases, run name, age.
      assert.match(label(3), /^Version 3 @champion · \S+ · /);
      assert.match(label(2), /^Version 2 @challenger · \S+ · /);
      assert.match(label(1), /^Version 1 @baseline · \S+ · /);
      assert.doesNotMatch(label(5), /@/, 'version 5 has no alias');
    }, 'versions under their stages');
    await assertNoErrorToasts();
    await shot('03-iris-all-stages');
  });

  it('moves version 2 from Staging to Production through its context menu, archiving version 3', async function () {
    await expandRow(row(1, 'iris-classifier'));
    const v2 = row(3, 'Version 2 ');
    await openContextMenu(v2);
    const item = page.getByRole('menuitem', { name: 'Transition Stage…', exact: true });
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await shot('04-context-menu');
    await clickMenuItem(item);

    await waitForQuickInputTitle('Transition iris-classifier version 2 (now Staging)');
    // Staging, Production, Archived, None, less the current one.
    assert.deepEqual(await quickPickOptions(), ['Production', 'Archived', 'None'], 'every stage but the current one, in order');
    await shot('05-pick-stage');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label="Production"]').click();

    // The archive option names what it archives, with the alias that goes with it.
    await waitForQuickInputTitle('Transition iris-classifier version 2 to Production');
    assert.deepEqual(
      (await quickPickOptions()).map((o) => o.split(',')[0]),
      ['Archive v3 (Production', 'Keep v3 in Production'],
    );
    assert.match((await quickPickOptions())[0], /^Archive v3 \(Production, @champion\)/);
    await shot('06-pick-archive');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="Archive v3 (Production, @champion)"]').click();
    await quickInputClosed();

    // The view: no Staging group any more; version 3 is archived.
    await waitForTree((r) => assert.deepEqual(stageMap(subtreeOf(r, 'iris-classifier')).Production, [2]), 'version 2 under Production');
    await expandRow(row(2, 'Archived'));
    await expandRow(row(2, 'None'));
    await waitForTree((r) => {
      const groups = subtreeOf(r, 'iris-classifier');
      assert.deepEqual(stageMap(groups), { Production: [2], None: [5], Archived: [1, 3] });
      assert.deepEqual(
        groups.map((g) => g.row.ariaLabel),
        ['Production 1', 'None 1', 'Archived 2'],
      );
      // Aliases stay where they were.
      assert.match(groups[0].versions[0].row.ariaLabel, /^Version 2 @challenger\b/);
    }, 'the stages after the transition');

    // The store itself, as MLflow would read it.
    assert.deepEqual(storedIrisStages(), { 1: 'Archived', 2: 'Production', 3: 'Archived', 4: 'Deleted_Internal', 5: 'None' });
    await assertNoErrorToasts();
    // The progress notification ("Moving … to Production…", shown ~1 s at least) closes.
    const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'Moving iris-classifier version 2 to Production' });
    await progress.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await shot('07-after-transition');
  });

  it('filters the models with "MLflow: Search Models…" from the Command Palette, then clears the search', async function () {
    await runFromPalette('MLflow: Search Models');
    await waitForQuickInputTitle('Search Registered Models');
    await page.keyboard.type('diabetes');
    await shot('08-search-input');
    await page.keyboard.press('Enter');
    await quickInputClosed();

    await waitForTree((r) => assert.deepEqual(topLevel(r), ['diabetes-regressor']), 'only diabetes-regressor');
    // TreeView.message, shown above the tree.
    const message = modelsPane(page).locator('.tree-explorer-viewlet-tree-view > .message');
    await assertEventually(
      async () => assert.deepEqual(await message.evaluateAll((els) => els.map((e) => e.textContent.trim())), ["Filtered: name ILIKE '%diabetes%'"]),
      'the view says it is filtered',
    );
    await assertNoErrorToasts();
    await shot('09-search-result');

    // "MLflow: Clear Search" is in the palette only while a search is active.
    await runFromPalette('MLflow: Clear Search');
    await waitForTree((r) => assert.deepEqual(topLevel(r), FIXTURE_MODELS), 'all models again');
    await assertEventually(async () => assert.equal(await message.isVisible(), false), 'the filter message gone');
    await shot('10-search-cleared');
  });

  it(`renders in the light theme (${THEMES.light.id}, chosen with "Preferences: Color Theme")`, async function () {
    await expandRow(row(1, 'iris-classifier'));
    await expandRow(row(2, 'None'));
    await expandRow(row(2, 'Archived'));
    await chooseColorTheme(THEMES.light);
    assert.equal(await themeKind(), 'light');
    await waitForTree(
      (r) => assert.deepEqual(stageMap(subtreeOf(r, 'iris-classifier')), { Production: [2], None: [5], Archived: [1, 3] }),
      'the tree as before',
    );
    await assertNoErrorToasts();
    await shot('11-light-theme');
  });

  const statusBar = () => page.locator('#workbench\\.parts\\.statusbar');

  it("names the open registry in the view's header", async function () {
    // Beside the Prompts view, the Models view has a pane header of its own, titled with the registry, under the container's title.
    const container = page.locator('#workbench\\.parts\\.sidebar .composite.title .title-label h2');
    await assertEventually(async () => assert.equal((await container.textContent({ timeout: 1000 })).trim(), 'MLflow Registry'), 'the sidebar title');
    const title = modelsPane(page).locator('.pane-header h3.title');
    await assertEventually(async () => assert.equal((await title.textContent({ timeout: 1000 })).trim(), 'mlflow.db'), 'the pane title');
    const width = await title.evaluate((el) => ({ shown: el.clientWidth, needed: el.scrollWidth }));
    assert.ok(width.needed <= width.shown, `the title is cut off: ${JSON.stringify(width)}`);
  });

  it('says in the Prompts view that an MLflow 2.17.2 file needs MLflow 3 for prompts', async function () {
    const rows = promptsPane(page).locator('.customview-tree .monaco-list-row');
    await assertEventually(
      async () =>
        assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.querySelector('.label-name')?.textContent ?? '')), ['Prompts need MLflow 3']),
      'one message row',
    );
    await assertNoErrorToasts();
    await shot('11b-prompts-need-mlflow-3');
  });

  it('sets @champion on version 2 from a pick that says it moves from v3, and confirms it in the status bar', async function () {
    await expandRow(row(1, 'iris-classifier'));
    await contextMenuItem(row(3, 'Version 2 '), 'Set Alias…');
    await waitForQuickInputTitle('Alias for iris-classifier version 2');
    const options = await quickPickOptions();
    assert.ok(options.includes('@champion: moves from v3 to v2'), JSON.stringify(options));
    assert.ok(options.includes('@challenger: already on v2'), JSON.stringify(options));
    // The last entry carries its icon's name before the label in the row's text.
    assert.match(options.at(-1), /^(add\s+)?New alias…/, JSON.stringify(options));
    await shot('12-pick-alias');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label="@champion: moves from v3 to v2"]').click();
    await quickInputClosed();
    await assertEventually(
      async () => assert.match(await statusBar().textContent(), /@champion of iris-classifier now points to v2 \(moved from v3\)/),
      'the status message',
    );
    await waitForTree((r) => {
      assert.match(subtreeOf(r, 'iris-classifier')[0].versions[0].row.ariaLabel, /^Version 2 @challenger @champion\b|^Version 2 @champion @challenger\b/);
      // The model's row is drawn again after the write, and keeps its count.
      assert.match(r.find((x) => x.level === 1 && modelName(x) === 'iris-classifier').ariaLabel, /^iris-classifier, 4 versions · /);
    }, 'v2 carries @champion, and the model row its count');
    await shot('13-alias-moved');
  });

  it('opens a multi-line description from "Edit Description…" in an editor, not in a one-line box', async function () {
    await contextMenuItem(row(1, 'iris-classifier'), 'Edit Description…');
    const tab = page.locator('.tabs-container .tab', { hasText: 'description.md' });
    await tab.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    assert.equal(await quickInput().isVisible(), false, 'no input box');
    await page
      .locator('.monaco-editor .view-line', { hasText: 'current champion' })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT })
      .catch(() => {});
    await shot('14-description-in-editor');
    await runFromPalette('View: Close Editor');
    await tab.first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  });

  it('deletes a Production version only when its number is typed; Cancel-first for others', async function () {
    await expandRow(row(1, 'iris-classifier'));
    await contextMenuItem(row(3, 'Version 2 '), 'Delete Version…');
    await waitForQuickInputTitle('Delete iris-classifier version 2, which is in Production');
    await page.keyboard.type('3');
    const message = quickInput().locator('.quick-input-message');
    await assertEventually(async () => assert.match(await message.textContent(), /Type the version number "2" exactly/), 'the box refuses a wrong number');
    await shot('15-delete-production-typed');
    // Enter on a wrong number does nothing.
    await page.keyboard.press('Enter');
    assert.equal(await quickInput().isVisible(), true);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await quickInputClosed();
    await waitForTree((r) => assert.ok(!subtreeOf(r, 'iris-classifier').some((g) => g.versions.some((v) => v.number === 2))), 'version 2 gone');

    // A version in None: Cancel comes first, so Enter keeps it.
    await expandRow(row(2, 'None'));
    await contextMenuItem(row(3, 'Version 5'), 'Delete Version…');
    await waitForQuickInputTitle('Delete iris-classifier version 5?');
    assert.deepEqual(
      (await quickPickOptions()).map((o) => o.split(',')[0].replace(/^[a-z-]+\s{2}/, '')),
      ['Cancel', 'Delete version 5'],
    );
    await shot('16-delete-cancel-first');
    await page.keyboard.press('Enter');
    await quickInputClosed();
    const stages = storedIrisStages();
    assert.equal(stages[2], 'Deleted_Internal');
    assert.equal(stages[5], 'None');
    await assertNoErrorToasts();
  });
});
