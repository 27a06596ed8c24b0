import type { DriverName, SqlDriver } from './driver';
import { BetterSqliteDriver } from './betterSqlite';
import { NodeSqliteDriver } from './nodeSqlite';
import { hasUnflaggedNodeSqlite, NODE_SQLITE_MINIMUM } from './nodeSqliteSupport';

/** Set to `better-sqlite3` or `node:sqlite` to force one driver (tests, troubleshooting). */
export const DRIVER_ENV = 'MLFLOW_REGISTRY_SQLITE_DRIVER';

export class NoSqliteDriverError extends Error {
  override readonly name = 'NoSqliteDriverError';
  constructor(readonly causes: Partial<Record<DriverName, string>>) {
    super(
      'No SQLite driver could be loaded, so local mlflow.db registries cannot be opened. ' +
        Object.entries(causes)
          .map(([driver, cause]) => `${driver}: ${cause}`)
          .join('; ') +
        `. Fix: use a host whose Node.js is ${NODE_SQLITE_MINIMUM} or newer (desktop VS Code 1.101+ has one built in), ` +
        'or rebuild better-sqlite3 for this host (npm rebuild better-sqlite3). ' +
        'Remote MLflow servers keep working.',
    );
  }
}

export interface LoadDriverOptions {
  prefer?: DriverName;
  /** Path of a better-sqlite3 .node build matching the host's ABI. */
  nativeBinding?: string;
  env?: NodeJS.ProcessEnv;
}

const loaders: Record<DriverName, (o: LoadDriverOptions) => SqlDriver> = {
  'better-sqlite3': (o) => BetterSqliteDriver.load(o.nativeBinding),
  'node:sqlite': () => NodeSqliteDriver.load(),
};

function isDriverName(v: string | undefined): v is DriverName {
  return v === 'better-sqlite3' || v === 'node:sqlite';
}

/**
 * better-sqlite3 first, node:sqlite where the native module cannot load
 * (desktop VS Code's Electron has another ABI). Neither is assumed: each is
 * tried, and the error names why each failed.
 */
export function loadDriver(options: LoadDriverOptions = {}): SqlDriver {
  const env = options.env ?? process.env;
  const forced = env[DRIVER_ENV];
  if (forced !== undefined && forced !== '' && !isDriverName(forced)) {
    throw new Error(`${DRIVER_ENV}=${forced} is not a driver; use better-sqlite3 or node:sqlite`);
  }
  const order: DriverName[] = isDriverName(forced)
    ? [forced]
    : options.prefer === 'node:sqlite'
      ? ['node:sqlite', 'better-sqlite3']
      : ['better-sqlite3', 'node:sqlite'];
  const causes: Partial<Record<DriverName, string>> = {};
  for (const name of order) {
    try {
      return loaders[name](options);
    } catch (e) {
      causes[name] = describeLoadFailure(name, e);
    }
  }
  throw new NoSqliteDriverError(causes);
}

export function describeLoadFailure(name: DriverName, e: unknown, nodeVersion = process.versions.node): string {
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  if (name === 'node:sqlite' && (!hasUnflaggedNodeSqlite(nodeVersion) || /No such built-in module|ERR_UNKNOWN_BUILTIN_MODULE|Cannot find module/.test(msg))) {
    return `not available without a flag in Node.js ${nodeVersion} (needs ${NODE_SQLITE_MINIMUM} or newer)`;
  }
  return msg;
}
