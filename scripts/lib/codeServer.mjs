// code-server (a real VS Code: same workbench, same extension host) for the
// suites that must run inside VS Code. The Microsoft download route used by
// @vscode/test-electron is unreachable here; see
// CONTRIBUTING.md ("Tests inside VS Code") for why each step is there.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CACHE, log, ROOT, run } from './ensure.mjs';

// The last release whose engines.node is 20 (VS Code 1.100.3).
export const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
const LOG_DIR = join(ROOT, 'test-results', 'logs');

/** Debian packages code-server's install and the test browser need. */
export function ensureSystemPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/bin/rg')) missing.push('ripgrep');
  // code-server's `kerberos` native module compiles against the gssapi headers.
  const krb5 = existsSync('/usr/include/gssapi/gssapi.h') || spawnSync('krb5-config', ['--version']).status === 0;
  if (!krb5) missing.push('libkrb5-dev');
  if (missing.length === 0) return;

  const aptLine = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages (${missing.join(', ')}); as root, run:\n  ${aptLine}`);
  }
  log(`installing Debian packages (${missing.join(', ')})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', ...APT_PACKAGES], { env });
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable
 * here; it first looks for this cached archive, so we hand it Debian's rg.
 */
function seedRipgrepCache() {
  const dir = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const archive = join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(archive)) return;
  mkdirSync(dir, { recursive: true });
  run('tar', ['-czf', archive, '-C', '/usr/bin', 'rg']);
}

/** The JS entry point of an installed code-server (run it with any `node`). */
function codeServerEntry(dir) {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * node-gyp builds node-pty and kerberos against Node's C headers, which it would
 * download from nodejs.org (unreachable). A Node installed with its headers
 * (<prefix>/include/node, as Debian's nodejs package has them) serves instead.
 */
function nodeGypEnv(nodeBin) {
  if (process.env.npm_config_nodedir) return {};
  const prefix = dirname(dirname(realpathSync(nodeBin)));
  if (!existsSync(join(prefix, 'include', 'node', 'node_version.h'))) return {};
  return { npm_config_nodedir: prefix };
}

function nodeVersion(nodeBin) {
  return spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * Installs code-server into the git-ignored .vscode-test/ cache (it is ~280 MB
 * and tied to a Node major, so it stays out of the project's node_modules).
 * `nodeBin` is the Node that runs the install; it must be Node 20, because the
 * package's postinstall refuses any other major. (The installed server itself
 * also runs on Node 22: see startCodeServer's nodeBin.) Returns its entry script.
 */
export function ensureCodeServer({ nodeBin = process.execPath } = {}) {
  const dir = join(ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
  const marker = join(dir, '.installed');
  const entry = codeServerEntry(dir);
  if (existsSync(marker) && existsSync(entry)) return entry;

  const version = nodeVersion(nodeBin);
  if (!version.startsWith('v20.')) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} installs only with Node 20; ${nodeBin} is ${version}`);
  }
  ensureSystemPackages();
  seedRipgrepCache();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about a minute, compiles native modules)…`);
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    ...nodeGypEnv(nodeBin),
    // npm's scripts and node-gyp run on whichever `node` comes first.
    PATH: `${dirname(nodeBin)}:${process.env.PATH}`,
    // Its postinstall refuses to run as root without this.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall calls `npx node-gyp`, which otherwise waits for a yes.
    npm_config_yes: 'true',
  };
  run('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { env });
  if (!existsSync(entry)) throw new Error(`code-server installed, but ${entry} is missing`);
  writeFileSync(marker, `code-server@${CODE_SERVER_VERSION} installed with Node ${version}\n`);
  return entry;
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/** User settings that keep the walkthrough, trust prompt and telemetry out of the tests. */
function writeUserSettings(userDataDir) {
  const path = join(userDataDir, 'User', 'settings.json');
  const existing = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  writeJson(path, {
    ...existing,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
  });
}

/**
 * code-server keeps its logs and a heartbeat in $XDG_DATA_HOME/code-server and
 * VS Code a device id in $XDG_CACHE_HOME, whatever --user-data-dir says; this
 * keeps test runs from writing into the home directory.
 */
/**
 * The environment code-server gets: ours, minus what would redirect it. It
 * lets $PORT override --bind-addr, and from a VS Code terminal
 * VSCODE_IPC_HOOK_CLI makes it hand the folder to that window instead of starting.
 */
function serverEnv(extra) {
  const env = { ...process.env, ...extra };
  delete env.PORT;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

const homeless = (userDataDir) => ({
  XDG_DATA_HOME: join(userDataDir, 'xdg-data'),
  XDG_CACHE_HOME: join(userDataDir, 'xdg-cache'),
});

/** Passing --config keeps code-server from writing ~/.config/code-server. */
function writeConfig(userDataDir, port) {
  const path = join(userDataDir, 'config.yaml');
  writeFileSync(path, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return path;
}

/**
 * Starts code-server and resolves once it listens. Its output goes to a log
 * file under test-results/logs/ (and into the error when it fails to start).
 */
export async function startCodeServer({ port = 0, userDataDir, extensionsDir, nodeBin = process.execPath, env = {} }) {
  const entry = ensureCodeServer();
  if (!port) port = await freePort();
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir);
  const config = writeConfig(userDataDir, port);

  mkdirSync(LOG_DIR, { recursive: true });
  const logPath = join(LOG_DIR, `code-server-${port}.log`);
  const logFile = createWriteStream(logPath);
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config',
    config,
  ];
  // Own process group, so stop() also ends the extension hosts it forks.
  const child = spawn(nodeBin, args, {
    cwd: ROOT,
    env: serverEnv({ ...homeless(userDataDir), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });

  let output = '';
  const collect = (d) => {
    output += d.toString();
    logFile.write(d);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const stop = () =>
    new Promise((resolvePromise) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
      child.once('exit', () => resolvePromise());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        resolvePromise();
      }
    });
  child.once('exit', () => logFile.end());

  await waitForListening(child, () => output, 60_000).catch(async (e) => {
    await stop();
    throw new Error(`${e.message} (log: ${logPath})\n${output}`);
  });
  return { url: `http://127.0.0.1:${port}`, port, process: child, logPath, stop };
}

function waitForListening(child, getOutput, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => done(new Error(`code-server did not listen within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = () => {
      if (getOutput().includes('HTTP server listening on')) done();
    };
    const onExit = (code, signal) => done(new Error(`code-server exited early (${code ?? signal})`));
    function done(error) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolvePromise();
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', onExit);
  });
}

/** Installs a .vsix into an extensions dir, as a user would. */
export function installVsix({ vsixPath, extensionsDir, nodeBin = process.execPath, userDataDir }) {
  const entry = ensureCodeServer();
  // Its own user-data dir and config keep it from writing under ~.
  const dataDir = userDataDir ?? join(CACHE, 'code-server-install-data');
  mkdirSync(dataDir, { recursive: true });
  const config = writeConfig(dataDir, 0);
  run(nodeBin, [entry, '--config', config, '--user-data-dir', dataDir, '--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'], {
    env: serverEnv(homeless(dataDir)),
  });
}
