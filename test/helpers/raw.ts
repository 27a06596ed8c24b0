import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Row, SqlValue } from '../../src/backends/sqlite/driver/driver';
import { testDriver } from './registry';

/** Reads rows straight from the file, bypassing the store under test. */
export function rawQuery(dbPath: string, sql: string, ...params: SqlValue[]): Row[] {
  const conn = testDriver().open(dbPath, { readonly: true });
  try {
    return conn
      .prepare(sql)
      .all(...params)
      .map((r) => ({ ...r }));
  } finally {
    conn.close();
  }
}

/** Writes straight to the file: only for setting up states MLflow could leave behind. */
export function rawExec(dbPath: string, sql: string): void {
  const conn = testDriver().open(dbPath);
  try {
    conn.exec(sql);
  } finally {
    conn.close();
  }
}

export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
