// Installs what `npm test` / `npm start` need, so both work right after
// `git clone` with nothing installed; a second run finds everything in place.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CACHE = join(ROOT, '.cache');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function log(msg) {
  console.log(`[mlflow-registry] ${msg}`);
}

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

/** npm dependencies: installed when missing or older than the lockfile. */
export function ensureNpmDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const native = join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(marker) && existsSync(native) && mtime(marker) >= mtime(join(ROOT, 'package-lock.json'))) return;
  log('installing npm dependencies (better-sqlite3 compiles from source, about 90 s)…');
  run(NPM, ['ci', '--no-audit', '--no-fund']);
}

export const NODE22_VERSION = '22.23.3';

/**
 * A Node 22 binary from the npm registry's `node` package, kept out of the
 * project's node_modules so it never shadows the system Node in npm scripts.
 */
export function ensureNode22() {
  const dir = join(CACHE, `node-${NODE22_VERSION}`);
  const bin = join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bin)) {
    log(`installing Node ${NODE22_VERSION} from the npm registry into ${dir} (for the node:sqlite run)…`);
    mkdirSync(dir, { recursive: true });
    run(NPM, ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${NODE22_VERSION}`]);
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v22.')) throw new Error(`${bin} is ${version}, expected Node 22`);
  return bin;
}

export function build() {
  log('compiling TypeScript…');
  run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT]);
}
