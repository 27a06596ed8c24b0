/**
 * What the comparison page reads for each version: the version, its run
 * (params, latest metrics), its MLflow 3 logged model (a `models:/m-…`
 * source) and its model files (MLmodel, requirements.txt, python_env.yaml).
 * Every read against the backend goes through one limiter (at most
 * COMPARE_READS_IN_FLIGHT at once), and the data is handed out as it
 * arrives, so the page paints the versions first and fills in the rest.
 */
import { l10n } from './pageL10n';
import { limiter } from '../core/limit';
import { parseMlModel, type MlModel } from '../core/mlmodel';
import { ModelFileError, type ModelFiles } from '../core/modelFiles';
import type { RegistryBackend } from '../core/backend';
import type { LoggedModelMetric, ModelVersion, Run } from '../core/types';
import type { RegistrySession } from '../registry/registrySession';
import { columnLabels } from './compareTarget';
import { loggedModelIdOf } from './loggedModelLink';
import type { ChartSeries } from './metricChart';
import { loadMetricHistories } from './metricHistories';
import type { VersionRef } from './messages';

export const COMPARE_READS_IN_FLIGHT = 4;

export interface CompareFiles {
  mlmodel: MlModel | null;
  requirements: string | null;
  pythonEnv: string | null;
  /** Why the files (or the MLmodel) could not be read, as a sentence for the page. */
  note?: string;
}

/** One column. `undefined` fields are still being read; `null` ones were read and are absent. */
export interface CompareColumn {
  ref: VersionRef;
  version?: ModelVersion | null;
  error?: string;
  run?: Run | null;
  runError?: string;
  /** Latest value per key of the logged model's metrics; null when the source is not a logged model. */
  loggedMetrics?: Record<string, number> | null;
  loggedModelId?: string | null;
  files?: CompareFiles;
}

export interface CompareData {
  columns: CompareColumn[];
  /** Each metric of the runs with one series per version; absent until the runs are read. */
  charts?: { key: string; series: ChartSeries[] }[];
  /** False until every read has settled. */
  complete: boolean;
}

const MAX_FILE_BYTES = 256 * 1024;
const utf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The latest value per key (highest step, then newest), as a run's metrics are. */
export function latestLoggedMetrics(metrics: LoggedModelMetric[]): Record<string, number> {
  const latest = new Map<string, LoggedModelMetric>();
  for (const m of metrics) {
    if (m.value === null) continue;
    const held = latest.get(m.key);
    if (!held || m.step > held.step || (m.step === held.step && m.timestamp >= held.timestamp)) latest.set(m.key, m);
  }
  return Object.fromEntries([...latest].map(([k, m]) => [k, m.value as number]));
}

async function readText(files: ModelFiles, path: string): Promise<string | null> {
  try {
    return utf8(await files.read(path, MAX_FILE_BYTES));
  } catch (e) {
    if (e instanceof ModelFileError) return null;
    throw e;
  }
}

async function readFiles(backend: RegistryBackend, ref: VersionRef, limit: ReturnType<typeof limiter>): Promise<CompareFiles> {
  try {
    const access = await limit(() => backend.modelFiles(ref.name, ref.version));
    if (!access.available) return { mlmodel: null, requirements: null, pythonEnv: null, note: access.reason };
    const files = access.files;
    const [source, requirements, pythonEnv] = await Promise.all(['MLmodel', 'requirements.txt', 'python_env.yaml'].map((p) => limit(() => readText(files, p))));
    try {
      return { mlmodel: source === null ? null : parseMlModel(source), requirements, pythonEnv };
    } catch (e) {
      return { mlmodel: null, requirements, pythonEnv, note: l10n.t('The MLmodel could not be read: {0}', message(e)) };
    }
  } catch (e) {
    return { mlmodel: null, requirements: null, pythonEnv: null, note: l10n.t('The model files could not be read: {0}', message(e)) };
  }
}

async function readRun(backend: RegistryBackend, column: CompareColumn, runId: string | null, limit: ReturnType<typeof limiter>): Promise<void> {
  if (!runId) {
    column.run = null;
    return;
  }
  try {
    column.run = await limit(() => backend.getRun(runId));
  } catch (e) {
    column.run = null;
    column.runError = message(e);
  }
}

async function readLogged(backend: RegistryBackend, column: CompareColumn, version: ModelVersion, limit: ReturnType<typeof limiter>): Promise<string | null> {
  const modelId = loggedModelIdOf(version);
  column.loggedModelId = modelId;
  if (!modelId) {
    column.loggedMetrics = null;
    return null;
  }
  try {
    const model = await limit(() => backend.getLoggedModel(modelId));
    column.loggedMetrics = latestLoggedMetrics(model.metrics);
    return model.sourceRunId;
  } catch {
    column.loggedMetrics = null;
    return null;
  }
}

/** The rest of one column, once its version is known: the run (through the logged model when the version names none) and the files. */
async function fillColumn(backend: RegistryBackend, column: CompareColumn, limit: ReturnType<typeof limiter>, changed: () => void): Promise<void> {
  const version = column.version;
  if (!version) {
    column.run = null;
    column.loggedMetrics = null;
    column.files = { mlmodel: null, requirements: null, pythonEnv: null };
    return;
  }
  const files = readFiles(backend, column.ref, limit).then((f) => {
    column.files = f;
    changed();
  });
  const sourceRun = await readLogged(backend, column, version, limit);
  await readRun(backend, column, version.runId ?? sourceRun, limit);
  changed();
  await files;
}

/**
 * The metric keys some run logged past step 0 (one logged only at step 0 has no
 * curve, and the metrics table already shows it), each with one history per
 * version whose run has it.
 */
async function readCharts(backend: RegistryBackend, columns: CompareColumn[]): Promise<CompareData['charts']> {
  const labels = columnLabels(columns.map((c) => c.ref));
  const runs = columns.flatMap((c, i) => (c.run ? [{ label: labels[i], runId: c.run.runId }] : []));
  const overSteps = columns.flatMap((c) => (c.run ? Object.keys(c.run.metrics).filter((k) => (c.run?.metricDetails[k]?.step ?? 0) > 0) : []));
  const keys = [...new Set(overSteps)].sort((a, b) => a.localeCompare(b));
  if (runs.length === 0 || keys.length === 0) return [];
  const histories = await loadMetricHistories(backend, runs, keys);
  return keys.map((key) => ({ key, series: (histories.get(key) ?? []).filter((s) => s.points.length > 0) }));
}

/**
 * Reads every column; `onProgress` gets a snapshot after the versions and
 * after each later read (the caller renders it), the promise the final data.
 */
export async function loadComparison(session: RegistrySession, refs: VersionRef[], onProgress?: (data: CompareData) => void): Promise<CompareData> {
  const backend = session.backend;
  const limit = limiter(COMPARE_READS_IN_FLIGHT);
  const columns: CompareColumn[] = refs.map((ref) => ({ ref }));
  const snapshot = (complete: boolean): CompareData => ({ columns: columns.map((c) => ({ ...c })), complete });
  await Promise.all(
    columns.map(async (c) => {
      try {
        c.version = await limit(() => backend.getModelVersion(c.ref.name, c.ref.version));
      } catch (e) {
        c.version = null;
        c.error = message(e);
      }
    }),
  );
  onProgress?.(snapshot(false));
  await Promise.all(columns.map((c) => fillColumn(backend, c, limit, () => onProgress?.(snapshot(false)))));
  return { ...snapshot(true), charts: await readCharts(backend, columns) };
}
