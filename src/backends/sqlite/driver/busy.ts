/**
 * SQLITE_BUSY (another connection holds the lock) as either driver reports it:
 * better-sqlite3 sets `code` to 'SQLITE_BUSY…', node:sqlite sets `errcode`
 * (primary code 5 in its low byte) and the message "database is locked".
 */
export function isBusyError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, errcode, message } = e as { code?: unknown; errcode?: unknown; message?: unknown };
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  if (typeof errcode === 'number' && (errcode & 0xff) === 5) return true;
  return typeof message === 'string' && /database is locked/i.test(message);
}
