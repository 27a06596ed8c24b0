// UI test: connecting to a remote MLflow server through the workbench, as a
// user does it. A real HTTP server on 127.0.0.1 answers like MLflow (the
// stateful test server over a private copy of the fixture, compiled by tsc to
// out/test/rest/statefulServer.js) behind basic auth, as
// `mlflow server --app-name basic-auth` does. Everything in the workbench is
// done with the keyboard and mouse (F1, typing, clicks, the context menu) and
// read back from the DOM; the write is checked in the server's own database.
// Screenshots go to test-results/screenshots/remote-*.png.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startCodeServer } from '../../scripts/lib/codeServer.mjs';
import { FIXTURE_PROJECT, prepareWorkspace } from '../../scripts/lib/vscodeSuites.mjs';
import { openWorkbench } from '../../scripts/lib/workbench.mjs';
import { UI_TIMEOUT, workbenchDriver } from './workbenchDriver.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');
const { StatefulServer } = require(join(ROOT, 'out', 'test', 'rest', 'statefulServer.js'));

const USER = 'alice';
const SECRET = 'pa55-Sekret-4f9c1e';
const WRONG = 'not-the-Password-77ab';
/** Only on the server, so the tree shows whose models it lists. */
const SERVER_ONLY = 'served-fraud-detector';
const LOCAL_MODELS = ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier'];
const SERVER_MODELS = [...LOCAL_MODELS, SERVER_ONLY].sort();
const CONNECT = 'MLflow: Connect to an MLflow Server';

describe('Connecting to a remote MLflow server in the VS Code workbench (code-server + Chromium)', function () {
  let mlflow;
  let mlflowDir;
  let url;
  let server;
  let workbench;
  let page;
  let workspace;
  let userDataDir;

  // ---- helpers -------------------------------------------------------------

  async function shot(name) {
    mkdirSync(SHOTS, { recursive: true });
    await page.mouse.move(900, 800);
    await settle();
    await page.screenshot({ path: join(SHOTS, `remote-${name}.png`) });
  }

  async function settle() {
    await page
      .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), null, {
        timeout: 3_000,
      })
      .catch(() => {});
  }

  const { assertEventually, expandRow, openContextMenu, clickMenuItem, quickInput, quickInputTitle, quickPickOptions } = workbenchDriver(() => page);

  const modelsTree = () => page.locator('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row');

  async function treeRows() {
    const rows = await modelsTree().evaluateAll((els) =>
      els.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        ariaLabel: e.getAttribute('aria-label') ?? '',
        level: Number(e.getAttribute('aria-level')),
        expanded: e.getAttribute('aria-expanded'),
        // The visible label (a row's aria-label is its tooltip when it has one).
        text: e.querySelector('.label-name')?.textContent ?? '',
      })),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  const modelName = (row) => row.ariaLabel.split(',')[0];
  const topLevel = (rows) => rows.filter((r) => r.level === 1).map(modelName);

  /** { group: [version numbers] } under one model, in display order. */
  function stagesOf(rows, model) {
    const start = rows.findIndex((r) => r.level === 1 && modelName(r) === model);
    assert.notEqual(start, -1, `no row for ${model}`);
    const groups = {};
    let current;
    for (const r of rows.slice(start + 1)) {
      if (r.level <= 1) break;
      if (r.level === 2) groups[(current = r.ariaLabel.split(' ')[0])] = [];
      else if (r.level === 3) groups[current].push(Number(/^Version (\d+)\b/.exec(r.ariaLabel)[1]));
    }
    for (const g of Object.values(groups)) g.sort((a, b) => a - b);
    return groups;
  }

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

  const row = (level, labelStart) => modelsTree().and(page.locator(`[aria-level="${level}"][aria-label^="${labelStart}"]`));

  const activityBarEntry = () => page.locator('#workbench\\.parts\\.activitybar a.action-label[aria-label^="MLflow Registry"]');
  const quickInputBox = () => quickInput().locator('.quick-input-box input');

  async function waitForQuickInputTitle(title) {
    await assertEventually(async () => assert.equal(await quickInputTitle(), title), `Quick Input titled "${title}"`);
  }

  async function quickInputClosed() {
    await quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  async function runFromPalette(title) {
    await quickInputClosed();
    await page.keyboard.press('F1');
    await quickInputBox().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await assertEventually(async () => assert.match(await quickInputBox().inputValue(), /^>/), 'palette opened with ">"');
    await page.keyboard.type(title);
    await quickInput().locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first().click({ timeout: UI_TIMEOUT });
  }

  /** Types into the open Input Box titled `title` (empty when it opens) and presses Enter. */
  async function answerInputBox(title, text, { password = false } = {}) {
    await waitForQuickInputTitle(title);
    const box = quickInputBox();
    assert.equal(await box.getAttribute('type'), password ? 'password' : 'text', `the input box for "${title}" ${password ? 'hides' : 'shows'} what is typed`);
    await assertEventually(async () => assert.equal(await box.inputValue(), ''), 'an empty input box');
    await page.keyboard.type(text);
    await assertEventually(async () => assert.equal(await box.inputValue(), text), 'the typed text in the input box');
  }

  /** The text of the MLflow item in the status bar (codicons are <span>s without text). */
  const statusItem = () => page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'MLflow:' });
  /** Reads the item as it is now (callers that expect a change poll this). */
  async function statusText() {
    const texts = await statusItem().evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
    if (texts.length === 0) throw new Error('no MLflow item in the status bar');
    return texts[0];
  }

  async function notifications() {
    return page.locator('.notifications-toasts .notification-toast').evaluateAll((els) =>
      els.map((e) => {
        const icon = [...(e.querySelector('.notification-list-item-icon')?.classList ?? [])].join(' ');
        const severity = ['error', 'warning', 'info'].find((s) => icon.includes(s)) ?? 'unknown';
        return `${severity}: ${e.querySelector('.notification-list-item-message')?.textContent ?? ''}`;
      }),
    );
  }

  /** Closes every toast, so the next step's messages stand alone (and screenshots show the tree). */
  async function clearNotifications() {
    const toasts = page.locator('.notifications-toasts .notification-toast');
    await assertEventually(async () => {
      const shown = await toasts.count();
      if (shown === 0) return;
      // A toast may close by itself meanwhile; the next round counts again.
      await toasts
        .first()
        .hover({ timeout: 5_000 })
        .catch(() => {});
      await toasts
        .first()
        .locator('.codicon-notifications-clear')
        .click({ timeout: 5_000 })
        .catch(() => {});
      throw new Error(`${shown} notification(s) still shown`);
    }, 'notifications closed');
  }

  /** The palette flow: URL, "Username and password", username, password. */
  async function connectThroughUi(password, { checkValidation = false } = {}) {
    await runFromPalette(CONNECT);
    if (checkValidation) {
      // A host without a scheme is refused right in the box, before anything is sent.
      await answerInputBox('Connect to an MLflow Server', 'localhost:5000');
      const message = quickInput().locator('.quick-input-message');
      await assertEventually(
        async () =>
          assert.equal((await message.textContent()).trim(), 'Start with http:// or https://, e.g. http://localhost:5000 or https://mlflow.example.com'),
        'the validation message',
      );
      await shot('01-url-validation');
      await page.keyboard.press('Enter');
      await waitForQuickInputTitle('Connect to an MLflow Server');
      await quickInputBox().fill('');
    }
    await answerInputBox('Connect to an MLflow Server', url);
    if (password === SECRET) await shot('02-url');
    await page.keyboard.press('Enter');

    await waitForQuickInputTitle(`Sign in to ${url}`);
    const options = await quickPickOptions();
    assert.deepEqual(
      options.map((o) => o.split(',')[0]),
      ['No authentication', 'Username and password', 'Token'],
    );
    if (password === SECRET) await shot('03-auth-kind');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="Username and password"]').click();

    await answerInputBox(`Sign in to ${url}`, USER);
    await page.keyboard.press('Enter');
    await answerInputBox(`Sign in to ${url} as ${USER}`, password, { password: true });
    if (password === SECRET) await shot('04-password');
    await page.keyboard.press('Enter');
    await quickInputClosed();
  }

  const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  // ---- setup ---------------------------------------------------------------

  before(async function () {
    // Starting code-server and a workbench takes minutes on a loaded machine.
    this.timeout(360_000);
    mlflowDir = mkdtempSync(join(tmpdir(), 'mlflow-ui-remote-'));
    const db = join(mlflowDir, 'mlflow.db');
    copyFileSync(join(FIXTURE_PROJECT, 'mlflow.db'), db);
    const expected = basic(USER, SECRET);
    mlflow = await StatefulServer.start({
      db,
      intercept: (x) => {
        // As MLflow's basic-auth app: only /health is open; the rest wants the password, in plain text.
        if (x.path === '/health' || x.headers.authorization === expected) return false;
        x.send({
          status: 401,
          contentType: 'text/plain; charset=utf-8',
          body: 'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.',
          headers: { 'WWW-Authenticate': 'Basic realm="mlflow"' },
        });
        return true;
      },
    });
    url = mlflow.url.replace(/\/$/, '');
    await mlflow.registry.createRegisteredModel({ name: SERVER_ONLY, description: 'Only on the MLflow server' });

    userDataDir = mkdtempSync(join(tmpdir(), 'mlflow-vscode-ui-remote-user-'));
    workspace = prepareWorkspace();
    server = await startCodeServer({
      userDataDir,
      extensionsDir: join(userDataDir, 'extensions'),
      // No MLflow client settings from the host: the user connects by hand.
      env: {
        MLFLOW_TRACKING_URI: '',
        MLFLOW_REGISTRY_URI: '',
        MLFLOW_TRACKING_USERNAME: '',
        MLFLOW_TRACKING_PASSWORD: '',
        MLFLOW_TRACKING_TOKEN: '',
      },
    });
    workbench = await openWorkbench({ server, workspaceFolder: workspace, extensionPath: ROOT, timeoutMs: 90_000 });
    page = workbench.page;
    page.setDefaultTimeout(UI_TIMEOUT);
    await assertEventually(
      async () => assert.ok((await page.locator('.monaco-workbench').getAttribute('class')).split(/\s+/).some((c) => c.startsWith('vscode-theme-'))),
      'a loaded color theme',
      90_000,
    );
    await activityBarEntry().waitFor({ state: 'visible', timeout: 90_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const name = `failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      await shot(name).catch(() => {});
      console.log(`    screenshot: ${join(SHOTS, `remote-${name}.png`)}`);
      console.log(`    notifications: ${JSON.stringify(await notifications().catch(() => []))}`);
      console.log(`    status bar: ${await statusText().catch((e) => e.message)}`);
      if (server) console.log(`    code-server log: ${server.logPath}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await workbench?.close().catch((e) => console.error(`closing the browser: ${e.message}`));
    await server?.stop().catch((e) => console.error(`stopping code-server: ${e.message}`));
    await mlflow?.close().catch(() => {});
    for (const dir of [userDataDir, workspace && dirname(workspace), mlflowDir]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  // ---- tests ---------------------------------------------------------------

  it("starts on the workspace's mlflow.db", async function () {
    await activityBarEntry().click();
    // The first listing of a cold workbench gets the same deadline as the workbench itself.
    await waitForTree((r) => assert.deepEqual(topLevel(r), LOCAL_MODELS), 'the local models', 90_000);
    await assertEventually(async () => assert.equal(await statusText(), 'MLflow: mlflow.db'), 'the status bar names the local file');
  });

  it('refuses a wrong password with a message that says so, and keeps the local registry open', async function () {
    await connectThroughUi(WRONG, { checkValidation: true });
    const error = await assertEventually(async () => {
      const e = (await notifications()).find((n) => n.startsWith('error:'));
      assert.ok(e, 'an error notification');
      return e;
    }, 'the refusal shown');
    assert.match(error, new RegExp(`^error: The MLflow server at ${url.replace(/[.]/g, '\\.')} rejected the credentials \\(401\\)`));
    assert.ok(!error.includes(WRONG), 'the message does not repeat the password');
    // It offers to try again, and talks about what the user did, not about environment variables.
    assert.doesNotMatch(error, /MLFLOW_TRACKING_/);
    const actions = await page.locator('.notifications-toasts .notification-toast .monaco-button').allInnerTexts();
    assert.ok(actions.includes('Try Again'), `actions: ${JSON.stringify(actions)}`);
    await shot('01-wrong-password');
    assert.equal(await statusText(), 'MLflow: mlflow.db', 'the open registry did not change');
    await waitForTree((r) => assert.deepEqual(topLevel(r), LOCAL_MODELS), 'still the local models');

    // "Try Again" asks for the password only: the URL and the username are kept.
    await page.locator('.notifications-toasts .notification-toast .monaco-button', { hasText: 'Try Again' }).click();
    await answerInputBox(`Sign in to ${url} as ${USER}`, 'x', { password: true });
    await page.keyboard.press('Escape');
    await quickInputClosed();
    assert.equal(await statusText(), 'MLflow: mlflow.db', 'cancelled: nothing changed');
    await clearNotifications();
  });

  it('connects with URL, "Username and password", username and password; the tree lists the server\'s models and the status bar names the server', async function () {
    const before = mlflow.requests.length;
    await connectThroughUi(SECRET);

    const rows = await waitForTree((r) => {
      assert.deepEqual(topLevel(r), SERVER_MODELS);
      assert.ok(
        r.every((x) => /, \d+ versions?\b/.test(x.ariaLabel)),
        'every model shows its version count',
      );
    }, "the server's models");
    assert.equal(rows.find((r) => modelName(r) === SERVER_ONLY).ariaLabel, `${SERVER_ONLY}, 0 versions`);
    assert.equal(rows.find((r) => modelName(r) === 'iris-classifier').ariaLabel, 'iris-classifier, 4 versions · @baseline @challenger @champion');
    await assertEventually(async () => assert.equal(await statusText(), `MLflow: ${url}`), 'the status bar names the server');
    const info = await assertEventually(async () => {
      const n = (await notifications()).find((x) => x.startsWith('info: Connected'));
      assert.ok(n, 'a "Connected" notification');
      return n;
    }, 'the connection confirmed');
    assert.equal(info, `info: Connected to ${url} (MLflow 2.17.2).`);
    assert.deepEqual(
      (await notifications()).filter((n) => n.startsWith('error')),
      [],
    );
    await shot('05-connected');

    // Every request after the password was typed carried it, as basic auth.
    const sent = mlflow.requests.slice(before);
    assert.ok(
      sent.some((r) => r.path.endsWith('/registered-models/search')),
      'the tree asked the server',
    );
    assert.ok(sent.filter((r) => r.headers.authorization === basic(USER, SECRET)).length > 0, 'requests carried the credentials');
    await clearNotifications();
  });

  it("moves iris-classifier version 2 to Production from its context menu: the tree and the server's database show it", async function () {
    await expandRow(row(1, 'iris-classifier'));
    await waitForTree((r) => assert.deepEqual(stagesOf(r, 'iris-classifier'), { Production: [3], Staging: [2], None: [], Archived: [] }), 'stage groups');
    await shot('06-iris-expanded');

    await openContextMenu(row(3, 'Version 2 '));
    const item = page.getByRole('menuitem', { name: 'Transition Stage…', exact: true });
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await shot('07-context-menu');
    await clickMenuItem(item);

    await waitForQuickInputTitle('Transition iris-classifier version 2 (now Staging)');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label="Production"]').click();
    // The archive option names what it archives.
    await waitForQuickInputTitle('Transition iris-classifier version 2 to Production');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="Archive v3 (Production, @champion)"]').click();
    await quickInputClosed();

    await waitForTree((r) => assert.deepEqual(stagesOf(r, 'iris-classifier').Production, [2]), 'version 2 under Production');
    await expandRow(row(2, 'Archived'));
    await waitForTree(
      (r) => assert.deepEqual(stagesOf(r, 'iris-classifier'), { Production: [2], None: [], Archived: [1, 3] }),
      'the stages after the transition',
    );
    assert.deepEqual(
      (await notifications()).filter((n) => n.startsWith('error')),
      [],
    );

    // On the server, as MLflow would read it …
    assert.equal((await mlflow.registry.getModelVersion('iris-classifier', '2')).currentStage, 'Production');
    assert.equal((await mlflow.registry.getModelVersion('iris-classifier', '3')).currentStage, 'Archived');
    assert.ok(mlflow.requests.some((r) => r.path.endsWith('/model-versions/transition-stage') && r.headers.authorization === basic(USER, SECRET)));
    // … and not in the workspace's file.
    const local = new Database(join(workspace, 'mlflow.db'), { readonly: true, fileMustExist: true });
    try {
      assert.equal(local.prepare("SELECT current_stage FROM model_versions WHERE name = 'iris-classifier' AND version = 2").pluck().get(), 'Staging');
    } finally {
      local.close();
    }
    const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'Moving iris-classifier version 2 to Production' });
    await progress.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await shot('08-after-transition');
  });

  it('shows an error row with Retry when the server goes down', async function () {
    await mlflow.close();
    // The view's own Refresh button, in the sidebar's title bar (a single view has no pane header).
    await page.locator('#workbench\\.parts\\.sidebar .title-actions a.action-label[aria-label="Refresh"]').click();
    const rows = await waitForTree(
      (r) => {
        assert.equal(r.length, 2, 'an error row and Retry');
        assert.match(
          r[0].ariaLabel,
          new RegExp(`^Could not list models: Could not connect to the MLflow server at ${url.replace(/[.]/g, '\\.')}: connection refused`),
        );
        assert.equal(r[1].text, 'Retry');
      },
      'the error row',
      60_000,
    );
    assert.equal(rows.length, 2);
    await shot('09-server-down');
  });
});
