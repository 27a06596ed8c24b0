// UI tests of the model and version pages (webviews) in a real VS Code
// workbench (code-server) driven through Debian's Chromium by playwright-core.
// Plain ESM run by mocha in plain Node: see scripts/lib/uiSuites.mjs.
//
// A webview is two nested iframes: VS Code's host document and, inside it, the
// page's own document. The page is found among page.frames() by its URL (VS
// Code's webview frames) and its <h1>; its DOM is then read directly. Writes
// are checked in the mlflow.db too. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { EXPECTED } from './fixture.mjs';
import { modelsTree } from './modelsTree.mjs';
import { THEMES, UI_TIMEOUT } from './workbenchDriver.mjs';
import { activityBarEntry, ROOT, useWorkbench } from './workbenchSession.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');
const RUN_V3 = '5bb798385d424ff19b90fbc239162498';
const RUN_V1 = '8d56e747fcfb4164b5c9220751d143a8';
const PIXEL = 'https://127.0.0.1:9/pixel.png?who=opened';

describe('Model and version pages in the VS Code workbench (code-server + Chromium)', function () {
  const ui = useWorkbench({
    name: 'pages',
    restingMouse: [1390, 890],
    // VS Code in a browser saves after a 1 s pause by default; here the save is Ctrl+S.
    settings: { 'files.autoSave': 'off' },
    prepare({ workspace, userDataDir }) {
      // A description as anyone could write it into mlflow.db (written before VS Code starts, so no
      // redraw of the tree races a click); nothing listens at the images' address.
      const db = new Database(join(workspace, 'mlflow.db'));
      db.prepare('UPDATE registered_models SET description = ? WHERE name = ?').run(
        `Tracked ![pixel](${PIXEL}) <img src="https://127.0.0.1:9/huge.png" width="99999" height="99999">`,
        'diabetes-regressor',
      );
      db.close();
      // Serve… starts the mlflow executable found on PATH: a stand-in that stays up like a server.
      const bin = join(userDataDir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'mlflow'), '#!/bin/sh\necho "stand-in mlflow $*"\nexec sleep 120\n', { mode: 0o755 });
      // code-server may replace the host's PATH with a login shell's, so the user setting names it too.
      return { env: { PATH: `${bin}${delimiter}${process.env.PATH}` }, settings: { 'mlflowRegistry.serve.mlflowPath': join(bin, 'mlflow') } };
    },
  });
  const { session, assertEventually, shot, expandRow, quickInput, runFromPalette, chooseColorTheme } = ui;
  const { row: treeRow } = modelsTree(() => session.page, ui);
  let page;
  let workspace;
  /** Every alert/confirm/prompt any frame opened: a description's script would show here. */
  let dialogs;
  before(() => ({ page, workspace, dialogs } = session));

  /** CSP violations reported by the pages' own documents (the workbench's own documents have their own CSP). */
  const allViolations = () =>
    session.consoleMessages
      .filter((m) => /Content Security Policy/.test(m.text) && !/\/static\/out\/vs\/(code|workbench)\/(browser|workbench)/.test(m.url))
      .map((m) => m.text.slice(0, 300));
  let violationsForgotten = 0;
  /** The violations since forgetViolations(). */
  const violations = () => allViolations().slice(violationsForgotten);
  const forgetViolations = () => (violationsForgotten = allViolations().length);

  // ---- helpers -------------------------------------------------------------

  async function showSidebar() {
    const tab = page.locator('#workbench\\.parts\\.activitybar li.action-item', { has: page.locator('a.action-label[aria-label^="MLflow Registry"]') }).first();
    if ((await tab.getAttribute('aria-selected')) !== 'true') await activityBarEntry(page).click();
    await treeRow(1, 'iris-classifier').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }

  /** The content frame of the page whose <h1> reads `heading` (VS Code's webview frames only). */
  async function pageFrame(heading, timeout = UI_TIMEOUT) {
    return assertEventually(
      async () => {
        const seen = [];
        for (const frame of page.frames()) {
          if (!frame.url().includes('/webview/')) continue;
          const h1 = await frame.evaluate(() => document.querySelector('main#page h1')?.textContent?.replace(/\s+/g, ' ').trim()).catch(() => undefined);
          if (h1 === heading) return frame;
          if (h1) seen.push(h1);
        }
        throw new Error(`no webview frame shows "${heading}" (pages seen: ${JSON.stringify(seen)})`);
      },
      `the page "${heading}"`,
      timeout,
    );
  }

  /** Clicks a tree row (which opens its page) and returns the page's frame. */
  async function openFromTree(row, heading, timeout = UI_TIMEOUT) {
    // A click that lands while the tree redraws (counts filling in) opens nothing: click
    // again until the page shows; a second click on an open page only reveals it.
    const deadline = Date.now() + 2 * timeout;
    for (;;) {
      await row.click();
      // Off the tree, so the row's hover does not cover the page.
      await page.mouse.move(900, 820);
      try {
        const frame = await pageFrame(heading, 10_000);
        await page.keyboard.press('Escape');
        return frame;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }
  }

  const tableRows = (frame, selector) =>
    frame.evaluate(
      (sel) => [...document.querySelectorAll(`${sel} tbody tr`)].map((tr) => [...tr.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
      selector,
    );

  async function scrollTo(frame, id) {
    await frame.evaluate((i) => document.getElementById(i)?.scrollIntoView({ block: 'start' }), id);
    // Scrolled when the section starts at the top, or the page can scroll no further.
    await frame.waitForFunction(
      (i) => {
        const top = document.getElementById(i)?.getBoundingClientRect().top;
        const end = document.scrollingElement;
        return top !== undefined && (Math.abs(top) < 2 || end.scrollTop + window.innerHeight >= end.scrollHeight - 1);
      },
      id,
      { timeout: UI_TIMEOUT },
    );
  }

  // ---- tests ---------------------------------------------------------------

  it(`starts in the light theme (${THEMES.light.id})`, async function () {
    await chooseColorTheme(THEMES.light);
    await showSidebar();
  });

  it("opens empty-model's page with a click in the tree, and nothing in its hostile description ran", async function () {
    const frame = await openFromTree(treeRow(1, 'empty-model'), 'empty-model');
    // Anything in the description that could run has had its chance once the document
    // and its images (an onerror handler fires when one fails) are done loading.
    await frame.waitForFunction(() => document.readyState === 'complete' && [...document.images].every((i) => i.complete), null, { timeout: UI_TIMEOUT });
    const dom = await frame.evaluate(() => {
      const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      const all = [...document.querySelectorAll('*')];
      return {
        title: document.title,
        csp: csp?.getAttribute('content') ?? '',
        cspBeforeBody: csp ? csp.compareDocumentPosition(document.body) === Node.DOCUMENT_POSITION_FOLLOWING : false,
        scripts: [...document.scripts].map((s) => ({
          nonce: s.nonce,
          src: s.src,
          text: s.textContent ?? '',
          afterCsp: csp ? (csp.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 : false,
        })),
        handlerAttributes: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${e.tagName.toLowerCase()} ${a.name}>`)),
        scriptUrls: all.flatMap((e) =>
          [...e.attributes]
            .filter((a) => /^\s*(javascript|vbscript|data:text)/i.test(a.value))
            .map((a) => `<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`),
        ),
        styleAttributes: [...document.querySelectorAll('main [style]')].length,
        dangerous: [
          ...document.querySelectorAll(
            'main script, main style, main iframe, main object, main embed, main form, main svg, main img, main link, main meta, main base',
          ),
        ].map((e) => e.tagName),
        description: document.querySelector('.markdown')?.innerHTML ?? '',
        descriptionText: document.querySelector('.markdown')?.textContent ?? '',
        links: [...document.querySelectorAll('.markdown a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href') })),
        bodyClass: document.body.className,
        tags: [...document.querySelectorAll('#tags ~ table tbody tr, section[aria-labelledby="tags"] tbody tr')].map(
          (tr) => tr.cells[0]?.textContent + '=' + tr.cells[1]?.textContent,
        ),
      };
    });

    assert.deepEqual(dialogs, [], 'no alert/confirm/prompt was opened');
    assert.match(dom.title, /^empty-model · [^ ]+\/mlflow\.db$/, 'the tab names the model and its registry');
    // CSP: nothing by default, scripts only with this render's nonce.
    assert.match(dom.csp, /^default-src 'none';/);
    assert.doesNotMatch(dom.csp, /unsafe-inline|unsafe-eval/);
    const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(dom.csp)?.[1];
    assert.ok(nonce, `a script nonce in the CSP: ${dom.csp}`);
    // Every script after the CSP is ours, with the nonce; VS Code's own bootstrap (acquireVsCodeApi) comes before it.
    const ours = dom.scripts.filter((s) => s.afterCsp);
    assert.deepEqual(
      ours.map((s) => [s.nonce, /\/media\/pages\/page\.js$/.test(s.src)]),
      [[nonce, true]],
      JSON.stringify(dom.scripts),
    );
    for (const s of dom.scripts.filter((x) => !x.afterCsp)) assert.match(s.text, /acquireVsCodeApi/, "the only other script is VS Code's webview bootstrap");
    assert.equal(dom.scripts.filter((s) => !s.nonce && s.src).length, 0, 'no external script without the nonce');
    // No injected element or attribute.
    assert.deepEqual(dom.handlerAttributes, [], 'no on* attribute anywhere');
    assert.deepEqual(dom.scriptUrls, [], 'no javascript:/data:text URL anywhere');
    assert.equal(dom.styleAttributes, 0, 'no style attribute in the page');
    assert.deepEqual(dom.dangerous, [], 'no script, style, frame, object, svg or image in the page');
    assert.doesNotMatch(dom.description, /alert|xss|<img|<script/i);
    // What is harmless stays: bold, unicode, the link's text without its target.
    assert.match(dom.description, /<b>bold<\/b>/);
    assert.match(dom.descriptionText, /Ünïcødé ✓ 模型 🚀/);
    assert.deepEqual(dom.links, [{ text: 'click me', href: null }]);
    assert.equal(dom.bodyClass.split(/\s+/).includes(THEMES.light.body), true);
    assert.deepEqual(violations(), [], 'the sanitized page never even tried what the CSP forbids');

    // And the CSP holds: an inline script added now does not run.
    const ran = await frame.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      s.remove();
      return window.__injected === true;
    });
    assert.equal(ran, false, 'an inline script without the nonce is blocked');
    forgetViolations();
    await shot('pages-01-empty-model-light');
  });

  it('holds back a remote image (a tracking pixel) until "Load remote images" is clicked', async function () {
    let frame = await openFromTree(treeRow(1, 'diabetes-regressor'), 'diabetes-regressor');
    const state = (f) =>
      f.evaluate(() => ({
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
        bar: document.querySelector('.remote-images')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        images: [...document.querySelectorAll('.markdown img')].map((i) => ({
          src: i.getAttribute('src'),
          remote: i.getAttribute('data-remote-src'),
          width: i.getAttribute('width'),
          shown: Math.round(i.getBoundingClientRect().width),
        })),
        pageWidth: document.documentElement.clientWidth,
      }));
    const held = await assertEventually(async () => {
      const s = await state(frame);
      assert.match(s.bar, /2 remote images are not shown/);
      return s;
    }, 'the page offers to load remote images');
    assert.deepEqual(
      held.images.map((i) => [i.src, i.remote, i.width]),
      [
        [null, PIXEL, null],
        [null, 'https://127.0.0.1:9/huge.png', null],
      ],
    );
    assert.doesNotMatch(
      held.csp.split(';').find((d) => d.trim().startsWith('img-src')),
      /https:(\s|$)/,
      'no https in img-src before the click',
    );
    await shot('pages-02b-remote-images-held');

    await frame.locator('button[data-load-remote-images]').click();
    const loaded = await assertEventually(async () => {
      frame = await pageFrame('diabetes-regressor');
      const s = await state(frame);
      assert.equal(s.images[0]?.src, PIXEL);
      return s;
    }, 'the images get their addresses after the click');
    assert.equal(loaded.bar, '', 'the bar is gone');
    assert.match(loaded.csp, /img-src [^;]* https:(;|\s|$)/, 'this render lets https images in');
    assert.match(loaded.csp, /script-src 'nonce-/);
    for (const i of loaded.images) assert.ok(i.shown <= loaded.pageWidth, `an image is at most as wide as the page (${i.shown} > ${loaded.pageWidth})`);
    assert.deepEqual(violations(), []);
    await shot('pages-02c-remote-images-loaded');
  });

  it("sorts iris-classifier's versions table and opens a version from it with the keyboard", async function () {
    const frame = await openFromTree(treeRow(1, 'iris-classifier'), 'iris-classifier');
    const versionColumn = async () => (await tableRows(frame, '#versions')).map((r) => r[0]);
    assert.deepEqual(await versionColumn(), ['Version 5', 'Version 3', 'Version 2', 'Version 1'], 'newest first');
    const headers = await frame.evaluate(() =>
      [...document.querySelectorAll('#versions thead th')].map((th) => [th.getAttribute('scope'), th.textContent.trim(), th.getAttribute('aria-sort')]),
    );
    assert.deepEqual(
      headers.map((h) => h[1]),
      ['Version', 'Stage', 'Aliases', 'Created', 'Run', 'Status', 'Description', 'Actions'],
    );
    assert.ok(headers.every((h) => h[0] === 'col'));

    // Sorting by a header button: Stage ascending puts Production first.
    await frame.locator('#versions thead button[data-sort="stage"]').click();
    await assertEventually(async () => assert.deepEqual(await versionColumn(), ['Version 3', 'Version 2', 'Version 5', 'Version 1']), 'sorted by stage');
    assert.equal(await frame.locator('#versions th[data-sort-key="stage"]').getAttribute('aria-sort'), 'ascending');
    await frame.locator('#versions thead button[data-sort="version"]').click();
    await assertEventually(
      async () => assert.deepEqual(await versionColumn(), ['Version 1', 'Version 2', 'Version 3', 'Version 5']),
      'sorted by version, ascending',
    );
    await shot('pages-02-iris-model-light');

    // A row's own actions run the registry command on that version (here: cancelled at its first prompt).
    await frame.locator('#versions tbody tr', { hasText: 'Version 5' }).locator('button[data-action="transitionStage"]').click();
    await assertEventually(
      async () => assert.equal((await quickInput().locator('.quick-input-title').textContent()).trim(), 'Transition iris-classifier version 5 (now None)'),
      'the stage picker for version 5',
    );
    await page.keyboard.press('Escape');
    await quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    // Keyboard only: focus the "Version 2" button in the table, press Enter.
    await frame.locator('#versions tbody button', { hasText: 'Version 2' }).focus();
    await page.keyboard.press('Enter');
    await pageFrame('iris-classifier version 2');
  });

  it('shows iris-classifier version 3: rendered table and code, lineage, params, metrics, signature and URIs', async function () {
    await expandRow(treeRow(1, 'iris-classifier'));
    const frame = await openFromTree(treeRow(3, 'Version 3'), 'iris-classifier version 3');
    const run = EXPECTED.runs[RUN_V3];

    // The description: a GFM table and a fenced code block, rendered.
    assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll('.markdown table thead th')].map((th) => th.textContent)), ['metric', 'value']);
    assert.deepEqual(await tableRows(frame, '.markdown table'), [
      ['accuracy', '1.0000'],
      ['f1_macro', '1.0000'],
    ]);
    const code = await frame.evaluate(() => ({
      cls: document.querySelector('.markdown pre code')?.className,
      text: document.querySelector('.markdown pre code')?.textContent,
    }));
    assert.deepEqual(code, { cls: 'language-bash', text: 'mlflow models serve -m "models:/iris-classifier/3" -p 5001\n' });

    // Lineage: experiment, run, and both versions registered from the run (read after the page's first paint).
    await frame.locator('section[aria-labelledby="lineage"] table.kv').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    const facts = Object.fromEntries((await tableRows(frame, 'section[aria-labelledby="lineage"] table.kv:first-of-type')).map(([k, v]) => [k, v]));
    assert.match(facts.Experiment, new RegExp(`^${run.experiment_name} id ${run.experiment_id}`));
    assert.match(facts.Run, new RegExp(`^${run.run_name} ${RUN_V3}`));
    assert.equal(facts.Status, run.status);
    assert.equal(facts.User, run.tags['mlflow.user']);
    assert.equal(facts.Source, 'train.py (local)');
    const graph = await frame.evaluate(() =>
      [...document.querySelectorAll('svg.lineage .node')].map((g) => [g.getAttribute('class'), g.querySelector('.node-title')?.textContent]),
    );
    assert.deepEqual(graph, [
      ['node experiment', run.experiment_name],
      ['node run', run.run_name],
      ['node version', 'churn-model v1'],
      ['node version current', 'iris-classifier v3'],
    ]);

    // Params and the latest metrics, as MLflow reports them.
    assert.deepEqual(Object.fromEntries(await tableRows(frame, '#params')), run.params);
    const metrics = await frame.evaluate(() =>
      [...document.querySelectorAll('#metrics tbody tr')].map((tr) => [tr.cells[0].textContent, Number(tr.cells[1].dataset.value)]),
    );
    assert.deepEqual(Object.fromEntries(metrics), run.metrics);

    // The MLmodel's signature, as input and output tables, and the input example.
    assert.deepEqual(await tableRows(frame, '#signature-inputs'), [
      ['sepal length (cm)', 'double', 'yes'],
      ['sepal width (cm)', 'double', 'yes'],
      ['petal length (cm)', 'double', 'yes'],
      ['petal width (cm)', 'double', 'yes'],
    ]);
    assert.deepEqual(await tableRows(frame, '#signature-outputs'), [['(unnamed)', 'tensor int64 [-1]', '']]);
    assert.deepEqual((await tableRows(frame, '#input-example'))[0], ['4.6', '3.6', '1', '0.2']);
    assert.deepEqual(
      (await tableRows(frame, '#flavors')).map((r) => r[0]),
      ['python_function', 'sklearn'],
    );

    // models:/ URIs: by version, by alias, by stage.
    assert.deepEqual(
      (await tableRows(frame, '#uris')).map((r) => r[0]),
      ['models:/iris-classifier/3', 'models:/iris-classifier@champion', 'models:/iris-classifier/Production'],
    );
    assert.deepEqual(dialogs, []);
    await shot('pages-03-iris-v3-light');

    // Buttons post typed messages the extension acts on: Copy answers "copied"…
    const copy = frame.locator('#uris tbody tr', { hasText: 'models:/iris-classifier@champion' }).locator('button[data-copy]');
    await copy.click();
    await assertEventually(async () => assert.equal(await copy.textContent(), 'Copied'), 'the Copy button confirms');
    // …and Serve… runs the Serve Model command: a terminal named after the URI.
    await frame.locator('.toolbar button[data-action="serve"]').click();
    await page.locator('[aria-label*="MLflow: serve models:/iris-classifier/3"]').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    await runFromPalette('View: Hide Panel');
    await runFromPalette('Notifications: Clear All Notifications');
    await scrollTo(frame, 'lineage');
    await shot('pages-04-iris-v3-lineage-light');
    await scrollTo(frame, 'mlmodel');
    await shot('pages-05-iris-v3-model-light');
  });

  it('charts the train_loss history of iris-classifier version 1 in the dark theme, with hover titles and a table the keyboard opens', async function () {
    await chooseColorTheme(THEMES.dark);
    await showSidebar();
    await expandRow(treeRow(1, 'iris-classifier'));
    // Version 1 is archived: its stage group starts collapsed.
    await expandRow(treeRow(2, 'Archived'));
    const frame = await openFromTree(treeRow(3, 'Version 1'), 'iris-classifier version 1');
    // The charts arrive after the page's first content.
    await frame.locator('figure.metric-chart[data-metric="train_loss"] svg.chart').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const db = new Database(join(workspace, 'mlflow.db'), { readonly: true });
    const history = db.prepare('SELECT step, value FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step').all(RUN_V1, 'train_loss');
    db.close();
    assert.equal(history.length, EXPECTED.runs[RUN_V1].metrics_latest_detail.train_loss.history_length);
    const chart = await frame.evaluate(() => {
      const figure = document.querySelector('figure.metric-chart[data-metric="train_loss"]');
      const line = figure.querySelector('polyline.line');
      return {
        charts: [...document.querySelectorAll('section[aria-labelledby="metric-history"] figure.metric-chart')].map((f) => f.dataset.metric),
        points: [...figure.querySelectorAll('circle.point title')].map((t) => t.textContent),
        legend: figure.querySelector('.chart-legend')?.textContent,
        stroke: line ? window.getComputedStyle(line).stroke : '',
        blue: window.getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-blue').trim(),
        summary: figure.querySelector('details.chart-table summary')?.textContent,
      };
    });
    assert.deepEqual(chart.charts, ['train_loss']);
    assert.deepEqual(
      chart.points,
      history.map((h) => `version 1, step ${h.step}: ${Number(h.value.toPrecision(6))}`),
    );
    assert.equal(chart.legend, 'version 1');
    assert.equal(chart.summary, 'Values of train_loss by step');
    // The line takes the theme's chart colour (a hex variable, computed as rgb).
    const hex = chart.blue.replace('#', '');
    assert.equal(chart.stroke, `rgb(${[0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`);
    // The table fallback: reached and opened from the keyboard.
    await frame.locator('figure.metric-chart[data-metric="train_loss"] details.chart-table summary').focus();
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.querySelector('figure.metric-chart details.chart-table')?.open === true, null, { timeout: UI_TIMEOUT });
    assert.deepEqual(
      await tableRows(frame, 'figure.metric-chart[data-metric="train_loss"] details.chart-table table'),
      history.map((h) => [String(h.step), String(Number(h.value.toPrecision(6)))]),
    );
    await scrollTo(frame, 'metric-history');
    await shot('pages-06-iris-v1-metric-history-dark');
    assert.deepEqual(violations(), []);
    await chooseColorTheme(THEMES.light);
  });

  it('edits a description in a real editor: saving writes the registry and the page follows', async function () {
    const before = EXPECTED.registered_models.find((m) => m.name === 'churn-model').description;
    await openFromTree(treeRow(1, 'churn-model'), 'churn-model');
    await runFromPalette('MLflow: Edit Description in Editor');
    await assertEventually(
      async () => assert.equal((await quickInput().locator('.quick-input-title').textContent()).trim(), 'Edit Description in Editor'),
      'the model picker',
    );
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="churn-model"]').click();
    await quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    // The virtual document, in a real (Markdown) editor beside the page.
    const tab = page.locator('.tabs-container .tab.active[aria-label^="description.md"]');
    await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const editor = page.locator('.editor-instance .monaco-editor', { has: page.locator('.view-lines') }).last();
    await assertEventually(
      async () => assert.match((await editor.locator('.view-lines').textContent()).replace(/\u00a0/g, ' '), /Draft model, will be \*\*renamed\*\*\./),
      'the description in the editor',
    );
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    const added = '\n\nEdited in **VS Code**, saved with Ctrl+S.';
    await page.keyboard.insertText(added);
    // code-server may auto-save before a dirty mark can be seen; Ctrl+S saves what is left.
    await page.keyboard.press('Control+S');
    await assertEventually(async () => assert.ok(!(await tab.getAttribute('class')).includes('dirty')), 'saved');

    // In the registry, as MLflow reads it.
    await assertEventually(async () => {
      const db = new Database(join(workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
      try {
        assert.equal(db.prepare("SELECT description FROM registered_models WHERE name = 'churn-model'").get().description, before + added);
      } finally {
        db.close();
      }
    }, 'the description written to mlflow.db');
    // And on the page, which was open beside the editor all along.
    const frame = await pageFrame('churn-model');
    await assertEventually(
      async () =>
        assert.match(
          await frame.evaluate(() => document.querySelector('.markdown')?.innerHTML ?? ''),
          /Edited in <strong>VS Code<\/strong>, saved with Ctrl\+S\./,
        ),
      'the page shows the new description',
    );
    const notifications = await page.locator('.notifications-toasts .notification-toast').allTextContents();
    assert.ok(!notifications.some((n) => /error|failed/i.test(n)), JSON.stringify(notifications));
    await shot('pages-06-edit-description-light');
    await runFromPalette('View: Close All Editor Groups');
  });

  for (const [key, theme] of [
    ['dark', THEMES.dark],
    ['high-contrast', THEMES.highContrast],
  ]) {
    it(`renders both pages in the ${key} theme (${theme.id})`, async function () {
      await chooseColorTheme(theme);
      await showSidebar();
      const empty = await openFromTree(treeRow(1, 'empty-model'), 'empty-model');
      await assertEventually(
        async () => assert.ok((await empty.evaluate(() => document.body.className)).split(/\s+/).includes(theme.body)),
        `the page in ${theme.id}`,
      );
      await shot(`pages-07-empty-model-${key}`);
      await expandRow(treeRow(1, 'iris-classifier'));
      const v3 = await openFromTree(treeRow(3, 'Version 3'), 'iris-classifier version 3');
      // A page keeps its scroll position; these shots start at the top.
      await v3.evaluate(() => window.scrollTo(0, 0));
      await shot(`pages-08-iris-v3-${key}`);
      await scrollTo(v3, 'lineage');
      await shot(`pages-09-iris-v3-lineage-${key}`);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(violations(), []);
    });
  }

  it('lists a model of 250 versions 100 at a time with its true count, and "Show 100 more" adds the next ones', async function () {
    // Another process registers them, in the shape MLflow writes; live refresh shows the model.
    const db = new Database(join(workspace, 'mlflow.db'), { fileMustExist: true });
    try {
      const now = Date.now();
      db.transaction(() => {
        db.prepare('INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES (?, ?, ?, ?)').run(
          'many-versions',
          now,
          now,
          'Retrained hourly.',
        );
        const insert = db.prepare(
          'INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status, status_message, run_link, storage_location) ' +
            "VALUES ('many-versions', ?, ?, ?, ?, NULL, 'None', ?, ?, 'READY', NULL, '', ?)",
        );
        for (let v = 1; v <= 250; v++) insert.run(v, now + v, now + v, `Batch **${v}**.`, `/tmp/many/${v}/model`, RUN_V3, `/tmp/many/${v}/model`);
      })();
    } finally {
      db.close();
    }
    await showSidebar();
    const frame = await openFromTree(treeRow(1, 'many-versions'), 'many-versions');
    const state = () =>
      frame.evaluate(() => ({
        meta: document.querySelector('.page-header .meta')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        rows: document.querySelectorAll('#versions tbody tr').length,
        first: document.querySelector('#versions tbody tr')?.getAttribute('data-open-version'),
        more: document.querySelector('[data-show-more]')?.textContent?.trim() ?? null,
        note: document.querySelector('p.more .muted')?.textContent?.trim() ?? null,
      }));
    await assertEventually(async () => assert.equal((await state()).rows, 100), 'the newest 100 versions listed');
    let s = await state();
    assert.match(s.meta, /250 versions/);
    assert.equal(s.first, '250');
    assert.equal(s.note, 'Showing the newest 100 of 250 versions.');
    assert.equal(s.more, 'Show 100 more');
    await frame.locator('[data-show-more]').click();
    await assertEventually(async () => assert.equal((await state()).rows, 200), '200 versions listed after Show more');
    s = await state();
    assert.equal(s.note, 'Showing the newest 200 of 250 versions.');
    assert.equal(s.more, 'Show 50 more');
    await scrollTo(frame, 'aliases');
    await shot('pages-11-many-versions-show-more');
    await frame.locator('[data-show-more]').click();
    await assertEventually(async () => assert.equal((await state()).rows, 250), 'every version listed');
    assert.equal((await state()).more, null, 'no Show more once all are listed');
    // The reload test below restores the pages this suite opened before; this one is closed again.
    await runFromPalette('View: Close Editor');
    await page.locator('.tabs-container .tab', { hasText: 'many-versions' }).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  });

  it('brings the pages back after the window reloads (their serializer restores them)', async function () {
    // A tab's label names its editor group only while there are several: compare the titles.
    const tabTitles = () =>
      page.locator('.tabs-container .tab').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label').replace(/, Editor Group \d+$/, '')));
    const tabsBefore = await tabTitles();
    await page.reload({ timeout: 90_000 }); // as long as the first load may take
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    // Every page comes back as a tab; which one the workbench activates first is its own
    // choice, so activate the version page's tab before reading it.
    // Every page open before comes back; the workbench may also bring back one closed just
    // before the reload, as it saves its layout on its own schedule.
    const missing = async () => {
      const now = await tabTitles();
      return tabsBefore.filter((t) => !now.includes(t));
    };
    await assertEventually(async () => assert.deepEqual(await missing(), []), 'the tabs restored', 90_000);
    await page.locator('.tabs-container .tab', { hasText: 'iris-classifier v3' }).first().click();
    // It says "Opening the MLflow registry…" until the registry is open, then fills in.
    // (The workbench may still replace the webview's frame meanwhile: look it up each time.)
    await assertEventually(
      async () =>
        assert.equal(await (await pageFrame('iris-classifier version 3', 5_000)).evaluate(() => document.querySelectorAll('#params tbody tr').length), 4),
      'the restored page filled in',
      90_000,
    );
    assert.deepEqual(await missing(), []);
    await shot('pages-10-after-reload');
  });
});
