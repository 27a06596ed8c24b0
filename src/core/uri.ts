/**
 * `models:/` and `runs:/` URIs with MLflow's parsing rules (docs/uris.md#models-uris, docs/uris.md#runs-uris;
 * mlflow/store/artifact/utils/models.py `_parse_model_uri`, runs_artifact_repo.py,
 * mlflow/utils/uri.py `append_to_uri_path`) and MLflow's resolution semantics.
 */
import type { RegistryBackend } from './backend';
import { type MlflowError, doesNotExist, invalidParameter } from './errors';
import type { LoggedModel, ModelVersion } from './types';
import { canonicalStage, parseVersion } from './validation';

export type ModelUri =
  | { kind: 'version'; name: string; version: string }
  | { kind: 'latest'; name: string }
  /**
   * Canonical (`Production`) when the text is one of the four stages; any other
   * text is kept as written so that resolving it fails the way MLflow does.
   */
  | { kind: 'stage'; name: string; stage: string }
  | { kind: 'alias'; name: string; alias: string }
  /** MLflow 3 logged model, `models:/m-…`. */
  | { kind: 'loggedModel'; modelId: string };

export type ResolvedModelUri =
  { kind: 'modelVersion'; version: ModelVersion; downloadUri: string } | { kind: 'loggedModel'; loggedModel: LoggedModel; downloadUri: string };

export interface RunsUri {
  runId: string;
  /** Relative to the run's artifact root; '' means the root itself. */
  artifactPath: string;
}

const LATEST = 'latest';

function improperModelUri(uri: string, why?: string): MlflowError {
  return invalidParameter(
    `Not a proper models:/ URI: ${uri}. ` +
      (why ? `${why}. ` : '') +
      "Models URIs must be of the form 'models:/<model_name>/suffix' or 'models:/<model_name>@alias' " +
      "where suffix is a model version, stage, or the string 'latest', or 'models:/<model_id>'.",
  );
}

/**
 * Splits `scheme:rest`, lower-casing the scheme as Python's urlparse does.
 * A one-letter "scheme" is a Windows drive (`C:\…`), not a scheme.
 */
export function splitScheme(uri: string): { scheme: string; rest: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(uri);
  if (!m || m[1].length === 1) return undefined;
  return { scheme: m[1].toLowerCase(), rest: m[2] };
}

/**
 * The one or two path segments of a `models:/` or `prompts:/` URI, after the
 * checks MLflow's parser makes for both (it reads prompts URIs in a prompts mode).
 */
export function uriSegments(uri: string, scheme: 'models' | 'prompts', improper: (uri: string, why?: string) => MlflowError): string[] {
  const split = typeof uri === 'string' ? splitScheme(uri) : undefined;
  if (!split || split.scheme !== scheme) throw improper(String(uri));
  const rest = split.rest;
  // `models://profile@databricks/…` names a Databricks workspace registry.
  if (rest.startsWith('//') && !rest.startsWith('///')) {
    throw improper(uri, `A registry named inside the URI (${scheme}://<profile>/…, e.g. Databricks) is not supported`);
  }
  if (!rest.startsWith('/') || rest.length <= 1) throw improper(uri);

  // MLflow strips every leading slash, so `models:///name/1` is `models:/name/1`.
  const parts = rest.replace(/^\/+/, '').split('/');
  if (parts.length > 2) throw improper(uri, 'It has more than two path segments');
  if (parts[0].trim() === '') throw improper(uri, `The ${scheme === 'models' ? 'model' : 'prompt'} name is empty`);
  return parts;
}

export function parseModelUri(uri: string): ModelUri {
  const parts = uriSegments(uri, 'models', improperModelUri);

  if (parts.length === 2) {
    const [name, suffix] = parts;
    if (suffix.trim() === '') throw improperModelUri(uri, 'The suffix after the model name is empty');
    if (/^\d+$/.test(suffix)) {
      // `models:/m/007` is version 7, as MLflow's int() reads it; BigInt keeps huge values exact.
      return { kind: 'version', name, version: BigInt(suffix).toString() };
    }
    if (suffix.toLowerCase() === LATEST) return { kind: 'latest', name };
    let stage = suffix;
    try {
      stage = canonicalStage(suffix);
    } catch {
      // Not one of the four: keep the raw text; resolution reports the bad stage.
    }
    return { kind: 'stage', name, stage };
  }

  const single = parts[0];
  const at = single.lastIndexOf('@');
  if (at >= 0) {
    // The last '@' separates the alias, so model names may contain '@'.
    const name = single.slice(0, at);
    const alias = single.slice(at + 1);
    if (name.trim() === '') throw improperModelUri(uri, 'The model name before the alias is empty');
    if (alias.trim() === '') throw improperModelUri(uri, "The alias after '@' is empty");
    return { kind: 'alias', name, alias };
  }
  return { kind: 'loggedModel', modelId: single };
}

export type ModelUriInput = ModelUri | { kind: 'version'; name: string; version: number };

/**
 * Builds a URI that `parseModelUri` reads back to the same thing. Throws when
 * that is impossible, e.g. a legacy model name containing '/'.
 */
export function formatModelUri(ref: ModelUriInput): string {
  if (ref.kind === 'loggedModel') {
    if (ref.modelId === '' || ref.modelId.includes('/') || ref.modelId.includes('@')) {
      throw invalidParameter(`Logged model id '${ref.modelId}' cannot be written as a models:/ URI.`);
    }
    return `models:/${ref.modelId}`;
  }
  const name = ref.name;
  if (name.trim() === '' || name.includes('/')) {
    throw invalidParameter(`Model name '${name}' cannot be written as a models:/ URI.`);
  }
  switch (ref.kind) {
    case 'version': {
      const v = parseVersion(ref.version);
      // A negative "version" would read back as a stage name.
      if (v < 0) throw invalidParameter(`Model version must be a non-negative integer, got '${ref.version}'`);
      return `models:/${name}/${v}`;
    }
    case 'latest':
      return `models:/${name}/latest`;
    case 'stage':
      return `models:/${name}/${canonicalStage(ref.stage)}`;
    case 'alias':
      if (ref.alias === '' || ref.alias.includes('/') || ref.alias.includes('@')) {
        throw invalidParameter(`Alias '${ref.alias}' cannot be written as a models:/ URI.`);
      }
      return `models:/${name}@${ref.alias}`;
  }
}

function improperRunsUri(uri: string, why?: string): MlflowError {
  return invalidParameter(
    `Not a proper runs:/ URI: ${uri}. ` + (why ? `${why}. ` : '') + "Runs URIs must be of the form 'runs:/<run_id>/run-relative/path/to/artifact'",
  );
}

export function parseRunsUri(uri: string): RunsUri {
  const split = typeof uri === 'string' ? splitScheme(uri) : undefined;
  if (!split || split.scheme !== 'runs') throw improperRunsUri(String(uri));
  const rest = split.rest;
  if (rest.startsWith('//')) throw improperRunsUri(uri, 'A host or profile inside the URI is not supported');
  if (!rest.startsWith('/') || rest.length <= 1) throw improperRunsUri(uri);
  const [runId, ...pathParts] = rest.slice(1).split('/');
  if (runId.trim() === '') throw improperRunsUri(uri, 'The run id is empty');
  // MLflow does not check this; we refuse to let a URI climb out of the run's artifacts.
  if (pathParts.includes('..')) throw improperRunsUri(uri, "The artifact path must not contain '..'");
  return { runId, artifactPath: pathParts.join('/') };
}

/** `posixpath.join(prefix, suffix)` after MLflow strips the suffix's leading slashes. */
function joinPosix(prefix: string, suffix: string): string {
  if (prefix === '') return suffix;
  const rel = suffix.replace(/^\/+/, '');
  return prefix.endsWith('/') ? prefix + rel : `${prefix}/${rel}`;
}

/**
 * `<run.artifact_uri>/<path>` as MLflow's `append_to_uri_path` builds it: plain
 * paths are joined as POSIX paths; for URIs only the path part is extended, so
 * `file:///x`, `s3://bucket/x?versionId=1` and `mlflow-artifacts:/x` keep their form.
 */
export function resolveRunsUri(artifactUri: string, artifactPath: string): string {
  if (artifactPath === '' || /^\/+$/.test(artifactPath)) return artifactUri;
  const split = splitScheme(artifactUri);
  if (!split) return joinPosix(artifactUri, artifactPath);

  const m = /^(\/\/[^/?#]*)?([^?#]*)(.*)$/s.exec(split.rest) as RegExpExecArray;
  const authority = m[1] ?? '';
  const path = m[2];
  const tail = m[3]; // query and fragment stay after the path
  let joined = joinPosix(path, artifactPath);
  // `s3://bucket` + `model` must become `s3://bucket/model`, not `s3://bucketmodel`.
  if (authority !== '' && !joined.startsWith('/')) joined = `/${joined}`;
  return `${split.scheme}:${authority}${joined}${tail}`;
}

function maxVersion(versions: ModelVersion[]): ModelVersion {
  return versions.reduce((best, mv) => (BigInt(mv.version) > BigInt(best.version) ? mv : best));
}

/**
 * What a `models:/` URI points at, with MLflow's semantics (docs/sqlite-store.md#reads, docs/uris.md#models-uris),
 * plus where its files are.
 */
export async function resolveModelUri(backend: RegistryBackend, uri: string): Promise<ResolvedModelUri> {
  const parsed = parseModelUri(uri);
  if (parsed.kind === 'loggedModel') {
    const loggedModel = await backend.getLoggedModel(parsed.modelId);
    return { kind: 'loggedModel', loggedModel, downloadUri: loggedModel.artifactLocation };
  }

  let version: ModelVersion;
  switch (parsed.kind) {
    case 'version':
      version = await backend.getModelVersion(parsed.name, parsed.version);
      break;
    case 'alias':
      version = await backend.getModelVersionByAlias(parsed.name, parsed.alias);
      break;
    case 'latest':
    case 'stage': {
      // An unknown stage fails here with MLflow's "Invalid Model Version stage" message.
      const stage = parsed.kind === 'stage' ? canonicalStage(parsed.stage) : undefined;
      const latest = await backend.getLatestVersions(parsed.name, stage ? [stage] : undefined);
      if (latest.length === 0) {
        const stageText = stage ? ` and stage '${stage}'` : '';
        throw doesNotExist(`No versions of model with name '${parsed.name}'${stageText} found`);
      }
      // One row per stage comes back, in no promised order: "latest" is the highest
      // number among them, never simply the first (docs/sqlite-store.md#reads).
      const newest = maxVersion(latest);
      // Re-read it so the answer carries aliases like any other resolution.
      version = await backend.getModelVersion(parsed.name, newest.version);
      break;
    }
  }
  const downloadUri = await backend.getModelVersionDownloadUri(version.name, version.version);
  return { kind: 'modelVersion', version, downloadUri };
}
