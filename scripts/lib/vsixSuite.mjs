// The package as users get it: build the .vsix, install it into a fresh
// extensions dir the way `code --install-extension` does, and open a
// code-server that has no extensionDevelopmentPath, so the only copy of the
// extension it can run is the installed one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureCodeServer, installVsix, startCodeServer } from './codeServer.mjs';
import { log, ROOT } from './ensure.mjs';
import { packageVsix, zipEntries } from './packageVsix.mjs';
import { prepareWorkspace } from './vscodeSuites.mjs';
import { openWorkbench } from './workbench.mjs';

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
export const FIXTURE_MODELS = ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier'];
const CONTAINER_TITLE = 'MLflow Registry';

/** A tree row's aria-label is "<name>, <description>"; this is the name. */
const rowName = (ariaLabel) => (ariaLabel ?? '').split(', ')[0];

/**
 * Clicks the "MLflow Registry" activity-bar entry (unless its view is already
 * showing: a second click would close the sidebar) and waits until the Models
 * tree lists every name in `expected`. Returns the top-level rows' aria-labels.
 */
export async function showRegistrySidebar(page, { expected = FIXTURE_MODELS, timeoutMs = 30_000 } = {}) {
  const link = `a.action-label[aria-label^="${CONTAINER_TITLE}"]`;
  const entry = page.locator(`.part.activitybar ${link}`).first();
  await entry.waitFor({ state: 'visible', timeout: timeoutMs });
  const tab = page.locator('.part.activitybar li.action-item', { has: page.locator(link) }).first();
  if ((await tab.getAttribute('aria-selected')) !== 'true') {
    await entry.click();
    // Off the activity bar, so its hover tooltip does not cover the screenshot.
    await page.mouse.move(700, 450);
  }

  // The Models view's rows only: the Prompts pane below it has top-level rows of its own.
  const modelsPane = page.locator('.part.sidebar .pane').filter({ hasNot: page.locator('.pane-header h3.title', { hasText: /^Prompts$/i }) });
  const rows = modelsPane.locator('.monaco-list-row[aria-level="1"]');
  const topLevel = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const labels = await topLevel();
    const names = new Set(labels.map(rowName));
    if (expected.every((n) => names.has(n))) return labels;
    if (Date.now() > deadline) {
      const missing = expected.filter((n) => !names.has(n));
      throw new Error(`the ${CONTAINER_TITLE} sidebar does not list ${missing.join(', ')} after ${timeoutMs / 1000} s; it shows: ${JSON.stringify(labels)}`);
    }
    await page.waitForTimeout(250);
  }
}

export async function saveScreenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** `code-server --list-extensions --show-versions` for one extensions dir. */
function listExtensions(extensionsDir, scratchDir) {
  const config = join(scratchDir, 'config.yaml');
  mkdirSync(scratchDir, { recursive: true });
  writeFileSync(config, 'auth: none\ncert: false\n');
  const r = spawnSync(
    process.execPath,
    [ensureCodeServer(), '--config', config, '--user-data-dir', scratchDir, '--extensions-dir', extensionsDir, '--list-extensions', '--show-versions'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: join(scratchDir, 'xdg-data'), XDG_CACHE_HOME: join(scratchDir, 'xdg-cache') } },
  );
  if (r.status !== 0) throw new Error(`--list-extensions exited with ${r.status}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Lines of the extension's own log channel in a code-server user-data dir. */
function extensionLog(userDataDir, extensionId) {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  let text = '';
  for (const session of readdirSync(logs)) {
    const sessionDir = join(logs, session);
    for (const host of existsSync(sessionDir) ? readdirSync(sessionDir) : []) {
      const dir = join(sessionDir, host, extensionId);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) text += readFileSync(join(dir, f), 'utf8');
    }
  }
  return text;
}

/** Counted checks: a failed one fails the suite; after a failed prerequisite the rest are skipped. */
function checker(label) {
  const counts = { label, passed: 0, failed: 0, skipped: 0 };
  let blocked;
  async function check(title, fn) {
    if (blocked) {
      counts.skipped++;
      console.log(`  - ${title} (skipped: ${blocked})`);
      return undefined;
    }
    const started = Date.now();
    try {
      const value = await fn();
      counts.passed++;
      console.log(`  ✔ ${title} (${Date.now() - started} ms)`);
      return value;
    } catch (e) {
      counts.failed++;
      console.log(
        `  ✘ ${title}\n      ${String(e.message ?? e)
          .split('\n')
          .join('\n      ')}`,
      );
      return undefined;
    }
  }
  /** A check the following ones need: when it fails, they are skipped. */
  async function prerequisite(title, fn) {
    const before = counts.failed;
    const value = await check(title, fn);
    if (counts.failed > before) blocked = `"${title}" failed`;
    return value;
  }
  return { counts, check, prerequisite };
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export async function runVsixSuite() {
  const label = 'packaged .vsix installed into code-server';
  log(`suite run: ${label}`);
  const { counts, check, prerequisite } = checker(label);
  const scratch = mkdtempSync(join(tmpdir(), 'mlflow-vsix-'));
  const extensionsDir = join(scratch, 'extensions');
  const userDataDir = join(scratch, 'user-data');
  let server;
  let workbench;
  let workspace;
  try {
    const pkg = await prerequisite('npm run package builds a .vsix holding only the run-time files', async () => {
      const built = await packageVsix({ target: 'linux-x64' });
      const entries = zipEntries(built.vsixPath);
      const names = entries.map((e) => e.name);
      // The platform tag is what lets a Marketplace serve this file only to Linux x64 hosts.
      const manifest = entries.find((e) => e.name === 'extension.vsixmanifest')?.text() ?? '';
      assert(/TargetPlatform="linux-x64"/.test(manifest), `extension.vsixmanifest names no TargetPlatform="linux-x64":\n${manifest.slice(0, 600)}`);
      const wanted = [
        'extension/package.json',
        'extension/readme.md',
        'extension/changelog.md',
        'extension/LICENSE.txt',
        'extension/dist/extension.js',
        'extension/dist/markdownWorker.js',
        `extension/dist/native/${built.native}`,
        'extension/media/mlflow-registry.svg',
      ];
      const missing = wanted.filter((n) => !names.includes(n));
      assert(missing.length === 0, `missing from the .vsix: ${missing.join(', ')} (it holds ${names.join(', ')})`);
      const allowed =
        /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|package\.nls\.json|l10n\/[^/]+\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/(extension|markdownWorker)\.js|dist\/native\/[^/]+\.node|media\/.+))$/;
      const unexpected = names.filter((n) => !allowed.test(n));
      assert(unexpected.length === 0, `files that do not run, in the .vsix: ${unexpected.join(', ')}`);
      return built;
    });

    await prerequisite('code-server installs the .vsix into a fresh extensions dir', async () => {
      installVsix({ vsixPath: pkg.vsixPath, extensionsDir, userDataDir: join(scratch, 'install-data') });
      const folder = join(extensionsDir, pkg.folderName);
      assert(existsSync(folder), `${pkg.folderName} not in ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
      const installed = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      assert(
        `${installed.publisher}.${installed.name}` === pkg.id && installed.version === pkg.version,
        `the installed package.json is ${installed.publisher}.${installed.name}@${installed.version}`,
      );
      assert(existsSync(join(folder, 'dist', 'native', pkg.native)), `the installed copy has no dist/native/${pkg.native}`);
      const listed = listExtensions(extensionsDir, join(scratch, 'list-data'));
      assert(listed.includes(`${pkg.id}@${pkg.version}`), `--list-extensions --show-versions gives ${JSON.stringify(listed)}`);
    });

    workspace = prepareWorkspace();
    await prerequisite('the workbench opens with no extensionDevelopmentPath', async () => {
      server = await startCodeServer({
        userDataDir,
        extensionsDir,
        env: { MLFLOW_TRACKING_URI: '', MLFLOW_REGISTRY_URI: '', PORT: '', VSCODE_IPC_HOOK_CLI: '' },
      });
      workbench = await openWorkbench({ server, workspaceFolder: workspace });
      assert(!workbench.page.url().includes('payload='), `the workbench URL carries a payload: ${workbench.page.url()}`);
    });

    await check('the MLflow Registry sidebar lists the four fixture models', async () => {
      try {
        const labels = await showRegistrySidebar(workbench.page);
        console.log(`      rows: ${labels.join(' | ')}`);
      } finally {
        const shot = await saveScreenshot(workbench.page, 'vsix-installed').catch(() => undefined);
        if (shot) console.log(`      screenshot: ${shot}`);
      }
    });

    await check('the extension that ran is the installed copy', async () => {
      const id = pkg.id;
      const folders = readdirSync(extensionsDir).filter((f) => f.toLowerCase().startsWith(`${id.toLowerCase()}-`));
      assert(folders.length === 1 && folders[0] === pkg.folderName, `extensions dir holds ${JSON.stringify(folders)}, expected [${pkg.folderName}]`);
      const registered = JSON.parse(readFileSync(join(extensionsDir, 'extensions.json'), 'utf8'));
      const entry = registered.find((e) => e.identifier?.id?.toLowerCase() === id.toLowerCase());
      assert(entry && entry.version === pkg.version, `extensions.json records ${JSON.stringify(entry)}`);
      assert(entry.location?.path === join(extensionsDir, pkg.folderName), `extensions.json locates it at ${entry.location?.path}`);
      const text = extensionLog(userDataDir, id);
      assert(/Activated in/.test(text), `no activation in this server's ${id} log:\n${text}`);
      assert(text.includes(join(workspace, 'mlflow.db')), `its log does not show it opened ${join(workspace, 'mlflow.db')}:\n${text}`);
    });
  } finally {
    await workbench?.close().catch(() => {});
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
    if (workspace) rmSync(dirname(workspace), { recursive: true, force: true });
    console.log(`  ${counts.passed} passing, ${counts.failed} failing, ${counts.skipped} pending`);
  }
  return counts;
}

// Run on its own: node scripts/lib/vsixSuite.mjs
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = await runVsixSuite().catch((e) => {
    console.error(e);
    return { failed: 1 };
  });
  process.exit(r.failed > 0 ? 1 : 0);
}
