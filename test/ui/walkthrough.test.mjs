// The Marketplace-facing parts as a user meets them in the workbench: command
// titles resolved from package.nls.json in the palette, and the Get Started
// walkthrough with its steps. Screenshots: test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startCodeServer } from '../../scripts/lib/codeServer.mjs';
import { prepareWorkspace } from '../../scripts/lib/vscodeSuites.mjs';
import { openWorkbench } from '../../scripts/lib/workbench.mjs';
import { UI_TIMEOUT, workbenchDriver } from './workbenchDriver.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const WALKTHROUGH = 'Get Started with the MLflow Model Registry';
const STEPS = ['Open or create an mlflow.db', 'Connect to an MLflow server', 'Register a model from a folder', 'Use models:/ URIs in code'];

describe('the localized manifest and the Get Started walkthrough in the workbench', function () {
  let server;
  let workbench;
  let page;
  let workspace;
  let userDataDir;
  const { assertEventually, quickInput } = workbenchDriver(() => page);

  async function shot(name) {
    mkdirSync(SHOTS, { recursive: true });
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path });
    return path;
  }

  /** F1 and a query; resolves with the rows' aria-labels once `expected` shows. */
  async function palette(query, expected) {
    await page.keyboard.press('F1');
    const input = quickInput().locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.keyboard.type(query);
    const rows = quickInput().locator('.quick-input-list .monaco-list-row');
    return assertEventually(async () => {
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      assert.ok(
        labels.some((l) => l.startsWith(expected)),
        `palette rows: ${JSON.stringify(labels)}`,
      );
      return labels;
    }, `"${expected}" in the palette`);
  }

  before(async function () {
    // Generous: the first workbench load on a shared 2-core machine can take minutes.
    this.timeout(300_000);
    userDataDir = mkdtempSync(join(tmpdir(), 'mlflow-vscode-walkthrough-'));
    workspace = prepareWorkspace();
    server = await startCodeServer({
      userDataDir,
      extensionsDir: join(userDataDir, 'extensions'),
      env: { MLFLOW_TRACKING_URI: '', MLFLOW_REGISTRY_URI: '' },
    });
    workbench = await openWorkbench({ server, workspaceFolder: workspace, extensionPath: ROOT, timeoutMs: 90_000 });
    page = workbench.page;
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.locator('#workbench\\.parts\\.activitybar a.action-label[aria-label^="MLflow Registry"]').waitFor({ state: 'visible', timeout: 90_000 });
  });

  after(async function () {
    this.timeout(60_000);
    await workbench?.close().catch(() => {});
    await server?.stop().catch(() => {});
    for (const dir of [userDataDir, workspace && dirname(workspace)]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the command titles from package.nls.json in the palette, no %key% left', async () => {
    const labels = await palette('MLflow: ', 'MLflow: Select Registry…');
    const ours = labels.filter((l) => l.startsWith('MLflow: '));
    assert.ok(
      ours.some((l) => l.startsWith('MLflow: Connect to an MLflow Server…')),
      JSON.stringify(ours),
    );
    assert.deepEqual(
      labels.filter((l) => /%[\w.]+%/.test(l)),
      [],
      'unresolved placeholders',
    );
    console.log(`      screenshot: ${await shot('palette-localized')}`);
    await page.keyboard.press('Escape');
  });

  it('opens the Get Started walkthrough with its four steps, and checks one off when its event happens', async () => {
    await palette('Welcome: Open Walkthrough', 'Welcome: Open Walkthrough');
    await quickInput().locator('.quick-input-list .monaco-list-row[aria-label^="Welcome: Open Walkthrough"]').first().click();
    await quickInput().locator(`.quick-input-list .monaco-list-row[aria-label*="${WALKTHROUGH}"]`).first().click();
    const steps = page.locator('.getting-started-step');
    await assertEventually(async () => {
      const titles = await steps.evaluateAll((els) => els.map((e) => e.querySelector('.step-title')?.textContent?.trim() ?? ''));
      assert.deepEqual(titles, STEPS);
    }, 'the walkthrough steps');
    await page.mouse.move(1000, 850);
    console.log(`      screenshot: ${await shot('walkthrough')}`);
    // A step is done when its check mark (data-done-step-id) reads aria-checked="true".
    const done = () => steps.evaluateAll((els) => els.map((e) => e.querySelector('[data-done-step-id]')?.getAttribute('aria-checked') === 'true'));
    // workspaceContains:mlflow.db alone activates the extension, which opens the workspace's registry.
    await page.locator('.part.statusbar').getByText('MLflow: mlflow.db').waitFor({ state: 'visible', timeout: 120_000 });
    // Step 1 also lists onContext:mlflowRegistry.state == open; code-server 4.100 did not check it off in
    // our runs, so only its state is reported here.
    console.log(`      steps done once the registry is open: ${JSON.stringify(await done())}`);
    // Showing the Models view is the completion event of the last step (onView:mlflowRegistry.models).
    assert.equal((await done())[3], false, 'the models:/ step is not done before the view was shown');
    await page.locator('#workbench\\.parts\\.activitybar a.action-label[aria-label^="MLflow Registry"]').click();
    await page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').first().waitFor({ state: 'visible', timeout: 120_000 });
    await assertEventually(async () => assert.equal((await done())[3], true, `completion: ${JSON.stringify(await done())}`), 'the models:/ step checked off');
    await page.mouse.move(1000, 850);
    console.log(`      screenshot: ${await shot('walkthrough-step-done')}`);
  });
});
