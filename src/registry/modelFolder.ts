/**
 * Model folders on disk: any folder holding an `MLmodel` file (docs/uris.md#mlmodel),
 * and where it sits in MLflow's local layout (docs/uris.md#local-layout). No vscode import:
 * the unit tests run it on the fixtures' real mlruns.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { runFromArtifactPath } from '../core/artifacts';
import { parseMlModel, type MlModel } from '../core/mlmodel';

export const MLMODEL_FILE = 'MLmodel';

/** True when `dir` holds an `MLmodel` file: the one rule for "Register Model…" (the MLflow UI applies the same). */
export function isModelFolder(dir: string): boolean {
  try {
    return statSync(join(dir, MLMODEL_FILE)).isFile();
  } catch {
    return false;
  }
}

/** Deeper than any model layout MLflow writes; a guard against pathological chains. */
const MAX_CHAIN = 32;

/** The folder's only entry, when it has exactly one and that is a folder (what VS Code's compact folders join into one row). */
export function onlyChildFolder(dir: string): string | undefined {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    return entries.length === 1 && entries[0].isDirectory() ? join(dir, entries[0].name) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The model folder a click on `dir` means: `dir` itself when it holds an
 * MLmodel, otherwise the end of its chain of only-child folders when that
 * holds one. With compact folders, a row such as `<run>/artifacts/model`
 * passes whichever segment was clicked; every segment leads to `model`.
 * Undefined when neither holds an MLmodel.
 */
export function resolveModelFolder(dir: string): string | undefined {
  let current = resolve(dir);
  for (let depth = 0; depth <= MAX_CHAIN; depth++) {
    if (isModelFolder(current)) return current;
    const next = onlyChildFolder(current);
    if (next === undefined) return undefined;
    current = next;
  }
  return undefined;
}

export type ModelFolderLayout =
  /** `mlruns/<exp>/<run_id>/artifacts/<path>` */
  | 'run'
  /** `mlruns/<exp>/models/<model_id>/artifacts` (MLflow 3 logged model) */
  | 'loggedModel'
  /** anywhere else, e.g. `mlflow.<flavor>.save_model(path=…)` */
  | 'folder';

export interface ModelFolder {
  /** Absolute path of the folder. */
  folder: string;
  mlmodel: MlModel;
  layout: ModelFolderLayout;
  /** The run: from the path for a run's artifacts, otherwise from the MLmodel. */
  runId: string | null;
  /** MLflow 3 logged model id: from the path, otherwise from the MLmodel. */
  modelId: string | null;
  experimentId: string | null;
  /** Relative to the run's artifact root (`model`, `''` for the root itself); null outside a run. */
  runArtifactPath: string | null;
  /** The `mlruns` folder the model lives in, if any. */
  mlruns: string | null;
  /** The `mlflow.db` beside that `mlruns` (where `MLFLOW_TRACKING_URI=sqlite:///mlflow.db` puts it), if it exists. */
  registryDb: string | null;
}

/** The nearest `mlruns` folder at or above `path`. */
function mlrunsAncestor(path: string): string | null {
  for (let dir = path; ;) {
    if (basename(dir) === 'mlruns') return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Reads a model folder; throws with the reason when it holds no (readable) MLmodel. */
export function describeModelFolder(folderPath: string): ModelFolder {
  const folder = resolve(folderPath);
  const file = join(folder, MLMODEL_FILE);
  if (!existsSync(file)) throw new Error(`${folder} holds no ${MLMODEL_FILE} file, so it is not an MLflow model folder.`);
  let mlmodel: MlModel;
  try {
    mlmodel = parseMlModel(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} could not be read: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const place = runFromArtifactPath(folder);
  const mlruns = place ? mlrunsAncestor(folder) : null;
  const db = mlruns ? join(dirname(mlruns), 'mlflow.db') : null;
  const layout: ModelFolderLayout = place?.modelId ? 'loggedModel' : place?.runId ? 'run' : 'folder';
  return {
    folder,
    mlmodel,
    layout,
    runId: place?.runId ?? mlmodel.runId,
    modelId: place?.modelId ?? mlmodel.modelId,
    experimentId: place?.experimentId ?? null,
    runArtifactPath: layout === 'run' ? place!.artifactPath : null,
    mlruns,
    registryDb: db && existsSync(db) ? db : null,
  };
}
