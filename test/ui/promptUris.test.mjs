// UI test of prompts:/ URIs in a Python file in a real VS Code workbench
// (code-server + Chromium): the workspace's mlflow.db is the genai fixture's,
// a hover over prompts:/summarizer@production shows the version @production
// names now, and an unknown alias gets a squiggle, a Problems entry and a
// hover in MLflow's words. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useWorkbench } from './workbenchSession.mjs';

const GENAI = join(ROOT, 'test', 'fixtures', 'mlflow-3.11.2.dev0-genai');
const EXPECTED = JSON.parse(readFileSync(join(GENAI, 'expected.json'), 'utf8'));
const SUMMARIZER = EXPECTED.prompts.find((p) => p.name === 'summarizer');
const PRODUCTION = SUMMARIZER.versions.find((v) => v.version === SUMMARIZER.aliases.production);
const CANARY = EXPECTED.lookups_that_fail['load_prompt("prompts:/summarizer@canary")'].message;

const PROMPTS_PY = [
  'import mlflow',
  '',
  '# Production serves; @canary was never set.',
  'prompt = mlflow.genai.load_prompt("prompts:/summarizer@production")',
  'trial = mlflow.genai.load_prompt("prompts:/summarizer@canary")',
  '',
].join('\n');

describe('prompts:/ URIs in code (code-server + Chromium, genai fixture)', function () {
  const ui = useWorkbench({
    name: 'prompt-uris',
    restingMouse: [1390, 890],
    prepare({ workspace }) {
      copyFileSync(join(GENAI, 'project', 'mlflow.db'), join(workspace, 'mlflow.db'));
      writeFileSync(join(workspace, 'prompts.py'), PROMPTS_PY);
    },
  });
  const { session, assertEventually, shot, quickInput, quickInputBox, setQuickInputText, runFromPalette } = ui;

  it('hovers prompts:/summarizer@production: its version, commit message, template and variables', async function () {
    const page = session.page;
    await page.keyboard.press('Control+P');
    await quickInputBox().waitFor({ state: 'visible' });
    await setQuickInputText('prompts.py');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="prompts.py"]').first().click();
    await page.locator('.monaco-editor .view-line', { hasText: 'prompts:/summarizer@production' }).waitFor({ state: 'visible' });

    const span = page.locator('.monaco-editor .view-line span span', { hasText: 'summarizer@production' }).first();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: `prompt summarizer version ${PRODUCTION.version}` });
    await assertEventually(async () => {
      const box = await span.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // A hover opens only for a mouse that moved onto rendered text, and the registry may still be opening: move again until it shows.
      await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
    }, 'the hover over prompts:/summarizer@production');
    const text = (await hover.first().textContent()).replace(/\s+/g, ' ');
    assert.match(text, /prompts:\/summarizer@production → prompt summarizer version 2/);
    assert.match(text, /text prompt · @production/);
    assert.ok(text.includes(`Commit message: ${PRODUCTION.commit_message}`), text);
    assert.ok(text.includes(`Template: ${PRODUCTION.template.replace(/\s+/g, ' ')}`), text);
    assert.ok(text.includes(`Variables: ${PRODUCTION.variables.join(', ')}`), text);
    assert.match(text, /Open prompt version/);
    await shot('prompt-hover', { keepMouse: true });
  });

  it('warns on prompts:/summarizer@canary: a squiggle, a Problems entry and a hover naming the unknown alias', async function () {
    const page = session.page;
    await page.mouse.move(1390, 890);
    await page.locator('.monaco-editor .view-overlays .squiggly-warning').first().waitFor({ state: 'visible' });
    await runFromPalette('View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: CANARY });
    await problem.waitFor({ state: 'visible' });
    const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.textContent));
    assert.equal(rows.filter((r) => /Prompt|resolves/.test(r)).length, 1, `only @canary is flagged: ${JSON.stringify(rows)}`);

    await page.locator('.monaco-editor .view-line span span', { hasText: 'summarizer@canary' }).first().click();
    await runFromPalette('Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'resolves to nothing' });
    await hover.first().waitFor({ state: 'visible' });
    assert.ok(
      (await hover.first().textContent()).replace(/\s+/g, ' ').includes(`${CANARY} ('summarizer' has @production, @staging, and @latest)`),
      'the hover says what the Problems entry says',
    );
    await shot('prompt-diagnostic', { keepMouse: true });
  });
});
