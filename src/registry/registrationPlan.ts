/**
 * What MLflow would store for a model folder registered as a new version
 * (docs/sqlite-store.md#writes, docs/uris.md#runs-uris, docs/uris.md#mlmodel). No vscode import.
 *
 * - A run's artifacts (`mlruns/<exp>/<run>/artifacts/<path>`): as
 *   `mlflow.register_model("runs:/<run>/<path>")`: source = the run's
 *   `artifact_uri` as stored + `/<path>`, run_id = the run.
 * - An MLflow 3 logged model (`mlruns/<exp>/models/<id>/artifacts`, or an
 *   MLmodel with `model_id`): as `mlflow.register_model("models:/<id>")`:
 *   source = `models:/<id>`, run_id = the logged model's source run; the store
 *   sets storage_location to the logged model's artifact location.
 * - Any other folder: source = its absolute path, as MLflow keeps a plain
 *   path; run_id from the MLmodel when this registry has that run.
 *
 * run_link stays empty: MLflow fills it only on Databricks.
 */
import type { RegistryBackend } from '../core/backend';
import { isMlflowError } from '../core/errors';
import type { LoggedModel, Run } from '../core/types';
import { resolveRunsUri } from '../core/uri';
import type { ModelFolder } from './modelFolder';

export interface RegistrationPlan {
  source: string;
  runId?: string;
  modelId?: string;
  /** The run the version will link to, when the registry has it. */
  run: Run | null;
  loggedModel: LoggedModel | null;
  /** The MLflow URI this registration is equivalent to (`runs:/…`, `models:/m-…`) or the path. */
  equivalentUri: string;
  /** Something the user should know, e.g. that the run is not in this registry. */
  note?: string;
}

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST') || isMlflowError(e, 'INVALID_PARAMETER_VALUE')) return null;
    throw e;
  }
}

/** True when this registry knows the folder's run or logged model, so it is "the registry that holds that run". */
export async function registryHolds(backend: RegistryBackend, folder: ModelFolder): Promise<boolean> {
  if (folder.modelId && (await orNull(backend.getLoggedModel(folder.modelId)))) return true;
  return folder.runId ? (await orNull(backend.getRun(folder.runId))) !== null : false;
}

export async function planRegistration(backend: RegistryBackend, folder: ModelFolder): Promise<RegistrationPlan> {
  if (folder.modelId) {
    const loggedModel = await orNull(backend.getLoggedModel(folder.modelId));
    if (loggedModel) {
      const runId = loggedModel.sourceRunId ?? folder.runId ?? undefined;
      const run = runId ? await orNull(backend.getRun(runId)) : null;
      const uri = `models:/${loggedModel.modelId}`;
      return { source: uri, runId, modelId: loggedModel.modelId, run, loggedModel, equivalentUri: uri };
    }
  }
  if (folder.layout === 'run' && folder.runId) {
    const run = await orNull(backend.getRun(folder.runId));
    if (run?.artifactUri) {
      const path = folder.runArtifactPath ?? '';
      return {
        source: resolveRunsUri(run.artifactUri, path),
        runId: run.runId,
        run,
        loggedModel: null,
        equivalentUri: `runs:/${run.runId}${path ? `/${path}` : ''}`,
      };
    }
  }
  const run = folder.runId ? await orNull(backend.getRun(folder.runId)) : null;
  let note: string | undefined;
  if (folder.layout !== 'folder' && !run) {
    note = folder.layout === 'loggedModel' ? `logged model ${folder.modelId} is not in this registry` : `run ${folder.runId} is not in this registry`;
  }
  return { source: folder.folder, runId: run?.runId, run, loggedModel: null, equivalentUri: folder.folder, note };
}
