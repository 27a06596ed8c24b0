import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

/** Every SQLite 3 database file starts with these 16 bytes (sqlite.org/fileformat.html, "The Database Header"). */
const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Why a file picked as a registry cannot be one, naming the file; undefined
 * when it is an SQLite database (or empty: SQLite treats an empty file as a
 * new database). Checked before switching, so a wrong pick leaves the view
 * as it was.
 */
export function notAnSqliteFile(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, buf, 0, buf.length, 0);
    if (read === 0) return undefined;
    return buf.toString('latin1', 0, read) === SQLITE_HEADER
      ? undefined
      : `${basename(path)} is not an SQLite database, so it cannot be an MLflow registry (pick an mlflow.db).`;
  } catch (e) {
    return `${basename(path)} cannot be read: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
