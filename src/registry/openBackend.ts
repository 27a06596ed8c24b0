import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDriver } from '../backends/sqlite/driver/driver';
import { loadDriver } from '../backends/sqlite/driver/loadDriver';
import { SqliteRegistry } from '../backends/sqlite/sqliteRegistry';
import type { RegistryBackend } from '../core/backend';
import { MlflowError } from '../core/errors';
import type { RegistrySource } from './registrySource';

/**
 * The native better-sqlite3 build shipped with the extension, named by the
 * ABI it was compiled for, so one package can carry several and the host
 * picks its own. Without a matching build the driver loader falls back.
 */
export function nativeBindingPath(extensionRoot: string): string | undefined {
  const file = join(extensionRoot, 'dist', 'native', `better_sqlite3-${process.platform}-${process.arch}-abi${process.versions.modules}.node`);
  return existsSync(file) ? file : undefined;
}

export class BackendOpener {
  private driver: SqlDriver | undefined;

  constructor(private readonly extensionRoot: string) {}

  /** Loaded on first use: remote registries never need it, and its failure must not stop them. */
  sqliteDriver(): SqlDriver {
    this.driver ??= loadDriver({ nativeBinding: nativeBindingPath(this.extensionRoot) });
    return this.driver;
  }

  open(source: RegistrySource): RegistryBackend {
    switch (source.kind) {
      case 'sqlite':
        if (!existsSync(source.path)) {
          throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No registry file at ${source.path} (from ${source.origin}).`);
        }
        return SqliteRegistry.open(source.path, { driver: this.sqliteDriver() });
      case 'remote':
        throw new MlflowError(
          'NOT_IMPLEMENTED',
          `${source.url} (from ${source.origin}) is an MLflow server; remote registries are not supported yet. Open a local mlflow.db instead.`,
        );
      case 'none':
        throw new Error('internal: no registry source to open');
    }
  }
}
