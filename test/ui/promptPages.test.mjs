// UI tests of MLflow 3 prompt pages in the workbench: a chat prompt's page opened from
// the Command Palette, the diff of two summarizer versions, and a template edited in a
// real editor and saved as a new version. The workspace's mlflow.db is the genai
// fixture's; what the pages must show comes from its expected.json.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promptsPane } from './modelsTree.mjs';
import { THEMES, UI_TIMEOUT } from './workbenchDriver.mjs';
import { activityBarEntry, ROOT, useWorkbench } from './workbenchSession.mjs';

const GENAI = join(ROOT, 'test', 'fixtures', 'mlflow-3.11.2.dev0-genai');
const EXPECTED = JSON.parse(readFileSync(join(GENAI, 'expected.json'), 'utf8'));
const versionsOf = (name) => EXPECTED.prompts.find((p) => p.name === name).versions;
const Database = createRequire(join(ROOT, 'package.json'))('better-sqlite3');

describe('Prompt pages, diffs and edited templates in the VS Code workbench (code-server + Chromium)', function () {
  const ui = useWorkbench({
    name: 'prompt-pages',
    restingMouse: [1390, 890],
    // A save asks for a commit message: saves happen on Ctrl+S only, as on the desktop.
    settings: { 'files.autoSave': 'off' },
    prepare({ workspace }) {
      copyFileSync(join(GENAI, 'project', 'mlflow.db'), join(workspace, 'mlflow.db'));
    },
  });
  const { session, assertEventually, shot, quickInput, runFromPalette, chooseColorTheme, expandRow } = ui;

  /** The webview document whose <h1> reads `heading`. */
  function promptFrame(heading) {
    const headingOf = (frame) => frame.evaluate(() => document.querySelector('main#page h1')?.textContent?.replace(/\s+/g, ' ').trim()).catch(() => null);
    return assertEventually(async () => {
      const webviews = session.page.frames().filter((f) => f.url().includes('/webview/'));
      const headings = await Promise.all(webviews.map(headingOf));
      const at = headings.indexOf(heading);
      assert.ok(at >= 0, `pages seen: ${JSON.stringify(headings.filter(Boolean))}`);
      return webviews[at];
    }, `the page "${heading}"`);
  }

  /** Picks the row whose aria-label starts with `label` in the quick pick titled `title` (and showing `placeholder`: two picks may share a title). */
  async function choose(title, label, placeholder) {
    await assertEventually(async () => {
      assert.equal((await quickInput().locator('.quick-input-title').textContent()).trim(), title);
      if (placeholder) assert.equal(await quickInput().locator('.quick-input-box input').getAttribute('placeholder'), placeholder);
    }, `the pick "${title}"`);
    await quickInput().locator(`.quick-input-list .monaco-list-row[aria-label^="${label}"]`).first().click();
  }

  const storedVersions = (name) => {
    const db = new Database(join(session.workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT version, description FROM model_versions WHERE name = ? ORDER BY version').all(name);
    } finally {
      db.close();
    }
  };

  it('opens a chat prompt from the Command Palette: its messages labelled with their roles', async function () {
    await chooseColorTheme(THEMES.light);
    await runFromPalette('MLflow: Open Prompt Version Page');
    await choose('Open Prompt', 'support-agent');
    const latest = versionsOf('support-agent').at(-1);
    const frame = await promptFrame(`support-agent version ${latest.version}`);
    const read = () =>
      frame.evaluate(() =>
        [...document.querySelectorAll('.chat-message')].map((li) => ({
          role: li.querySelector('.chat-role')?.textContent ?? '',
          content: li.querySelector('pre')?.textContent ?? '',
        })),
      );
    await assertEventually(async () => assert.deepEqual(await read(), latest.template), 'the role-labelled messages');
    const marked = await frame.evaluate(() => [...document.querySelectorAll('.chat-message .prompt-var')].map((s) => s.textContent));
    assert.ok(marked.length > 0 && marked.every((m) => /^\{\{.*\}\}$/.test(m)), JSON.stringify(marked));
    await shot('prompt-chat-page');
  });

  it('compares two summarizer versions in the diff editor', async function () {
    await runFromPalette('View: Close All Editor Groups');
    await runFromPalette('MLflow: Compare Prompt Versions');
    await choose('Compare Prompt Versions', 'summarizer');
    await choose('Compare Prompt Versions', 'Version 1', 'The older side of the diff');
    await choose('Compare Prompt Versions', 'Version 2', 'Compare summarizer version 1 with…');
    const page = session.page;
    await page.locator('.tabs-container .tab.active[aria-label^="summarizer: version 1 ↔ version 2"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const side = (which) => page.locator(`.monaco-diff-editor .editor.${which} .view-lines`);
    const [v1, v2] = versionsOf('summarizer');
    const firstLine = (text) => text.split('\n')[0];
    await assertEventually(async () => {
      assert.ok((await side('original').textContent()).replace(/\u00a0/g, ' ').includes(firstLine(v1.template)));
      assert.ok((await side('modified').textContent()).replace(/\u00a0/g, ' ').includes(firstLine(v2.template)));
    }, 'both versions in the diff');
    await shot('prompt-diff');
  });

  it('edits a template in an editor and saves it as a new version with a commit message', async function () {
    await runFromPalette('View: Close All Editor Groups');
    const before = storedVersions('summarizer');
    await runFromPalette('MLflow: Edit Prompt Template (Save as New Version)');
    await choose('Edit Prompt Template', 'summarizer');
    const page = session.page;
    const tab = page.locator('.tabs-container .tab.active[aria-label^="template.txt"]');
    await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const editor = page.locator('.editor-instance .monaco-editor', { has: page.locator('.view-lines') }).last();
    await assertEventually(
      async () => assert.ok((await editor.locator('.view-lines').textContent()).replace(/\u00a0/g, ' ').includes('bullet points')),
      'the latest template in the editor',
    );
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\nAnswer in {{ language }}.');
    await page.keyboard.press('Control+S');
    await assertEventually(
      async () => assert.equal((await quickInput().locator('.quick-input-title').textContent()).trim(), 'Save as a new version of summarizer'),
      'the commit message question',
    );
    await page.keyboard.insertText('Answer in a chosen language');
    await page.keyboard.press('Enter');
    const version = String(before.length + 1);
    await assertEventually(
      async () => assert.deepEqual(storedVersions('summarizer').at(-1), { version: Number(version), description: 'Answer in a chosen language' }),
      'the new version in mlflow.db',
    );
    // The new version's page opens in front of the editor; the editor's tab stays, saved.
    const editorTab = page.locator('.tabs-container .tab[aria-label^="template.txt"]');
    await assertEventually(async () => assert.ok(!(await editorTab.getAttribute('class')).includes('dirty')), 'the editor saved');
    const frame = await promptFrame(`summarizer version ${version}`);
    await assertEventually(async () => {
      const history = await frame.evaluate(() =>
        [...document.querySelectorAll('#prompt-history tbody tr')].map((tr) => [...tr.cells].slice(0, 2).map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
      );
      assert.deepEqual(history[0], [`Version ${version} (this version)`, 'Answer in a chosen language']);
      assert.equal(history.length, before.length + 1);
      const variables = await frame.evaluate(() => [...document.querySelectorAll('.prompt-var')].map((s) => s.textContent));
      assert.ok(variables.includes('{{ language }}'), JSON.stringify(variables));
    }, 'the new version on its page, first in the history');
    await frame.evaluate(() => document.getElementById('history')?.scrollIntoView());
    await shot('prompt-edited');

    // The Prompts view follows the write: summarizer counts the new version and lists it first.
    const pane = promptsPane(page);
    const rows = pane.locator('.customview-tree .monaco-list-row');
    const summarizer = rows.and(page.locator('[aria-level="1"][aria-label^="summarizer,"]'));
    if (!(await pane.isVisible())) await activityBarEntry(page).click();
    await assertEventually(
      async () => assert.match((await summarizer.getAttribute('aria-label', { timeout: 1000 })) ?? '', new RegExp(` ${version} versions`)),
      'summarizer counting the new version in the Prompts view',
    );
    await expandRow(summarizer);
    await assertEventually(
      async () =>
        assert.match(
          (await rows.and(page.locator('[aria-level="2"]')).first().getAttribute('aria-label', { timeout: 1000 })) ?? '',
          new RegExp(`^v${version}, Answer in a chosen language`),
        ),
      'the new version first under summarizer',
    );
    await shot('prompt-edited-tree');
  });
});
