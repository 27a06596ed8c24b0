/**
 * Saving a version's model folder on this machine, file by file through
 * the backend's model files. Everything a registry or server names is hostile:
 * the folder name is reduced to plain characters, and each listed path must
 * stay inside the folder being written. No vscode import: the core suites
 * download over REST and compare bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { listModelFilesDeep, outsideError, safeModelPath, type ModelFiles } from '../core/modelFiles';

/** More than any model folder MLflow writes; a listing past it is refused rather than half saved. */
export const MAX_DOWNLOAD_FILES = 20_000;
/** One file's bytes are held in memory while it is saved. */
export const MAX_DOWNLOAD_FILE_BYTES = 1024 * 1024 * 1024;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** `<name>-v<version>` reduced to letters, digits, `.`, `_` and `-`: a registry name cannot pick where files go. */
export function downloadFolderName(name: string, version: string): string {
  const plain = `${name}-v${version}`
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 120)
    .replace(/[. ]+$/, '');
  if (plain === '' || WINDOWS_RESERVED.test(plain)) return `model_${plain}`;
  return plain;
}

export interface DownloadProgress {
  /** Called before each file is fetched. */
  onFile?(path: string, index: number, total: number): void;
  /** Checked between files; when set, the partial copy is removed and `cancelled` returned. */
  signal?: { readonly aborted: boolean };
}

export type DownloadResult = { kind: 'saved'; folder: string; files: number } | { kind: 'cancelled' } | { kind: 'exists'; folder: string };

/** Where `untrusted` lands below `root`, or an error when it would land anywhere else. */
function targetPath(root: string, untrusted: string): string {
  const safe = safeModelPath(untrusted);
  if (safe === null) throw outsideError(untrusted);
  const path = resolve(root, ...safe.split('/'));
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) throw outsideError(untrusted);
  return path;
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Writes the model folder into `<destination>/<folderName>`. The files go to a
 * hidden folder beside it first and it is renamed into place at the end, so a
 * cancelled or failed download leaves nothing behind, and an existing folder is
 * never written into.
 */
export async function downloadModelFolder(
  files: ModelFiles,
  destination: string,
  folderName: string,
  progress: DownloadProgress = {},
): Promise<DownloadResult> {
  const folder = targetPath(resolve(destination), folderName);
  if (await exists(folder)) return { kind: 'exists', folder };
  const listing = await listModelFilesDeep(files, MAX_DOWNLOAD_FILES, progress.signal);
  if (progress.signal?.aborted) return { kind: 'cancelled' };
  if (listing.truncated) throw new Error(`The model folder holds more than ${MAX_DOWNLOAD_FILES} files; nothing was saved.`);
  const partial = join(dirname(folder), `.${folderName}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(partial, { recursive: false });
  try {
    // Every path is checked before anything is fetched: a hostile listing writes nothing at all.
    const targets = listing.files.map((f) => ({ path: f.path, target: targetPath(partial, f.path) }));
    for (const [index, { path, target }] of targets.entries()) {
      if (progress.signal?.aborted) {
        await rm(partial, { recursive: true, force: true });
        return { kind: 'cancelled' };
      }
      progress.onFile?.(path, index, targets.length);
      const bytes = await files.read(path, MAX_DOWNLOAD_FILE_BYTES);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes, { flag: 'wx' });
    }
    if (await exists(folder)) {
      await rm(partial, { recursive: true, force: true });
      return { kind: 'exists', folder };
    }
    await rename(partial, folder);
    return { kind: 'saved', folder, files: targets.length };
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}
