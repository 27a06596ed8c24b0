import { SqliteRegistry, type OpenSqliteOptions } from '../../src/backends/sqlite/sqliteRegistry';
import { loadDriver } from '../../src/backends/sqlite/driver/loadDriver';
import type { SqlDriver } from '../../src/backends/sqlite/driver/driver';
import { isMlflowError, type ErrorCode } from '../../src/core/errors';
import assert from 'node:assert/strict';
import { tempCopy, type TempCopy } from './fixtures';

let driver: SqlDriver | undefined;

/**
 * The driver every suite runs on: better-sqlite3 by default, node:sqlite when
 * MLFLOW_REGISTRY_SQLITE_DRIVER says so (the Node 22 run of `npm test`).
 */
export function testDriver(): SqlDriver {
  driver ??= loadDriver();
  return driver;
}

export function openRegistry(path: string, options: Omit<OpenSqliteOptions, 'driver'> = {}): SqliteRegistry {
  return SqliteRegistry.open(path, { ...options, driver: testDriver() });
}

/** Asserts that `fn` rejects with an MlflowError of `code` whose message matches `message`. */
export async function rejectsWith(fn: () => Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<Error> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected an error with code ${code}, but the call succeeded`);
  assert.ok(isMlflowError(caught), `expected an MlflowError, got ${caught instanceof Error ? caught.message : JSON.stringify(caught)}`);
  assert.equal(caught.code, code, `wrong code; message was: ${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

/**
 * Each test of the enclosing describe gets its own copy of `db`, opened; it is
 * closed and removed after the test. `reg` may be replaced (reopened) by a test.
 */
export function registryOnFreshCopy(db: string): { copy: TempCopy; reg: SqliteRegistry } {
  const current = {} as { copy: TempCopy; reg: SqliteRegistry };
  beforeEach(() => {
    current.copy = tempCopy(db);
    current.reg = openRegistry(current.copy.db);
  });
  afterEach(async () => {
    await current.reg.close();
    current.copy.cleanup();
  });
  return current;
}
