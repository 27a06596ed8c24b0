/**
 * A model version's files, read through whichever backend holds the registry:
 * the local folder for the embedded store, the server's artifact routes for a
 * remote one (docs/rest-api.md#model-files). Paths are POSIX, relative to the
 * model folder; every one that comes from a registry, an MLmodel or a server
 * listing is hostile until `safeModelPath` has accepted it.
 */

export interface ModelFileEntry {
  /** Relative to the model folder, `/`-separated. */
  path: string;
  isDir: boolean;
  /** Bytes; null when the listing does not say (folders, some servers). */
  size: number | null;
}

export interface ModelFiles {
  /** Where the files are, as a user recognises it: a local folder or the artifact URI. */
  readonly where: string;
  /** Entries directly inside `dir` (`''` is the model folder itself). */
  list(dir: string): Promise<ModelFileEntry[]>;
  /** A file's bytes; throws ModelFileError when it is missing, outside the folder or larger than `maxBytes`. */
  read(path: string, maxBytes: number): Promise<Uint8Array>;
}

export type ModelFilesAccess =
  | { available: true; files: ModelFiles }
  /** `reason` is a sentence for the page: why the files cannot be read from here. */
  | { available: false; where: string | null; reason: string };

export type ModelFileProblem = 'missing' | 'outside' | 'tooLarge';

export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
  constructor(
    readonly problem: ModelFileProblem,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export const outsideError = (path: string): ModelFileError =>
  new ModelFileError('outside', path, `'${path}' does not lie inside the model folder, so it was not read.`);

export const tooLargeError = (path: string, maxBytes: number): ModelFileError =>
  new ModelFileError('tooLarge', path, `'${path}' is larger than ${maxBytes} bytes, so it was not read.`);

export const missingError = (path: string): ModelFileError => new ModelFileError('missing', path, `'${path}' is not in the model folder.`);

/**
 * The path normalised (`a//b/` → `a/b`), or null when it could leave the folder
 * or means something else on another system: absolute, `..` or `.` segments,
 * backslashes, drive letters, NUL. `''` stands for the folder itself.
 */
export function safeModelPath(untrusted: string, allowRoot = false): string | null {
  if (typeof untrusted !== 'string' || untrusted.includes('\0') || untrusted.includes('\\')) return null;
  if (untrusted.startsWith('/') || /^[a-z]:/i.test(untrusted)) return null;
  const parts = untrusted.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '.' || p === '..')) return null;
  if (parts.length === 0) return allowRoot ? '' : null;
  return parts.join('/');
}

export const joinModelPath = (dir: string, name: string): string => (dir === '' ? name : name === '' ? dir : `${dir}/${name}`);

/** Deeper than any layout MLflow writes; bounds a hostile server's endless folders. */
const MAX_DEPTH = 32;

/**
 * Every file below `dir`, folders walked one listing at a time, in listing
 * order; stops after `limit` files and says so. `signal` stops the walk
 * between listings.
 */
export async function listModelFilesDeep(
  files: ModelFiles,
  limit: number,
  signal?: { readonly aborted: boolean },
): Promise<{ files: ModelFileEntry[]; truncated: boolean }> {
  const out: ModelFileEntry[] = [];
  const walk = async (dir: string, depth: number): Promise<boolean> => {
    if (depth > MAX_DEPTH) throw outsideError(dir);
    for (const entry of await files.list(dir)) {
      if (signal?.aborted) return false;
      if (entry.isDir) {
        if (!(await walk(entry.path, depth + 1))) return false;
      } else {
        if (out.length >= limit) return false;
        out.push(entry);
      }
    }
    return true;
  };
  const complete = await walk('', 0);
  return { files: out, truncated: !complete && !signal?.aborted };
}
