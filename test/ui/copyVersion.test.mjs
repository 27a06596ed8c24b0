// Copy Version to Model… as a user reaches it: a version row's context menu in the
// Models view, the destination picked or typed in the Quick Pick, an alias offered
// after the copy. The new version is checked in the tree and in the mlflow.db.
// Screenshot: test-results/screenshots/copy-version.png.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FIXTURE_MODELS } from './fixture.mjs';
import { modelName, modelsTree, subtreeOf, topLevel } from './modelsTree.mjs';
import { activityBarEntry, ROOT, useWorkbench } from './workbenchSession.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');

describe('Copy Version to Model… from the Models view (code-server + Chromium)', function () {
  const ui = useWorkbench({ name: 'copy-version' });
  const { session, assertEventually, shot, expandRow, contextMenuItem, quickInput, quickInputClosed, waitForQuickInputTitle, assertNoErrorToasts } = ui;
  const { row, waitForTree } = modelsTree(() => session.page, ui);
  let page;
  let workspace;
  before(() => ({ page, workspace } = session));

  /** A version row as MLflow would read it back from the file. */
  function storedVersion(name, version) {
    const db = new Database(join(workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
    try {
      const v = db.prepare('SELECT source, storage_location, run_id, description FROM model_versions WHERE name = ? AND version = ?').get(name, version);
      const aliases = db
        .prepare('SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ?')
        .all(name, version)
        .map((r) => r.alias);
      return v && { ...v, aliases };
    } finally {
      db.close();
    }
  }

  it('copies diabetes-regressor version 2 into a new model from its context menu, with an alias, and the tree shows it', async function () {
    await activityBarEntry(page).click();
    await waitForTree((rows) => assert.deepEqual(topLevel(rows), FIXTURE_MODELS), 'the models of the fixture', 90_000);
    await expandRow(row(1, 'diabetes-regressor'));
    await waitForTree((rows) => assert.ok(subtreeOf(rows, 'diabetes-regressor').some((g) => g.versions.some((v) => v.number === 2))), 'version 2 shown');
    await contextMenuItem(row(3, 'Version 2'), 'Copy Version to Model…');

    await waitForQuickInputTitle('Copy diabetes-regressor version 2 to');
    await page.keyboard.type('diabetes-prod');
    const newRow = quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'New model "diabetes-prod"' });
    await newRow.first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');

    await waitForQuickInputTitle('Alias for the copy, diabetes-prod version 1');
    await page.keyboard.type('candidate');
    await page.keyboard.press('Enter');
    await quickInputClosed();

    await assertEventually(() => assert.equal(storedVersion('diabetes-prod', 1)?.aliases[0], 'candidate'), 'the alias on the copy');
    const source = storedVersion('diabetes-regressor', 2);
    const copy = storedVersion('diabetes-prod', 1);
    assert.equal(copy.source, 'models:/diabetes-regressor/2');
    assert.equal(copy.storage_location, source.storage_location);
    assert.equal(copy.run_id, source.run_id);
    assert.equal(copy.description, source.description);

    await expandRow(row(1, 'diabetes-prod'));
    // The copy sits in None, a group that starts collapsed: opened here as a person would, since
    // the command's reveal (which opens it too) runs on its own and is not what this test waits for.
    // No other model shown at this point has a None group.
    await waitForTree(
      (rows) =>
        assert.deepEqual(
          subtreeOf(rows, 'diabetes-prod').map((g) => g.name),
          ['None'],
        ),
      "diabetes-prod's None group",
    );
    await expandRow(row(2, 'None'));
    await waitForTree((rows) => {
      assert.ok(topLevel(rows).includes('diabetes-prod'), 'the new model is listed');
      assert.match(rows.find((r) => r.level === 1 && modelName(r) === 'diabetes-prod').ariaLabel, /^diabetes-prod, 1 version\b/);
      const versions = subtreeOf(rows, 'diabetes-prod').flatMap((g) => g.versions);
      assert.deepEqual(
        versions.map((v) => v.number),
        [1],
      );
      assert.match(versions[0].row.ariaLabel, /^Version 1 @candidate\b/);
    }, 'diabetes-prod with version 1 @candidate');
    await assertNoErrorToasts();
    console.log(`      screenshot: ${await shot('copy-version')}`);
  });

  it('copies into an existing model picked from the list, and Escape skips the alias', async function () {
    // diabetes-prod's own rows are open above: its only version is 1, so "Version 2" is diabetes-regressor's.
    await contextMenuItem(row(3, 'Version 2'), 'Copy Version to Model…');
    await waitForQuickInputTitle('Copy diabetes-regressor version 2 to');
    await page.keyboard.type('diabetes-prod');
    // The list fills in once the models are read and is drawn again as the box changes: Enter only once
    // the existing model is the first row and nothing offers to create it.
    await assertEventually(async () => {
      const rows = await quickInput()
        .locator('.quick-input-list .monaco-list-row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      assert.match(rows[0] ?? '', /^diabetes-prod\b/, JSON.stringify(rows));
      assert.ok(!rows.some((r) => r.includes('New model')), JSON.stringify(rows));
      // Enter takes the active row, which the list can keep on a row drawn before the filter applied.
      const active = await quickInput()
        .locator('.quick-input-list .monaco-list-row.focused')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      assert.match(active[0] ?? '', /^diabetes-prod\b/, `active: ${JSON.stringify(active)}`);
    }, 'diabetes-prod first and active in the pick');
    await page.keyboard.press('Enter');

    await waitForQuickInputTitle('Alias for the copy, diabetes-prod version 2');
    await page.keyboard.press('Escape');
    await quickInputClosed();

    await assertEventually(() => assert.equal(storedVersion('diabetes-prod', 2)?.source, 'models:/diabetes-regressor/2'), 'version 2 of diabetes-prod');
    assert.deepEqual(storedVersion('diabetes-prod', 2).aliases, []);
    await waitForTree(
      (rows) => assert.match(rows.find((r) => r.level === 1 && modelName(r) === 'diabetes-prod').ariaLabel, /^diabetes-prod, 2 versions\b/),
      'diabetes-prod counts two versions',
    );
  });
});
