/**
 * Version numbers are decimal strings end to end, as MLflow's wire has them.
 * A database or JSON parser may hand one over as a number (SQLite stores an
 * integer past int64 as REAL; JSON.parse rounds past 2^53), and String() of a
 * large number is "1e+22", which is no version anyone can type or look up.
 */
export function decimalText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isInteger(value)) return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  return String(value);
}

/** Orders decimal version strings by value without going through Number. */
export function compareVersions(a: string, b: string): number {
  const digits = /^\d+$/;
  if (digits.test(a) && digits.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.localeCompare(b);
}

/** Versions of several models in reading order: by model name, then by version number. */
export function byNameThenVersion(a: { name: string; version: string }, b: { name: string; version: string }): number {
  return a.name.localeCompare(b.name) || compareVersions(a.version, b.version);
}
