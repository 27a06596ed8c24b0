import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { localPath, resolveArtifactPath } from '../core/artifacts';
import { quoteFilterValue } from '../core/filter/literal';
import { parseMlModel, type MlModel } from '../core/mlmodel';
import { listModelFilesDeep, ModelFileError, type ModelFileEntry, type ModelFileProblem, type ModelFiles } from '../core/modelFiles';
import type { RegistryBackend } from '../core/backend';
import { isKnownStage, type Experiment, type ModelVersion, type Run } from '../core/types';
import { formatModelUri } from '../core/uri';
import { byNameThenVersion } from '../core/versionText';
import type { RegistrySession } from '../registry/registrySession';
import type { Access } from './components';
import { loadLoggedModelLink, type LoggedModelLink } from './loggedModelLink';
import type { ModelRef } from './messages';

/** A location as stored, and where its files are on this machine (if they are). */
export interface Location {
  stored: string;
  /** The local folder (relocated beside the registry when the project moved), or null. */
  local: string | null;
  exists: boolean;
}

export interface InputExample {
  file: string;
  /** Set when the MLmodel points outside the model folder: a sentence for the page, and nothing was read. */
  refused?: string;
  /** pandas "split" orient (columns + data) becomes a table; anything else is shown as JSON. */
  table?: { columns: string[]; rows: unknown[][]; total: number };
  text?: string;
}

export interface MlModelInfo {
  /** Where the files were read: a local folder or the artifact URI. */
  folder: string;
  model: MlModel | null;
  error?: string;
  example?: InputExample;
  /** requirements.txt, when the folder has one. */
  requirements?: string;
  files?: { files: ModelFileEntry[]; truncated: boolean } | { error: string };
}

export interface VersionPageData {
  version: ModelVersion;
  run: Run | null;
  runError?: string;
  experiment: Experiment | null;
  /** Every version registered from the same run, this one included. */
  siblings: ModelVersion[];
  /** The logged model of a `models:/m-…` source (MLflow 3); absent for any other source. */
  logged?: LoggedModelLink | null;
  source: Location | null;
  storage: Location | null;
  mlmodel: MlModelInfo | null;
  /** Why the model files cannot be read from here (storage the server does not pass on, a folder not on this machine). */
  filesNote?: string;
  uris: { uri: string; ref: ModelRef; what: string }[];
  access: Access;
  /** MLFLOW_TRACKING_URI for `mlflow models serve`. */
  trackingUri: string;
  /**
   * Set on the first paint, made from the version alone: its run, logged model
   * and files are still being read (on a server, several round trips more).
   */
  pending?: true;
}

const MAX_EXAMPLE_BYTES = 256 * 1024;
const MAX_EXAMPLE_ROWS = 20;

export function registryDir(session: RegistrySession): string | null {
  return session.source.kind === 'sqlite' ? dirname(session.source.path) : null;
}

/** The URI MLflow's CLI needs to reach this registry: sqlite:////abs/path/mlflow.db or the server URL. */
export function trackingUriOf(session: RegistrySession): string {
  const s = session.source;
  if (s.kind === 'sqlite') return `sqlite:///${s.path}`;
  if (s.kind === 'remote') return s.url;
  return '';
}

function location(stored: string | null, dir: string | null): Location | null {
  if (!stored) return null;
  const local = localPath(stored) ? resolveArtifactPath(stored, dir) : null;
  return { stored, local, exists: local !== null && existsSync(local) };
}

const outsideSentence = (file: string) => `The MLmodel names ${file} as its input example, but that lies outside the model folder, so it was not read.`;
const MAX_MLMODEL_BYTES = 1024 * 1024;
const MAX_REQUIREMENTS_BYTES = 64 * 1024;
/** Files listed on the page; a download takes them all. */
const MAX_LISTED_FILES = 500;

const utf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
const problemOf = (e: unknown): ModelFileProblem | undefined => (e instanceof ModelFileError ? e.problem : undefined);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function readExample(files: ModelFiles, file: string): Promise<InputExample | undefined> {
  let raw: string;
  try {
    raw = utf8(await files.read(file, MAX_EXAMPLE_BYTES));
  } catch (e) {
    const problem = problemOf(e);
    if (problem === 'outside') return { file, refused: outsideSentence(file) };
    if (problem === 'missing') return undefined;
    if (problem === 'tooLarge') return { file, text: `(larger than ${MAX_EXAMPLE_BYTES / 1024} KiB; not shown)` };
    throw e;
  }
  try {
    const json = JSON.parse(raw) as unknown;
    const split = json as { columns?: unknown; data?: unknown };
    if (split && Array.isArray(split.columns) && Array.isArray(split.data) && split.data.every(Array.isArray)) {
      const rows = split.data as unknown[][];
      return { file, table: { columns: split.columns.map(String), rows: rows.slice(0, MAX_EXAMPLE_ROWS), total: rows.length } };
    }
    return { file, text: JSON.stringify(json, null, 2) };
  } catch {
    return { file, text: raw };
  }
}

async function readRequirements(files: ModelFiles): Promise<string | undefined> {
  try {
    return utf8(await files.read('requirements.txt', MAX_REQUIREMENTS_BYTES));
  } catch (e) {
    if (problemOf(e) === 'tooLarge') return `(larger than ${MAX_REQUIREMENTS_BYTES / 1024} KiB; not shown)`;
    return undefined;
  }
}

async function listFiles(files: ModelFiles): Promise<MlModelInfo['files']> {
  try {
    return await listModelFilesDeep(files, MAX_LISTED_FILES);
  } catch (e) {
    return { error: message(e) };
  }
}

/** The MLmodel, its input example, requirements.txt and the file list, read through the backend's model files. */
export async function readMlModel(files: ModelFiles): Promise<MlModelInfo | null> {
  const folder = files.where;
  let source: string;
  try {
    source = utf8(await files.read('MLmodel', MAX_MLMODEL_BYTES));
  } catch (e) {
    const problem = problemOf(e);
    if (problem === 'missing') return null;
    if (problem === 'outside') return { folder, model: null, error: 'The MLmodel file leads outside the model folder (a symbolic link), so it was not read.' };
    return { folder, model: null, error: message(e) };
  }
  const [requirements, listing] = await Promise.all([readRequirements(files), listFiles(files)]);
  try {
    const model = parseMlModel(source);
    const example = model.inputExamplePath ? await readExample(files, model.inputExamplePath) : undefined;
    return { folder, model, example, requirements, files: listing };
  } catch (e) {
    return { folder, model: null, error: message(e), requirements, files: listing };
  }
}

/** The page's model section: read through the backend, or the sentence saying why it cannot be. */
async function loadModelFiles(session: RegistrySession, version: ModelVersion): Promise<{ mlmodel: MlModelInfo | null; filesNote?: string }> {
  try {
    const access = await session.backend.modelFiles(version.name, version.version);
    if (!access.available) return { mlmodel: null, filesNote: access.reason };
    return { mlmodel: await readMlModel(access.files) };
  } catch (e) {
    return { mlmodel: null, filesNote: `The model files could not be read: ${message(e)}` };
  }
}

function urisOf(v: ModelVersion): VersionPageData['uris'] {
  const out: VersionPageData['uris'] = [];
  const add = (ref: ModelRef, what: string) => {
    try {
      const uri =
        'version' in ref
          ? formatModelUri({ kind: 'version', name: v.name, version: ref.version })
          : 'alias' in ref
            ? formatModelUri({ kind: 'alias', name: v.name, alias: ref.alias })
            : formatModelUri({ kind: 'stage', name: v.name, stage: ref.stage });
      out.push({ uri, ref, what });
    } catch {
      // A legacy name with '/' has no models:/ form.
    }
  };
  add({ version: v.version }, 'this version, always');
  for (const alias of [...v.aliases].sort()) add({ alias }, `while @${alias} points here`);
  // A stage outside MLflow's four has no models:/ form MLflow would resolve.
  if (isKnownStage(v.currentStage) && v.currentStage !== 'None') add({ stage: v.currentStage }, `the newest version in ${v.currentStage}`);
  return out;
}

interface Lineage {
  run: Run | null;
  runError?: string;
  experiment: Experiment | null;
  siblings: ModelVersion[];
}

async function readRun(backend: RegistryBackend, runId: string): Promise<Pick<Lineage, 'run' | 'runError' | 'experiment'>> {
  try {
    const run = await backend.getRun(runId);
    return { run, experiment: await backend.getExperiment(run.experimentId).catch(() => null) };
  } catch (e) {
    return { run: null, runError: e instanceof Error ? e.message : String(e), experiment: null };
  }
}

/** Every version registered from the run, `version` included. */
async function readSiblings(backend: RegistryBackend, runId: string, version: ModelVersion): Promise<ModelVersion[]> {
  const runLiteral = quoteFilterValue(runId);
  if (runLiteral === undefined) return [version];
  const page = await backend.searchModelVersions({ filter: `run_id = ${runLiteral}`, maxResults: 1000 }).catch(() => undefined);
  if (!page) return [version];
  const siblings = page.items.filter((v) => v.runId === runId).sort(byNameThenVersion);
  if (!siblings.some((s) => s.name === version.name && s.version === version.version)) siblings.push(version);
  return siblings;
}

/** The run, its experiment and its other versions: independent reads, made at once (a server answers each after a round trip). */
async function readLineage(backend: RegistryBackend, runId: string | null, version: ModelVersion): Promise<Lineage> {
  if (!runId) return { run: null, experiment: null, siblings: [version] };
  const [run, siblings] = await Promise.all([readRun(backend, runId), readSiblings(backend, runId, version)]);
  return { ...run, siblings };
}

/** What the version alone tells, for the first paint while the rest is read. */
export function firstVersionPageData(session: RegistrySession, version: ModelVersion): VersionPageData {
  const dir = registryDir(session);
  return {
    version,
    run: null,
    experiment: null,
    siblings: [version],
    source: location(version.source, dir),
    storage: version.storageLocation && version.storageLocation !== version.source ? location(version.storageLocation, dir) : null,
    mlmodel: null,
    uris: urisOf(version),
    access: session.backend.writeAccess(),
    trackingUri: trackingUriOf(session),
    pending: true,
  };
}

/** `onVersion` hears of the version as soon as it is read, before its lineage and files are. */
export async function loadVersionPage(
  session: RegistrySession,
  name: string,
  versionNumber: string,
  onVersion?: (version: ModelVersion) => void,
): Promise<VersionPageData> {
  const backend = session.backend;
  const version = await backend.getModelVersion(name, versionNumber);
  onVersion?.(version);
  const loggedRead = loadLoggedModelLink(backend, version);
  // The model files are independent of the lineage: read them meanwhile.
  const filesRead = loadModelFiles(session, version);
  // MLflow fills a version's run from its logged model; a version written otherwise still has one through it.
  const runId = version.runId ?? (await loggedRead)?.model?.sourceRunId ?? null;
  const [logged, { run, runError, experiment, siblings }] = await Promise.all([loggedRead, readLineage(backend, runId, version)]);
  const { pending: _first, ...known } = firstVersionPageData(session, version);
  return { ...known, run, runError, experiment, siblings, logged, ...(await filesRead) };
}
