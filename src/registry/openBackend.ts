import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { restOptionsFromEnvironment } from '../backends/rest/credentials';
import type { RestConnectOptions } from '../backends/rest/options';
import { RestRegistry } from '../backends/rest/restRegistry';
import type { SqlDriver } from '../backends/sqlite/driver/driver';
import { loadDriver } from '../backends/sqlite/driver/loadDriver';
import { SqliteRegistry } from '../backends/sqlite/sqliteRegistry';
import type { RegistryBackend } from '../core/backend';
import { MlflowError } from '../core/errors';
import type { RegistrySource } from './registrySource';
import type { SavedRegistry } from './savedRegistries';

/**
 * The native better-sqlite3 build shipped with the extension, named by the
 * ABI it was compiled for, so one package can carry several and the host
 * picks its own. Without a matching build the driver loader falls back.
 */
export function nativeBindingPath(extensionRoot: string): string | undefined {
  const file = join(extensionRoot, 'dist', 'native', `better_sqlite3-${process.platform}-${process.arch}-abi${process.versions.modules}.node`);
  return existsSync(file) ? file : undefined;
}

const readOrUndefined = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** What a remote connection needs besides the URL: the saved details and the secret. */
export interface RemoteDetails {
  saved?: SavedRegistry;
  secret?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * MLflow's environment (MLFLOW_TRACKING_USERNAME, ~/.mlflow/credentials, TLS
 * variables…) first, as MLflow's own client would connect; what the user
 * saved for this server wins over it.
 */
export function remoteOptions(url: string, details: RemoteDetails, env: NodeJS.ProcessEnv = process.env): RestConnectOptions {
  const fromEnv = restOptionsFromEnvironment(env, readOrUndefined, { uri: url, homeDir: homedir() }) ?? { url };
  const o: RestConnectOptions = { ...fromEnv, url };
  const s = details.saved;
  if (s) {
    if (s.auth === 'basic') Object.assign(o, { username: s.username, password: details.secret, token: undefined });
    if (s.auth === 'bearer') Object.assign(o, { token: details.secret, username: undefined, password: undefined });
    if (s.auth === 'none') Object.assign(o, { token: undefined, username: undefined, password: undefined });
    if (s.workspace) o.workspace = s.workspace;
    if (s.caCertPath) o.caCertPath = s.caCertPath;
    if (s.clientCertPath) o.clientCertPath = s.clientCertPath;
    if (s.insecure) o.insecure = true;
  }
  if (details.timeoutMs) o.timeoutMs = details.timeoutMs;
  if (details.maxRetries !== undefined) o.maxRetries = details.maxRetries;
  return o;
}

export class BackendOpener {
  private driver: SqlDriver | undefined;

  constructor(private readonly extensionRoot: string) {}

  /** Loaded on first use: remote registries never need it, and its failure must not stop them. */
  sqliteDriver(): SqlDriver {
    this.driver ??= loadDriver({ nativeBinding: nativeBindingPath(this.extensionRoot) });
    return this.driver;
  }

  async open(source: RegistrySource, remote: RemoteDetails = {}): Promise<RegistryBackend> {
    switch (source.kind) {
      case 'sqlite':
        if (!existsSync(source.path)) {
          throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No registry file at ${source.path} (from ${source.origin}).`);
        }
        // A file held by another process's exclusive lock opens once the lock is gone, without blocking the host.
        return SqliteRegistry.openWhenFree(source.path, { driver: this.sqliteDriver() });
      case 'remote':
        return RestRegistry.connect(remoteOptions(source.url, remote));
      case 'none':
        throw new Error('internal: no registry source to open');
    }
  }
}
