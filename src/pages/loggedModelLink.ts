/**
 * The MLflow 3 logged model a version was registered from (its source is
 * `models:/m-…`), read for the version page: the model with its params and
 * metrics, and every version registered from it, in any registered model.
 */
import type { RegistryBackend } from '../core/backend';
import { quoteFilterValue } from '../core/filter/literal';
import type { LoggedModel, ModelVersion } from '../core/types';
import { parseModelUri } from '../core/uri';
import { byNameThenVersion } from '../core/versionText';

export interface LoggedModelLink {
  modelId: string;
  /** Null when the registry could not hand it out; `error` says why. */
  model: LoggedModel | null;
  error?: string;
  /** Versions whose source is this logged model, the page's own included, by name then number. */
  registeredAs: ModelVersion[];
}

/** The logged model id a version's source names, or null for any other source. */
export function loggedModelIdOf(version: ModelVersion): string | null {
  if (!version.source) return null;
  try {
    const ref = parseModelUri(version.source);
    return ref.kind === 'loggedModel' ? ref.modelId : null;
  } catch {
    return null;
  }
}

export async function loadLoggedModelLink(backend: RegistryBackend, version: ModelVersion): Promise<LoggedModelLink | null> {
  const modelId = loggedModelIdOf(version);
  if (!modelId || !version.source) return null;
  let model: LoggedModel | null = null;
  let error: string | undefined;
  try {
    model = await backend.getLoggedModel(modelId);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const source = version.source;
  let registeredAs = [version];
  const literal = quoteFilterValue(source);
  if (literal !== undefined) {
    // MLflow's own tag mlflow.modelVersions keeps names from before a rename, so the registry is asked instead.
    const page = await backend.searchModelVersions({ filter: `source_path = ${literal}`, maxResults: 1000 }).catch(() => undefined);
    if (page) {
      registeredAs = page.items.filter((v) => v.source === source);
      if (!registeredAs.some((v) => v.name === version.name && v.version === version.version)) registeredAs.push(version);
    }
  }
  return { modelId, model, error, registeredAs: registeredAs.sort(byNameThenVersion) };
}
