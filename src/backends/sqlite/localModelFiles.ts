import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { localPath, resolveArtifactPath } from '../../core/artifacts';
import { containedPath } from '../../core/containedPath';
import { joinModelPath, missingError, outsideError, safeModelPath, tooLargeError } from '../../core/modelFiles';
import type { ModelFileEntry, ModelFiles, ModelFilesAccess } from '../../core/modelFiles';
import type { ModelVersion } from '../../core/types';

/** A model folder on this machine; every path goes through containedPath, symlinks included. */
export class LocalModelFiles implements ModelFiles {
  constructor(readonly where: string) {}

  private inside(untrusted: string, allowRoot: boolean): string {
    const safe = safeModelPath(untrusted, allowRoot);
    if (safe === null) throw outsideError(untrusted);
    if (safe === '') return this.where;
    const at = containedPath(this.where, safe);
    if (at.kind === 'outside') throw outsideError(untrusted);
    if (at.kind === 'missing') throw missingError(untrusted);
    return at.path;
  }

  async list(dir: string): Promise<ModelFileEntry[]> {
    const folder = this.inside(dir, true);
    const prefix = safeModelPath(dir, true) ?? '';
    const out: ModelFileEntry[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = joinModelPath(prefix, entry.name);
      // A link is listed only when it leads somewhere inside; then it counts as what it leads to.
      if (entry.isSymbolicLink() && containedPath(this.where, path).kind !== 'inside') continue;
      const info = await stat(join(folder, entry.name));
      if (info.isDirectory()) out.push({ path, isDir: true, size: null });
      else if (info.isFile()) out.push({ path, isDir: false, size: info.size });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(path: string, maxBytes: number): Promise<Uint8Array> {
    const file = this.inside(path, false);
    const info = await stat(file);
    if (!info.isFile()) throw missingError(path);
    if (info.size > maxBytes) throw tooLargeError(path, maxBytes);
    return readFile(file);
  }
}

/**
 * The version's folder as the version page has always found it: its storage
 * location, else its source, each a local path or file:// URI, relocated
 * beside the registry file when the project moved (docs/uris.md#local-layout).
 */
export function localModelFiles(version: ModelVersion, registryFile: string): ModelFilesAccess {
  const dir = dirname(registryFile);
  const candidates = [version.storageLocation, version.source].map((stored) => (localPath(stored) ? resolveArtifactPath(stored, dir) : null));
  const folder = candidates.find((path): path is string => path !== null && existsSync(path));
  if (folder) return { available: true, files: new LocalModelFiles(folder) };
  // The sentences the version page has always shown for a version whose folder is not here.
  const sourceFolder = candidates[1];
  return {
    available: false,
    where: sourceFolder ?? version.source ?? null,
    reason: sourceFolder ? `No MLmodel file at ${sourceFolder}.` : 'The model files are not on this machine, so the MLmodel cannot be read here.',
  };
}
