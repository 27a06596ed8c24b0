// `npm start`: the extension as users get it (the packaged .vsix, installed
// into a browser VS Code, code-server), opened on a sample MLflow registry.
// Works right after `git clone`: it installs what is missing (npm
// dependencies, Debian packages when run as root, code-server) and reuses it
// on the next run.
//
//   npm start                 serve until Ctrl-C; prints the URL to open
//   npm start -- --smoke      CI: open it headless, check the sidebar, exit 0/1
//   npm start -- --rebuild    package and reinstall the .vsix even if unchanged
//
// PORT=<n> picks the port (default 8080; a free one when that is busy).
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { CODE_SERVER_VERSION, ensureCodeServer, ensureSystemPackages, freePort, installVsix, startCodeServer } from './lib/codeServer.mjs';
import { CACHE, ensureNpmDependencies, log, ROOT } from './lib/ensure.mjs';
import { extensionIdentity, packageVsix, readManifest } from './lib/packageVsix.mjs';
// The modules that import npm packages (playwright-core) load in main(), once
// ensureNpmDependencies() has installed them: after `git clone` there are none.
let suites;
let sidebar;
let workbench;

const START_DIR = join(ROOT, '.vscode-test', 'start');
const EXTENSIONS_DIR = join(START_DIR, 'extensions');
const USER_DATA_DIR = join(START_DIR, 'user-data');
const INSTALLED_MARKER = join(START_DIR, 'installed.json');
const SAMPLE_WORKSPACE = join(CACHE, 'sample-workspace');
const DEFAULT_PORT = 8080;
// code-server 4.100 runs on Node 20, which has no node:sqlite: it needs the package with better-sqlite3.
const PACKAGE_TARGET = 'linux-x64';

const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const REBUILD = argv.includes('--rebuild');

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile());
}

/**
 * Everything the .vsix is made from. When it matches what the last install
 * recorded, the installed extension is current and the package step is skipped.
 */
function packageInputsDigest() {
  const hash = createHash('sha256');
  hash.update(`${process.platform}-${process.arch}-abi${process.versions.modules}\n`);
  const files = [
    ...filesUnder(join(ROOT, 'src')),
    ...filesUnder(join(ROOT, 'media')),
    ...filesUnder(join(ROOT, 'l10n')),
    ...[
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      '.vscodeignore',
      '.vscodeignore.linux-x64',
      'package.nls.json',
    ].map((f) => join(ROOT, f)),
    join(ROOT, 'scripts', 'lib', 'bundle.mjs'),
    join(ROOT, 'scripts', 'lib', 'packageVsix.mjs'),
    join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  ].sort();
  for (const f of files) {
    hash.update(`${relative(ROOT, f)}\0`);
    hash.update(existsSync(f) ? readFileSync(f) : '<missing>');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The packaged extension, installed into the extensions dir `npm start` serves. */
async function ensureInstalledExtension() {
  const identity = extensionIdentity(readManifest());
  const digest = packageInputsDigest();
  const marker = existsSync(INSTALLED_MARKER) ? JSON.parse(readFileSync(INSTALLED_MARKER, 'utf8')) : {};
  const folder = join(EXTENSIONS_DIR, identity.folderName);
  if (!REBUILD && marker.digest === digest && existsSync(join(folder, 'package.json'))) {
    log(`reusing the installed ${identity.id} ${identity.version} (sources unchanged since ${marker.installedAt}; --rebuild forces a new package)`);
    return identity;
  }
  const pkg = await packageVsix({ target: PACKAGE_TARGET });
  log(`installing ${relative(ROOT, pkg.vsixPath)} into ${relative(ROOT, EXTENSIONS_DIR)}/…`);
  installVsix({ vsixPath: pkg.vsixPath, extensionsDir: EXTENSIONS_DIR, userDataDir: join(START_DIR, 'install-data') });
  if (!existsSync(join(folder, 'package.json'))) throw new Error(`installed ${pkg.vsixPath}, but ${folder} is missing`);
  mkdirSync(START_DIR, { recursive: true });
  writeFileSync(INSTALLED_MARKER, JSON.stringify({ digest, vsix: pkg.vsixPath, folder, installedAt: new Date().toISOString() }, null, 2) + '\n');
  return identity;
}

/**
 * The sample workspace: a copy of the fixture project (mlflow.db and mlruns/),
 * made once. Later runs leave it as the user left it; delete it to start over.
 */
function ensureSampleWorkspace() {
  if (existsSync(SAMPLE_WORKSPACE)) {
    log(`sample workspace: ${SAMPLE_WORKSPACE} (kept as you left it; delete the folder to reset it)`);
  } else {
    log(`creating the sample workspace ${SAMPLE_WORKSPACE} from ${suites.FIXTURE_PROJECT}…`);
    // A writable copy in a temp dir, then into place under a temporary name and
    // renamed, so an interrupted run never leaves half a workspace behind.
    const copy = suites.prepareWorkspace('sample-workspace');
    const partial = `${SAMPLE_WORKSPACE}.partial-${process.pid}`;
    mkdirSync(dirname(SAMPLE_WORKSPACE), { recursive: true });
    cpSync(copy, partial, { recursive: true });
    // prepareWorkspace makes the files writable, but the folder keeps the
    // fixture's read-only mode; SQLite writes its journal beside mlflow.db.
    chmodSync(partial, 0o755);
    renameSync(partial, SAMPLE_WORKSPACE);
    rmSync(dirname(copy), { recursive: true, force: true });
  }
  // The sample's registry is the mlflow.db beside it, whatever MLFLOW_TRACKING_URI
  // the shell has (the setting wins over the environment).
  const settings = join(SAMPLE_WORKSPACE, '.vscode', 'settings.json');
  if (!existsSync(settings)) {
    mkdirSync(dirname(settings), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'mlflowRegistry.registryUri': 'sqlite:///mlflow.db' }, null, 2) + '\n');
  }
  return SAMPLE_WORKSPACE;
}

function portIsFree(port) {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

async function choosePort() {
  const raw = process.env.PORT;
  const wanted = raw ? Number(raw) : DEFAULT_PORT;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 65535) throw new Error(`PORT=${raw} is not a port number`);
  if (await portIsFree(wanted)) return wanted;
  const port = await freePort();
  log(`port ${wanted} is busy; using port ${port} instead`);
  return port;
}

// Keep slashes readable; escape anything else a path may hold (spaces, #, ?, &).
const folderUrl = (port, folder) => `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;

async function smokeCheck(url) {
  const browser = await workbench.launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    try {
      const rows = await sidebar.showRegistrySidebar(page, { expected: sidebar.FIXTURE_MODELS, timeoutMs: 60_000 });
      return rows;
    } finally {
      const shot = await sidebar.saveScreenshot(page, 'npm-start').catch(() => undefined);
      if (shot) log(`screenshot: ${relative(ROOT, shot)}`);
    }
  } finally {
    await browser.close();
  }
}

async function main() {
  const started = Date.now();
  ensureNpmDependencies();
  [suites, sidebar, workbench] = await Promise.all([import('./lib/vscodeSuites.mjs'), import('./lib/vsixSuite.mjs'), import('./lib/workbench.mjs')]);
  ensureSystemPackages();
  ensureCodeServer();
  const extension = await ensureInstalledExtension();
  const workspace = ensureSampleWorkspace();
  const port = await choosePort();

  const server = await startCodeServer({
    port,
    userDataDir: USER_DATA_DIR,
    extensionsDir: EXTENSIONS_DIR,
    // code-server takes its port from $PORT over --bind-addr, and when
    // $VSCODE_IPC_HOOK_CLI is set (a VS Code terminal) it hands the request to
    // that VS Code instead of starting: neither may leak in.
    env: { PORT: String(port), VSCODE_IPC_HOOK_CLI: '' },
  });
  const url = folderUrl(port, workspace);

  if (SMOKE) {
    let code = 1;
    try {
      const rows = await smokeCheck(url);
      console.log(`npm start smoke check: the sidebar lists ${rows.length} models at ${url} (${seconds(started)})`);
      code = 0;
    } catch (e) {
      console.log(`npm start smoke check FAILED at ${url}: ${String(e.message ?? e).split('\n')[0]}`);
      console.error(e);
    } finally {
      await server.stop();
    }
    process.exit(code);
  }

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping code-server…`);
    await server.stop();
    log('stopped.');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));
  // `npm start` runs this under `sh -c`; a SIGTERM sent to npm ends npm and the
  // shell but does not reach this process. When the parent goes, stop too, so
  // code-server (in its own process group) is not left running.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('parent process exited');
  }, 1000).unref();
  server.process.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server exited on its own (${code ?? signal}); its log: ${server.logPath}`);
    process.exit(1);
  });

  const rule = '─'.repeat(78);
  console.log(`\n${rule}`);
  console.log(`  MLflow Model Registry ${extension.version} (the packaged .vsix) in code-server ${CODE_SERVER_VERSION}, ready in ${seconds(started)}`);
  console.log('');
  console.log(`  Open:  ${url}`);
  console.log('');
  console.log(`  Sample registry: ${join(workspace, 'mlflow.db')} (your changes are kept across runs)`);
  console.log(`  Server log:      ${server.logPath}`);
  console.log('  Press Ctrl-C to stop.');
  console.log(`${rule}\n`);
}

main().catch((e) => {
  console.error(e);
  if (SMOKE) console.log(`npm start smoke check FAILED: ${String(e.message ?? e).split('\n')[0]}`);
  process.exit(1);
});
