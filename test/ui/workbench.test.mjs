// UI tests: the extension as a user sees it, in a real VS Code workbench
// (code-server) driven through Debian's Chromium by playwright-core. Plain ESM
// run by mocha in plain Node (not compiled by tsc): see scripts/lib/uiSuites.mjs.
//
// Everything is read from the DOM as a user (or a screen reader) meets it: the
// tree rows' aria-label / aria-level / aria-expanded, the menus' items and the
// Quick Input's title and options. The write is checked in the mlflow.db too.
// Screenshots of each step go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startCodeServer } from '../../scripts/lib/codeServer.mjs';
import { prepareWorkspace } from '../../scripts/lib/vscodeSuites.mjs';
import { openWorkbench } from '../../scripts/lib/workbench.mjs';
import { UI_TIMEOUT, workbenchDriver } from './workbenchDriver.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');

/** How long one awaited UI state may take (the machine has 2 cores and may be shared). */
const MODELS = ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier'];
// Chosen through the palette: "workbench.colorTheme" in the user settings is not
// honoured here, because with extensionDevelopmentPath = ROOT the workbench
// applies a theme "of the extension under development", and the built-in themes
// of the code-server in ROOT/.vscode-test/ lie inside ROOT (it takes Light+).
const DARK_THEME = 'Default Dark Modern';
const DARK_CLASS = 'vscode-theme-defaults-themes-dark_modern-json';
const LIGHT_THEME = 'Default Light Modern';
const LIGHT_CLASS = 'vscode-theme-defaults-themes-light_modern-json';

describe('MLflow Registry in the VS Code workbench (code-server + Chromium)', function () {
  let server;
  let workbench;
  let page;
  let workspace;
  let userDataDir;

  // ---- helpers -------------------------------------------------------------

  async function shot(name) {
    mkdirSync(SHOTS, { recursive: true });
    // Away from the activity bar and the rows, so no hover or tooltip is caught.
    await page.mouse.move(900, 800);
    await settle();
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }

  /** Menus and quick inputs fade in: waits for finite animations to end (a progress bar's never does). */
  async function settle() {
    await page
      .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), null, {
        timeout: 3_000,
      })
      .catch(() => {});
  }

  /** The rows of the Models tree, in display order. */
  function modelsTree() {
    return page.locator('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row');
  }

  async function treeRows() {
    const rows = await modelsTree().evaluateAll((els) =>
      els.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        ariaLabel: e.getAttribute('aria-label') ?? '',
        level: Number(e.getAttribute('aria-level')),
        expanded: e.getAttribute('aria-expanded'),
      })),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  /** A model row's aria-label is "<name>, <description>"; others start with their label. */
  const modelName = (row) => row.ariaLabel.split(',')[0];
  const topLevel = (rows) => rows.filter((r) => r.level === 1).map(modelName);

  /**
   * The subtree of one model as { group: [version numbers] } in display
   * order, with each group's row; versions under a collapsed group are absent.
   */
  function subtreeOf(rows, model) {
    const start = rows.findIndex((r) => r.level === 1 && modelName(r) === model);
    assert.notEqual(start, -1, `no row for ${model} in ${JSON.stringify(rows.map((r) => r.ariaLabel))}`);
    const groups = [];
    for (const r of rows.slice(start + 1)) {
      if (r.level <= 1) break;
      if (r.level === 2) groups.push({ name: r.ariaLabel.split(' ')[0], row: r, versions: [] });
      else if (r.level === 3) {
        const m = /^Version (\d+)\b/.exec(r.ariaLabel);
        assert.ok(m, `unexpected row under a group: "${r.ariaLabel}"`);
        assert.ok(groups.length > 0, `version row "${r.ariaLabel}" before any group`);
        groups.at(-1).versions.push({ number: Number(m[1]), row: r });
      }
    }
    return groups;
  }

  const stageMap = (groups) => Object.fromEntries(groups.map((g) => [g.name, g.versions.map((v) => v.number).sort((a, b) => a - b)]));

  /** Polls the tree until check(rows) stops throwing; throws its last error after the timeout. */
  async function waitForTree(check, what, timeout = UI_TIMEOUT) {
    let rows = [];
    try {
      return await assertEventually(
        async () => {
          rows = await treeRows();
          return check(rows) ?? rows;
        },
        what,
        timeout,
      );
    } catch (e) {
      e.message += `\nrows: ${JSON.stringify(
        rows.map((r) => `${r.level} ${r.expanded ?? '-'} ${r.ariaLabel}`),
        null,
        1,
      )}`;
      throw e;
    }
  }

  function row(level, labelStart) {
    return modelsTree().and(page.locator(`[aria-level="${level}"][aria-label^="${labelStart}"]`));
  }

  const { assertEventually, expandRow, openContextMenu, clickMenuItem, quickInput, quickInputTitle, quickPickOptions } = workbenchDriver(() => page);

  const activityBarEntry = () => page.locator('#workbench\\.parts\\.activitybar a.action-label[aria-label^="MLflow Registry"]');

  async function waitForQuickInputTitle(title) {
    await assertEventually(async () => assert.equal(await quickInputTitle(), title), `Quick Input titled "${title}"`);
  }

  async function quickInputClosed() {
    await quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** F1, the command's title, then a click on that command's row (the palette may rank others first). */
  async function runFromPalette(title) {
    await quickInputClosed();
    await page.keyboard.press('F1');
    const input = quickInput().locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await assertEventually(async () => assert.match(await input.inputValue(), /^>/), 'palette opened with ">"');
    await page.keyboard.type(title);
    // Its aria-label is the title, then ", <keybinding>" when it has one.
    await quickInput().locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first().click({ timeout: UI_TIMEOUT });
  }

  /** Chooses a color theme as a user does: "Preferences: Color Theme", then the theme. */
  async function chooseColorTheme(settingsId, themeClass) {
    // Its rows read "<label>, <settings id>", e.g. "Dark Modern, Default Dark Modern".
    const option = quickInput().locator(`.quick-input-list .monaco-list-row[aria-label$=", ${settingsId}"]`);
    for (let attempt = 1; ; attempt++) {
      await runFromPalette('Preferences: Color Theme');
      try {
        await option.click({ timeout: 10_000 });
        break;
      } catch (e) {
        // A picker opened before the built-in themes were registered lists none; it does not update.
        if (attempt === 3) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await quickInputClosed();
    await assertEventually(async () => assert.ok((await workbenchClasses()).includes(themeClass)), `the workbench in ${settingsId}`);
  }

  async function workbenchClasses() {
    return (await page.locator('.monaco-workbench').getAttribute('class')).split(/\s+/);
  }

  async function theme() {
    const cls = await workbenchClasses();
    return cls.includes('vs-dark') ? 'dark' : cls.includes('hc-black') || cls.includes('hc-light') ? 'high contrast' : cls.includes('vs') ? 'light' : 'unknown';
  }

  /** Toasts currently shown, as "<severity>: <message>". */
  async function notifications() {
    return page.locator('.notifications-toasts .notification-toast').evaluateAll((els) =>
      els.map((e) => {
        // The icon's classes name the severity (codicon-…error / …warning / …info).
        const icon = [...(e.querySelector('.notification-list-item-icon')?.classList ?? [])].join(' ');
        const severity = ['error', 'warning', 'info'].find((s) => icon.includes(s)) ?? 'unknown';
        return `${severity}: ${e.querySelector('.notification-list-item-message')?.textContent ?? ''}`;
      }),
    );
  }

  async function assertNoErrorToasts() {
    const errors = (await notifications()).filter((n) => n.startsWith('error'));
    assert.deepEqual(errors, [], 'error notifications are shown');
  }

  // ---- setup ---------------------------------------------------------------

  before(async function () {
    // A shared 2-core machine may take minutes to start the extension host.
    this.timeout(420_000);
    userDataDir = mkdtempSync(join(tmpdir(), 'mlflow-vscode-ui-user-'));
    workspace = prepareWorkspace();
    server = await startCodeServer({
      userDataDir,
      extensionsDir: join(userDataDir, 'extensions'),
      // The workspace's mlflow.db decides the registry, not the host's MLflow variables.
      env: { MLFLOW_TRACKING_URI: '', MLFLOW_REGISTRY_URI: '' },
    });
    workbench = await openWorkbench({ server, workspaceFolder: workspace, extensionPath: ROOT, timeoutMs: 90_000 });
    page = workbench.page;
    page.setDefaultTimeout(UI_TIMEOUT);
    // Ready once the extensions are registered: a theme is loaded and our container is in the activity bar.
    await assertEventually(async () => assert.ok((await workbenchClasses()).some((c) => c.startsWith('vscode-theme-'))), 'a loaded color theme', 90_000);
    await activityBarEntry().waitFor({ state: 'visible', timeout: 90_000 });
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'MLflow: mlflow.db' }).waitFor({ state: 'visible', timeout: 300_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const name = `failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await shot(name).catch(() => {});
      console.log(`    screenshot: ${join(SHOTS, name + '.png')}`);
      console.log(`    notifications: ${JSON.stringify(await notifications().catch(() => []))}`);
      if (server) console.log(`    code-server log: ${server.logPath}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await workbench?.close().catch((e) => console.error(`closing the browser: ${e.message}`));
    await server?.stop().catch((e) => console.error(`stopping code-server: ${e.message}`));
    for (const dir of [userDataDir, workspace && dirname(workspace)]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  // ---- tests ---------------------------------------------------------------

  it(`switches to the default dark theme (${DARK_THEME}) with "Preferences: Color Theme"`, async function () {
    await chooseColorTheme(DARK_THEME, DARK_CLASS);
    assert.equal(await theme(), 'dark');
  });

  it('opens the "MLflow Registry" container from the activity bar and lists the models', async function () {
    await activityBarEntry().click();
    // The view's pane is titled "Models".
    await page.locator('#workbench\\.parts\\.sidebar .pane-header[aria-label^="Models"]').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    // Version counts and aliases fill in after the first paint: the whole state is waited
    // for, as long as the workbench itself may take on a cold start.
    await waitForTree(
      (rows) => {
        assert.deepEqual(topLevel(rows), MODELS);
        assert.ok(
          rows.every((r) => r.expanded === 'false'),
          'models start collapsed',
        );
        assert.equal(rows.find((r) => modelName(r) === 'iris-classifier').ariaLabel, 'iris-classifier, 4 versions · @baseline @challenger @champion');
        assert.equal(rows.find((r) => modelName(r) === 'empty-model').ariaLabel, 'empty-model, 0 versions');
      },
      'the four models of the fixture',
      90_000,
    );
    await assertNoErrorToasts();
    await shot('01-sidebar-dark');
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
    const db = new Database(join(workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
    try {
      const stages = Object.fromEntries(
        db
          .prepare("SELECT version, current_stage FROM model_versions WHERE name = 'iris-classifier' ORDER BY version")
          .all()
          .map((r) => [r.version, r.current_stage]),
      );
      assert.deepEqual(stages, { 1: 'Archived', 2: 'Production', 3: 'Archived', 4: 'Deleted_Internal', 5: 'None' });
    } finally {
      db.close();
    }
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
    const message = page.locator('#workbench\\.parts\\.sidebar .tree-explorer-viewlet-tree-view > .message');
    await assertEventually(
      async () => assert.deepEqual(await message.evaluateAll((els) => els.map((e) => e.textContent.trim())), ["Filtered: name ILIKE '%diabetes%'"]),
      'the view says it is filtered',
    );
    await assertNoErrorToasts();
    await shot('09-search-result');

    // "MLflow: Clear Search" is in the palette only while a search is active.
    await runFromPalette('MLflow: Clear Search');
    await waitForTree((r) => assert.deepEqual(topLevel(r), MODELS), 'all models again');
    await assertEventually(async () => assert.equal(await message.isVisible(), false), 'the filter message gone');
    await shot('10-search-cleared');
  });

  it(`renders in the light theme (${LIGHT_THEME}, chosen with "Preferences: Color Theme")`, async function () {
    await expandRow(row(1, 'iris-classifier'));
    await expandRow(row(2, 'None'));
    await expandRow(row(2, 'Archived'));
    await chooseColorTheme(LIGHT_THEME, LIGHT_CLASS);
    assert.equal(await theme(), 'light');
    await waitForTree(
      (r) => assert.deepEqual(stageMap(subtreeOf(r, 'iris-classifier')), { Production: [2], None: [5], Archived: [1, 3] }),
      'the tree as before',
    );
    await assertNoErrorToasts();
    await shot('11-light-theme');
  });

  /** Right-clicks a tree row and clicks one of its menu items. */
  async function contextMenuItem(rowLocator, name) {
    await rowLocator.click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu').getByRole('menuitem', { name, exact: true });
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    // VS Code attaches a menu item's mouse listeners 100 ms after rendering it.
    await settle();
    await page.waitForTimeout(200);
    await item.click();
  }

  const statusBar = () => page.locator('#workbench\\.parts\\.statusbar');

  it("names the open registry in the Models view's header", async function () {
    const header = page.locator('#workbench\\.parts\\.sidebar .pane-header[aria-label^="Models"]');
    await assertEventually(
      async () => assert.equal((await header.locator('.description').textContent({ timeout: 1000 })).trim(), 'mlflow.db'),
      'the view description',
    );
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
    await waitForTree(
      (r) =>
        assert.match(subtreeOf(r, 'iris-classifier')[0].versions[0].row.ariaLabel, /^Version 2 @challenger @champion\b|^Version 2 @champion @challenger\b/),
      'v2 carries @champion',
    );
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
    const db = new Database(join(workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
    try {
      const stages = Object.fromEntries(
        db
          .prepare("SELECT version, current_stage FROM model_versions WHERE name = 'iris-classifier' ORDER BY version")
          .all()
          .map((r) => [r.version, r.current_stage]),
      );
      assert.equal(stages[2], 'Deleted_Internal');
      assert.equal(stages[5], 'None');
    } finally {
      db.close();
    }
    await assertNoErrorToasts();
  });
});
