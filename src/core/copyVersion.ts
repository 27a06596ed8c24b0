import type { RegistryBackend } from './backend';
import { isMlflowError, MlflowError } from './errors';
import type { CreateModelVersionRequest, ModelVersion, VersionRef } from './types';
import { formatModelUri } from './uri';

/** The source a copy records: the registry URI of the version it came from, never its files' location. */
export const copySourceUri = (src: VersionRef): string => formatModelUri({ kind: 'version', name: src.name, version: src.version });

/**
 * MLflow's client names the URI it could not read; the code stays the store's,
 * so callers can still tell a missing version from a bad argument.
 */
export function sourceFetchFailed(src: VersionRef, e: unknown): unknown {
  if (!(e instanceof MlflowError)) return e;
  return new MlflowError(e.code, `Failed to fetch model version from source model URI: 'models:/${src.name}/${src.version}'. Error: ${e.message}`);
}

/** The store's wording when the version itself could not be created (docs/sqlite-store.md#copying-a-version). */
export function copyCreateFailed(e: unknown): unknown {
  if (!(e instanceof MlflowError)) return e;
  return new MlflowError(
    e.code,
    `Failed to create model version copy. The current model registry backend may not yet support model version URI sources.\nError: ${e.message}`,
  );
}

/** What the new version carries over from its source (docs/sqlite-store.md#copying-a-version). */
export function copyRequest(from: ModelVersion, destinationName: string): CreateModelVersionRequest {
  return {
    name: destinationName,
    source: copySourceUri(from),
    runId: from.runId ?? undefined,
    runLink: from.runLink ?? undefined,
    description: from.description ?? undefined,
    tags: { ...from.tags },
  };
}

/** True when the model was created, false when it was already there; any other refusal is thrown. */
export async function createModelIfMissing(backend: Pick<RegistryBackend, 'createRegisteredModel'>, name: string): Promise<boolean> {
  try {
    await backend.createRegisteredModel({ name });
    return true;
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) return false;
    throw e;
  }
}

/**
 * A copy made of ordinary calls, as MLflow's client does it against any store
 * that has no copy of its own (a server): read the source, create the
 * destination model unless it exists, then create the version. Each call
 * stands alone, so a refused version leaves a newly created model behind, as
 * in MLflow.
 */
export async function copyThroughCalls(
  backend: Pick<RegistryBackend, 'getModelVersion' | 'createRegisteredModel' | 'createModelVersion'>,
  src: VersionRef,
  destinationName: string,
): Promise<ModelVersion> {
  let from: ModelVersion;
  try {
    from = await backend.getModelVersion(src.name, src.version);
  } catch (e) {
    throw sourceFetchFailed(src, e);
  }
  await createModelIfMissing(backend, destinationName);
  try {
    return await backend.createModelVersion(copyRequest(from, destinationName));
  } catch (e) {
    throw copyCreateFailed(e);
  }
}
