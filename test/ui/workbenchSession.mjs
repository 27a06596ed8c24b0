// One code-server and one Chromium page per suite: the mocha hooks that start
// them on a private copy of the fixture workspace, wait until the extension
// has opened its registry, report what a failed test left on screen, and clean
// up. Each suite calls useWorkbench() once inside its describe().
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startCodeServer } from '../../scripts/lib/codeServer.mjs';
import { prepareWorkspace } from '../../scripts/lib/vscodeSuites.mjs';
import { openWorkbench } from '../../scripts/lib/workbench.mjs';
import { UI_TIMEOUT, workbenchDriver } from './workbenchDriver.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The workspace's mlflow.db decides the registry, not the host's MLflow client variables. */
const NO_HOST_MLFLOW = {
  MLFLOW_TRACKING_URI: '',
  MLFLOW_REGISTRY_URI: '',
  MLFLOW_TRACKING_USERNAME: '',
  MLFLOW_TRACKING_PASSWORD: '',
  MLFLOW_TRACKING_TOKEN: '',
};

/** How long a cold workbench on a loaded two-core machine may take to load, and to open the registry. */
const LOAD_MS = 90_000;
const REGISTRY_OPEN_MS = 300_000;

/**
 * Registers before/afterEach/after and returns { session, ...workbenchDriver }.
 * session.page, .server, .workspace and .userDataDir are set once before() ran;
 * session.dialogs collects every alert/confirm/prompt (dismissed), and
 * session.consoleMessages every console message of any frame.
 *
 * - name: in temporary directories' and failure screenshots' names.
 * - prepare(session): runs before code-server starts (the workspace and user
 *   data dir exist); may return { env, settings } for code-server.
 * - settings, env: user settings and environment for code-server.
 * - failureDetails: { label: async () => text } printed when a test fails.
 * - shotPrefix, restingMouse: see workbenchDriver.
 */
export function useWorkbench({ name, prepare, settings = {}, env = {}, failureDetails = {}, shotPrefix, restingMouse }) {
  const session = { page: undefined, server: undefined, workbench: undefined, workspace: undefined, userDataDir: undefined, dialogs: [], consoleMessages: [] };
  const driver = workbenchDriver(() => session.page, { shotPrefix, restingMouse });

  before(async function () {
    // A shared 2-core machine may take minutes to start the extension host.
    this.timeout(LOAD_MS + REGISTRY_OPEN_MS + 60_000);
    session.userDataDir = mkdtempSync(join(tmpdir(), `mlflow-vscode-ui-${name}-`));
    session.workspace = prepareWorkspace();
    const extra = (await prepare?.(session)) ?? {};
    const userSettings = { ...settings, ...extra.settings };
    if (Object.keys(userSettings).length > 0) {
      // startCodeServer adds its own settings to these.
      mkdirSync(join(session.userDataDir, 'User'), { recursive: true });
      writeFileSync(join(session.userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings));
    }
    session.server = await startCodeServer({
      userDataDir: session.userDataDir,
      extensionsDir: join(session.userDataDir, 'extensions'),
      env: { ...NO_HOST_MLFLOW, ...env, ...extra.env },
    });
    session.workbench = await openWorkbench({ server: session.server, workspaceFolder: session.workspace, extensionPath: ROOT, timeoutMs: LOAD_MS });
    const page = (session.page = session.workbench.page);
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('dialog', (dialog) => {
      session.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });
    page.on('console', (msg) => session.consoleMessages.push({ type: msg.type(), text: msg.text(), url: msg.location()?.url ?? '' }));
    // Ready once the extensions are registered (a theme is loaded, our container is in the
    // activity bar) and ours has opened the workspace's registry (its status bar item says so).
    await driver.assertEventually(
      async () => assert.ok((await driver.workbenchClasses()).some((c) => c.startsWith('vscode-theme-'))),
      'a loaded color theme',
      LOAD_MS,
    );
    await activityBarEntry(page).waitFor({ state: 'visible', timeout: LOAD_MS });
    await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'MLflow: mlflow.db' }).waitFor({ state: 'visible', timeout: REGISTRY_OPEN_MS });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !session.page) return;
    const shotName = `failed-${name}-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
    console.log(`    screenshot: ${await driver.shot(shotName).catch((e) => e.message)}`);
    console.log(`    notifications: ${JSON.stringify(await driver.notifications().catch(() => []))}`);
    for (const [label, read] of Object.entries(failureDetails)) console.log(`    ${label}: ${await read().catch((e) => e.message)}`);
    if (session.server) console.log(`    code-server log: ${session.server.logPath}`);
    // What the failed test left open (a menu, a Quick Input) would block the next one.
    await session.page.keyboard.press('Escape').catch(() => {});
  });

  after(async function () {
    this.timeout(60_000);
    await session.workbench?.close().catch((e) => console.error(`closing the browser: ${e.message}`));
    await session.server?.stop().catch((e) => console.error(`stopping code-server: ${e.message}`));
    for (const dir of [session.userDataDir, session.workspace && dirname(session.workspace)]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  return { session, ...driver };
}

/** The "MLflow Registry" entry of the activity bar. */
export const activityBarEntry = (page) => page.locator('#workbench\\.parts\\.activitybar a.action-label[aria-label^="MLflow Registry"]');
