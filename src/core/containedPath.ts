import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Where a path that a registry or an MLmodel names, relative to a folder, lies.
 * `inside`: safe to read. `outside`: after resolving `..` and symlinks it leaves
 * the folder, so nothing may be read. `missing`: it would be inside, but is not there.
 */
export type Contained = { kind: 'inside'; path: string } | { kind: 'outside' } | { kind: 'missing'; path: string };

const within = (folder: string, path: string): boolean => {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/**
 * The one check every registry- or MLmodel-provided path goes through before
 * anything is read from it. Registry content is untrusted: an MLmodel's
 * `saved_input_example_info.artifact_path` of `../../../secret` or a symlink out
 * of the model folder must not become a read of the user's files.
 */
export function containedPath(folder: string, untrusted: string): Contained {
  if (untrusted === '' || untrusted.includes('\0') || isAbsolute(untrusted)) return { kind: 'outside' };
  const base = resolve(folder);
  const path = resolve(base, untrusted);
  if (!within(base, path)) return { kind: 'outside' };
  if (!existsSync(path)) return { kind: 'missing', path };
  // Symlinks are judged by where they lead, against the folder's own real location.
  return within(realpathSync(base), realpathSync(path)) ? { kind: 'inside', path } : { kind: 'outside' };
}
