import { closeSync, openSync, rmSync } from 'node:fs';
import { MlflowError } from '../../core/errors';
import type { SqlConnection, SqlDriver } from './driver/driver';
import { createMlflow2172Registry } from './schema/mlflow2172Schema';

/**
 * Creates a new, empty MLflow registry file at `path` (MLflow 2.17.2 schema).
 * Never touches an existing file: an mlflow.db is user data, and even an
 * empty file may be one that something else is about to fill.
 */
export function createRegistryFile(driver: SqlDriver, path: string): void {
  claimNewFile(path);
  let conn: SqlConnection | undefined;
  try {
    conn = driver.open(path, { create: true });
    createMlflow2172Registry(conn);
    conn.close();
  } catch (e) {
    try {
      conn?.close();
    } catch {
      // Already closed (close itself failed); removing the file is what matters.
    }
    removePartialFile(path);
    throw e;
  }
}

/**
 * Creates the file exclusively ('wx'), so that checking for an existing file
 * and creating ours is one atomic step: a file appearing in between makes this
 * fail instead of being overwritten. SQLite treats the empty file as a new
 * database.
 */
function claimNewFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Not creating a registry at ${path}: a file already exists there`);
    }
    throw e;
  }
}

/** The file is ours (claimNewFile made it); a failed creation must not leave it, or a stray journal, behind. */
function removePartialFile(path: string): void {
  for (const p of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) {
    rmSync(p, { force: true });
  }
}
