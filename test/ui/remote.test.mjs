// UI test: connecting to a remote MLflow server through the workbench, as a
// user does it. A real HTTP server on 127.0.0.1 answers like MLflow (the
// stateful test server over a private copy of the fixture, compiled by tsc to
// out/test/rest/statefulServer.js) behind basic auth, as
// `mlflow server --app-name basic-auth` does. Everything in the workbench is
// done with the keyboard and mouse (F1, typing, clicks, the context menu) and
// read back from the DOM; the write is checked in the server's own database.
// Screenshots go to test-results/screenshots/remote-*.png.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FIXTURE_MODELS, modelRowLabel } from './fixture.mjs';
import { useMlflowServer } from './mlflowServer.mjs';
import { modelName, modelsTree, stageMap, subtreeOf, topLevel } from './modelsTree.mjs';
import { UI_TIMEOUT } from './workbenchDriver.mjs';
import { activityBarEntry, ROOT, useWorkbench } from './workbenchSession.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const Database = require('better-sqlite3');
const { basicAuthHeader, basicAuthOnly } = require(join(ROOT, 'out', 'test', 'rest', 'basicAuth.js'));

const USER = 'alice';
const SECRET = 'pa55-Sekret-4f9c1e';
const WRONG = 'not-the-Password-77ab';
/** Only on the server, so the tree shows whose models it lists. */
const SERVER_ONLY = 'served-fraud-detector';
const SERVER_MODELS = [...FIXTURE_MODELS, SERVER_ONLY].sort();
const CONNECT = 'MLflow: Connect to an MLflow Server';

describe('Connecting to a remote MLflow server in the VS Code workbench (code-server + Chromium)', function () {
  const remote = useMlflowServer({
    name: 'remote',
    // As MLflow's basic-auth app: only /health is open; the rest wants the password, in plain text.
    intercept: basicAuthOnly(USER, SECRET),
    seed: (s) => s.registry.createRegisteredModel({ name: SERVER_ONLY, description: 'Only on the MLflow server' }),
  });
  const ui = useWorkbench({ name: 'remote', shotPrefix: 'remote-', failureDetails: { 'status bar': () => statusText() } });
  const { session, assertEventually, shot, expandRow, openContextMenu, clickMenuItem, quickInput, quickInputBox, quickPickOptions } = ui;
  const { waitForQuickInputTitle, quickInputClosed, runFromPalette, answerInputBox, notifications, assertNoErrorToasts, clearNotifications } = ui;
  const { row, waitForTree } = modelsTree(() => session.page, ui);
  const stagesOf = (rows, model) => stageMap(subtreeOf(rows, model));
  let page;
  let workspace;
  let mlflow;
  let url;
  before(() => {
    ({ page, workspace } = session);
    ({ server: mlflow, url } = remote);
  });

  // ---- helpers -------------------------------------------------------------

  /** The text of the MLflow item in the status bar (codicons are <span>s without text). */
  const statusItem = () => page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'MLflow:' });
  /** Reads the item as it is now (callers that expect a change poll this). */
  async function statusText() {
    const texts = await statusItem().evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
    if (texts.length === 0) throw new Error('no MLflow item in the status bar');
    return texts[0];
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

  // ---- tests ---------------------------------------------------------------

  it("starts on the workspace's mlflow.db", async function () {
    await activityBarEntry(page).click();
    // The first listing of a cold workbench gets the same deadline as the workbench itself.
    await waitForTree((r) => assert.deepEqual(topLevel(r), FIXTURE_MODELS), 'the local models', 90_000);
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
    await waitForTree((r) => assert.deepEqual(topLevel(r), FIXTURE_MODELS), 'still the local models');

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
    assert.equal(rows.find((r) => modelName(r) === 'iris-classifier').ariaLabel, modelRowLabel('iris-classifier'));
    await assertEventually(async () => assert.equal(await statusText(), `MLflow: ${url}`), 'the status bar names the server');
    const info = await assertEventually(async () => {
      const n = (await notifications()).find((x) => x.startsWith('info: Connected'));
      assert.ok(n, 'a "Connected" notification');
      return n;
    }, 'the connection confirmed');
    assert.equal(info, `info: Connected to ${url} (MLflow 2.17.2).`);
    await assertNoErrorToasts();
    await shot('05-connected');

    // Every request after the password was typed carried it, as basic auth.
    const sent = mlflow.requests.slice(before);
    assert.ok(
      sent.some((r) => r.path.endsWith('/registered-models/search')),
      'the tree asked the server',
    );
    assert.ok(sent.filter((r) => r.headers.authorization === basicAuthHeader(USER, SECRET)).length > 0, 'requests carried the credentials');
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
    await assertNoErrorToasts();

    // On the server, as MLflow would read it …
    assert.equal((await mlflow.registry.getModelVersion('iris-classifier', '2')).currentStage, 'Production');
    assert.equal((await mlflow.registry.getModelVersion('iris-classifier', '3')).currentStage, 'Archived');
    assert.ok(mlflow.requests.some((r) => r.path.endsWith('/model-versions/transition-stage') && r.headers.authorization === basicAuthHeader(USER, SECRET)));
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
    // A server can hold prompts, so the container has two panes and the Models view's Refresh sits in its
    // pane header, shown on hover; the palette runs the same command.
    await runFromPalette('MLflow: Refresh');
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
