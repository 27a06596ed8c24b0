// UI tests of issue 6 in a real VS Code workbench (code-server + Chromium,
// driven by playwright-core), on a copy of the fixture workspace: "Register
// Model…" in the Explorer's context menu of model folders, registering the
// fixture's unregistered logged model end to end, and models:/ URIs in a
// Python file (hover, warning). Plain ESM run by mocha in plain Node: see
// scripts/lib/uiSuites.mjs. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EXPECTED, FIXTURE_MODELS } from './fixture.mjs';
import { UI_TIMEOUT } from './workbenchDriver.mjs';
import { ROOT, useWorkbench } from './workbenchSession.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');

const UNREGISTERED = EXPECTED.unregistered_logged_models[0];
const NEW_MODEL = 'iris-from-explorer';
const SCORE_PY = [
  'import mlflow',
  '',
  '# The champion serves; @nobody is a typo.',
  'champion = mlflow.pyfunc.load_model("models:/iris-classifier@champion")',
  'typo = mlflow.pyfunc.load_model("models:/iris-classifier@nobody")',
  'staging = mlflow.pyfunc.load_model("models:/iris-classifier/Staging")',
  '',
].join('\n');

describe('Explorer "Register Model…" and models:/ URIs in code (code-server + Chromium)', function () {
  // VS Code's defaults: compact folders on, so `<run>/artifacts/model` is one row (turned off by a later test).
  const ui = useWorkbench({ name: 'explorer', restingMouse: [1390, 890], prepare: ({ workspace }) => writeFileSync(join(workspace, 'score.py'), SCORE_PY) });
  const { session, assertEventually, settle, shot, ariaLabels, openContextMenu, clickMenuItem, quickInput, quickInputTitle, quickPickOptions } = ui;
  const { quickInputBox, quickInputClosed, setQuickInputText, runFromPalette, assertNoErrorToasts } = ui;
  let page;
  let workspace;
  before(() => ({ page, workspace } = session));

  // ---- helpers -------------------------------------------------------------

  const explorerRow = (level, name) => page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"][aria-label="${name}"]`);

  /** Expands the Explorer down a path of folder names, starting at the workspace root. */
  async function expandPath(names) {
    for (const [i, name] of names.entries()) {
      const row = explorerRow(i + 1, name);
      await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await assertEventually(async () => assert.equal(await row.getAttribute('aria-expanded'), 'true'), `${name} expanded`);
    }
  }

  /** Right-clicks an Explorer row and returns the labels of its context menu. */
  async function contextMenuOf(row) {
    const menu = await openContextMenu(row);
    await settle();
    return (await menu.getByRole('menuitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent))).map((s) => s.trim());
  }

  async function closeMenu() {
    await page.keyboard.press('Escape');
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  /** Puts the cursor at a 1-based line and column with "Go to Line/Column". */
  async function goTo(line, column) {
    await page.keyboard.press('Control+G');
    await quickInputBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    // Go to Line's prefix is ":"; the whole text is set at once, so no keystroke is lost.
    await setQuickInputText(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await quickInputClosed();
  }

  // ---- tests ---------------------------------------------------------------

  const runName = EXPECTED.runs[UNREGISTERED.run_id]?.run_name ?? UNREGISTERED.run_name;

  /** The compact row `<run>/artifacts/model` (VS Code's default), and one of its segments by index. */
  // Collapsed, the run folder is a row at level 3; once compacted, the row takes the level
  // of its deepest folder (model, level 5) and names each segment in its own element.
  const compactRow = () => page.locator('.explorer-folders-view .monaco-list-row', { hasText: UNREGISTERED.run_id });
  const segment = (i) => compactRow().locator(`.label-name[data-icon-label-index="${i}"]`);

  /** Right-clicks, then waits until the menu offers Register Model… (the folder list comes from a scan). */
  async function menuOffersRegister(target, what) {
    return assertEventually(
      async () => {
        const labels = await contextMenuOf(target);
        if (!labels.includes('Register Model…')) {
          await closeMenu();
          assert.fail(`no "Register Model…" in ${JSON.stringify(labels)}`);
        }
        return labels;
      },
      `${what} offers Register Model…`,
      60_000,
    );
  }

  async function clickRegister() {
    await clickMenuItem(page.locator('.context-view .monaco-menu').getByRole('menuitem', { name: 'Register Model…', exact: true }));
  }

  function storedVersion(version) {
    const db = new Database(join(workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare(
          'SELECT version, source, run_id, run_link, current_stage, status, description, storage_location FROM model_versions WHERE name = ? AND version = ?',
        )
        .get(NEW_MODEL, version);
    } finally {
      db.close();
    }
  }

  /** After the name step: the description, then the toast and the row MLflow would have written. */
  async function finishRegistration(version, description) {
    await assertEventually(async () => assert.equal(await quickInputTitle(), `Register run ${runName} (model) as ${NEW_MODEL}`), 'the description box');
    await page.keyboard.type(description);
    await page.keyboard.press('Enter');
    await quickInput().waitFor({ state: 'hidden' });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Registered ${NEW_MODEL} version ${version}` });
    await toast.waitFor({ state: 'visible' });
    assert.match(await toast.textContent(), new RegExp(`Registered ${NEW_MODEL} version ${version} from run ${runName} \\(model\\)\\.`));
    // What MLflow would have written: expected.json's source_if_registered.
    assert.deepEqual(storedVersion(version), {
      version,
      source: UNREGISTERED.source_if_registered,
      run_id: UNREGISTERED.run_id,
      run_link: null,
      current_stage: 'None',
      status: 'READY',
      description,
      storage_location: UNREGISTERED.source_if_registered,
    });
    await assertNoErrorToasts();
    await toast
      .locator('.codicon-notifications-clear')
      .click()
      .catch(() => {});
  }

  async function pickExistingModel() {
    await assertEventually(async () => assert.equal(await quickInputTitle(), `Register run ${runName} (model)`), 'the name Quick Pick');
    const existing = quickInput().locator(`.quick-input-list .monaco-list-row[aria-label^="${NEW_MODEL},"]`);
    await existing.click();
  }

  it('shows "Register Model…" on every segment of the compact row <run>/artifacts/model, not on mlruns/1', async function () {
    await expandPath(['mlruns', '1']);
    await compactRow().waitFor({ state: 'visible' });
    // Collapsed, the run folder is a row of its own, and already offers it (its chain leads to the model).
    await menuOffersRegister(compactRow(), 'the collapsed run folder');
    await closeMenu();
    // VS Code compacts a chain once it has read it: expanding the run folder makes the row <run>/artifacts/model.
    await compactRow().click();
    await assertEventually(
      // Each segment but the last carries its "/" separator.
      async () =>
        assert.deepEqual(
          (await compactRow().locator('.label-name[data-icon-label-index]').allTextContents()).map((t) => t.replace(/\/$/, '')),
          [UNREGISTERED.run_id, 'artifacts', 'model'],
        ),
      'one row, three segments',
    );
    for (const i of [2, 1, 0]) {
      await menuOffersRegister(segment(i), `segment ${i}`);
      if (i === 0) await shot('20-explorer-compact-row-menu', { keepMouse: true });
      await closeMenu();
    }
    const plain = await contextMenuOf(explorerRow(2, '1'));
    assert.ok(plain.length > 3, `a real menu for mlruns/1: ${JSON.stringify(plain)}`);
    assert.ok(!plain.includes('Register Model…'), `mlruns/1 offers ${JSON.stringify(plain)}`);
    await shot('21-explorer-plain-folder-menu', { keepMouse: true });
    await closeMenu();
  });

  it('registers the logged model from the run segment of the compact row, as MLflow would store it, and reveals it', async function () {
    await menuOffersRegister(segment(0), 'the run segment');
    await clickRegister();

    await assertEventually(async () => assert.equal(await quickInputTitle(), `Register run ${runName} (model)`), 'the name Quick Pick');
    // The registry's models, to add a version to.
    await assertEventually(
      async () =>
        assert.deepEqual(
          (await quickPickOptions()).filter((o) => !o.startsWith('New')).map((o) => o.split(',')[0]),
          FIXTURE_MODELS,
        ),
      'existing models listed',
    );
    await shot('22-register-pick-model');
    await page.keyboard.type(NEW_MODEL);
    await assertEventually(
      async () => assert.match((await quickPickOptions())[0], new RegExp(`New model "${NEW_MODEL}"`)),
      'a "New model" entry for the typed name',
    );
    await shot('23-register-new-name');
    await page.keyboard.press('Enter');
    await finishRegistration(1, 'Registered from the **Explorer**.');

    // The tree reveals and selects the new version.
    const selected = page.locator('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row[aria-selected="true"]');
    const allRows = page.locator('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row');
    await assertEventually(async () => {
      const labels = await ariaLabels(selected);
      assert.ok(
        labels.some((l) => /^Version 1\b/.test(l)),
        `selected rows: ${JSON.stringify(labels)}`,
      );
      const rows = await allRows.evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-level')} ${e.getAttribute('aria-label')}`));
      assert.ok(
        rows.some((r) => r.startsWith(`1 ${NEW_MODEL}`)),
        JSON.stringify(rows),
      );
    }, 'the new version selected in the Models view');
    await shot('25-registered-and-revealed');
  });

  it('registers from the artifacts and model segments too, as new versions of that model', async function () {
    for (const [i, version] of [
      [1, 2],
      [2, 3],
    ]) {
      // Each registration reveals its version in the Models view, which takes the sidebar.
      await runFromPalette('View: Show Explorer');
      await compactRow().waitFor({ state: 'visible' });
      await menuOffersRegister(segment(i), `segment ${i}`);
      await clickRegister();
      await pickExistingModel();
      await finishRegistration(version, `From segment ${i}.`);
    }
  });

  it('with explorer.compactFolders off, each folder of the chain is its own row and registers', async function () {
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'explorer.compactFolders': false }, null, 2));
    await runFromPalette('View: Show Explorer');
    const runRow = explorerRow(3, UNREGISTERED.run_id);
    await runRow.waitFor({ state: 'visible', timeout: 60_000 });
    await expandPath(['mlruns', '1', UNREGISTERED.run_id, 'artifacts']);
    for (const [level, name] of [
      [5, 'model'],
      [4, 'artifacts'],
      [3, UNREGISTERED.run_id],
    ]) {
      await menuOffersRegister(explorerRow(level, name), name);
      if (level === 4) await shot('24-explorer-uncompacted-artifacts-menu', { keepMouse: true });
      await closeMenu();
    }
    await menuOffersRegister(runRow, 'the run folder');
    await clickRegister();
    await pickExistingModel();
    await finishRegistration(4, 'From the run folder row.');
  });

  it('hovers models:/iris-classifier@champion in a Python file and reads the version it resolves to', async function () {
    await page.keyboard.press('Control+P');
    await quickInputBox().waitFor({ state: 'visible' });
    await setQuickInputText('score.py');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="score.py"]').first().click();
    await page.locator('.monaco-editor .view-line', { hasText: 'models:/iris-classifier@champion' }).waitFor({ state: 'visible' });

    // The mouse over the URI, as a user would.
    const span = page.locator('.monaco-editor .view-line span span', { hasText: 'iris-classifier@champion' }).first();
    const hover = page
      .locator('.monaco-hover:not(.hidden)', { hasText: 'resolves' })
      .or(page.locator('.monaco-hover:not(.hidden)', { hasText: 'iris-classifier version' }));
    await assertEventually(async () => {
      const box = await span.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // A hover only opens for a mouse that moved onto the text after it rendered: move again until it does.
      await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
    }, 'the hover over models:/iris-classifier@champion');
    const text = (await hover.first().textContent()).replace(/\s+/g, ' ');
    assert.match(text, /models:\/iris-classifier@champion → iris-classifier version 3/);
    assert.match(text, /Production/);
    assert.match(text, /@champion/);
    assert.match(text, /run logreg-C10\.0/);
    assert.match(text, /Version 3 - current champion Regularisation C = 10\.0 Trained on 80% of the data/, 'a plain excerpt of its description');
    assert.match(text, /Open version/);
    await shot('26-hover-champion', { keepMouse: true });
  });

  it('warns on models:/iris-classifier@nobody: a squiggle and a Problems entry naming the unknown alias', async function () {
    await page.mouse.move(1390, 890);
    const line = page.locator('.monaco-editor .view-overlays .squiggly-warning');
    await line.first().waitFor({ state: 'visible' });
    await runFromPalette('View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: "Unknown alias '@nobody' of 'iris-classifier'" });
    await problem.waitFor({ state: 'visible' });
    const label = await problem.getAttribute('aria-label');
    assert.match(label ?? (await problem.textContent()), /Unknown alias '@nobody' of 'iris-classifier'/);
    // Only the unknown alias is flagged: @champion and /Staging resolve.
    const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.textContent));
    assert.equal(rows.filter((r) => /MLflow|Unknown|resolves/.test(r)).length, 1, JSON.stringify(rows));

    // The hover on it says the same.
    await page.locator('.monaco-editor .view-line', { hasText: 'iris-classifier@nobody' }).click();
    await goTo(5, 50);
    await runFromPalette('Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'resolves to nothing' });
    await hover.first().waitFor({ state: 'visible' });
    assert.match(
      (await hover.first().textContent()).replace(/\s+/g, ' '),
      /Unknown alias '@nobody' of 'iris-classifier' \(it has @baseline, @challenger, @champion\)/,
    );
    await shot('27-diagnostic-unknown-alias', { keepMouse: true });
  });

  it('completes aliases after models:/iris-classifier@ in the editor', async function () {
    await page.keyboard.press('Escape');
    await goTo(7, 1);
    await page.keyboard.type('m = mlflow.pyfunc.load_model("models:/iris-classifier@');
    const suggest = page.locator('.suggest-widget.visible');
    await suggest.waitFor({ state: 'visible' });
    const labels = await assertEventually(async () => {
      const l = await suggest.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      assert.ok(
        l.some((x) => x.startsWith('champion')),
        JSON.stringify(l),
      );
      return l;
    }, 'alias suggestions');
    assert.deepEqual(
      labels
        .map((l) => l.split(',')[0])
        .filter((l) => ['baseline', 'challenger', 'champion'].includes(l))
        .sort(),
      ['baseline', 'challenger', 'champion'],
    );
    await shot('28-complete-aliases');
    await page.keyboard.press('Escape');
  });
});
