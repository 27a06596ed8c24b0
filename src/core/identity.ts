import type { RegistryBackend } from './backend';
import type { ModelVersion } from './types';
import { compareVersions } from './versionText';

/**
 * The one way the extension reads "the versions of model X". The backend looks
 * the name up as a value (see RegistryBackend.listModelVersions); this last check
 * drops anything that belongs to another model anyway, so a page, tree or command
 * for X can never show or act on a version of Y, whatever a server answers.
 */
export async function versionsOfModel(backend: RegistryBackend, name: string, limit?: number): Promise<ModelVersion[]> {
  const versions = await backend.listModelVersions(name, limit);
  return versions.filter((v) => v.name === name).sort((a, b) => compareVersions(b.version, a.version));
}
