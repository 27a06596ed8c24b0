/**
 * Node.js releases whose `node:sqlite` loads without `--experimental-sqlite`:
 * the flag was dropped in 22.13.0 and 23.4.0 (Node's changelog for those
 * releases; 22.5–22.12 and 23.0–23.3 have the module only behind the flag).
 */
export const NODE_SQLITE_MINIMUM = '22.13 (or 23.4 on Node 23)';

/** Whether `node:sqlite` is unflagged in this Node.js version ("22.15.0", "v24.1.0"). */
export function hasUnflaggedNodeSqlite(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major === 22) return minor >= 13;
  if (major === 23) return minor >= 4;
  return major >= 24;
}
