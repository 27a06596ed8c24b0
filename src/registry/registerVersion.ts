import type { RegistryBackend } from '../core/backend';
import { createModelIfMissing } from '../core/copyVersion';
import type { CreateModelVersionRequest, ModelVersion } from '../core/types';
import { parseRunsUri, resolveRunsUri } from '../core/uri';

export interface Registration {
  version: ModelVersion;
  /** The registered model did not exist and was created for this version. */
  modelCreated: boolean;
}

/**
 * As `mlflow.register_model`: the registered model is created when it does
 * not exist yet, then the version.
 */
export async function registerVersionLikeMlflow(backend: RegistryBackend, req: CreateModelVersionRequest): Promise<Registration> {
  const modelCreated = await createModelIfMissing(backend, req.name);
  return { version: await backend.createModelVersion(req), modelCreated };
}

/**
 * A source as MLflow stores it: `runs:/<id>/<path>` resolves to the run's
 * artifact location (docs/uris.md#what-a-version-source-holds), everything else is kept as given.
 */
export async function resolveSource(backend: RegistryBackend, source: string, runId: string | undefined): Promise<{ source: string; runId?: string }> {
  if (!/^runs:\//i.test(source)) return { source, runId };
  const ref = parseRunsUri(source);
  const run = await backend.getRun(ref.runId);
  if (!run.artifactUri) throw new Error(`Run ${ref.runId} has no artifact location, so ${source} cannot be resolved.`);
  return { source: resolveRunsUri(run.artifactUri, ref.artifactPath), runId: runId ?? ref.runId };
}
