import { log } from '../vscode/log';
import type { RegistryBackend } from '../core/backend';
import { isMlflowError } from '../core/errors';
import type { CreateModelVersionRequest, ModelVersion } from '../core/types';

/**
 * As `mlflow.register_model`: the registered model is created when it does
 * not exist yet, then the version.
 */
export async function registerVersionLikeMlflow(backend: RegistryBackend, req: CreateModelVersionRequest): Promise<ModelVersion> {
  try {
    await backend.createRegisteredModel({ name: req.name });
    log().info(`Created registered model ${req.name}`);
  } catch (e) {
    if (!isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) throw e;
  }
  return backend.createModelVersion(req);
}
