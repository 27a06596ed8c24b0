/**
 * Input validation with MLflow's rules and, where we know it, MLflow's wording
 * (docs/validation.md, mlflow/utils/validation.py, recorded server answers in fixtures/rest).
 * Both backends run these before touching storage, so a bad value fails the same
 * way whether the registry is a local mlflow.db or a remote server.
 */
import { MlflowError, invalidParameter } from './errors';
import { STAGES, type Stage } from './types';

export const MAX_TAG_KEY_LENGTH = 250;
/** 100 000 since MLflow 3.1.1 (5 000 before); the DB column is TEXT-sized either way. */
export const MAX_TAG_VALUE_LENGTH = 100_000;
export const MAX_ALIAS_LENGTH = 255;

/**
 * Python's `\w` on str patterns is Unicode-aware (letters, digits, `_`), so MLflow
 * accepts e.g. `größe` as a tag key. `\p{L}\p{N}_` is the closest JS equivalent.
 */
const WORD = String.raw`\p{L}\p{N}_`;
const TAG_KEY_REGEX = new RegExp(String.raw`^[/${WORD}.\- :]*$`, 'u');
const ALIAS_REGEX = new RegExp(String.raw`^[${WORD}\-]*$`, 'u');
const VERSION_LIKE_ALIAS_REGEX = /^[vV]\p{Nd}+$/u;

const BAD_TAG_CHARACTERS_MESSAGE = 'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).';
const BAD_ALIAS_CHARACTERS_MESSAGE = 'Names may only contain alphanumerics, underscores (_), and dashes (-).';

/** Python's `posixpath.normpath`, which MLflow uses to decide whether a name is "path-stable". */
export function posixNormpath(path: string): string {
  if (path === '') return '.';
  // POSIX allows exactly two leading slashes to mean something special; normpath keeps them.
  const leading = path.startsWith('//') && !path.startsWith('///') ? 2 : path.startsWith('/') ? 1 : 0;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (leading === 0 && out.length === 0) || out[out.length - 1] === '..') {
      out.push(part);
    } else if (out.length > 0) {
      out.pop();
    }
  }
  const joined = '/'.repeat(leading) + out.join('/');
  return joined === '' ? '.' : joined;
}

/**
 * MLflow's `path_not_unique`: a name that, used as a file path, would mean a
 * different file (`a//b`, `a/./b`, `./a`), climb out (`..`), or be absolute.
 */
export function isPathUnstable(name: string): boolean {
  const norm = posixNormpath(name);
  return norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

function badPathMessage(name: string): string {
  return (
    'Names may be treated as files in certain cases, and must not resolve to other names when treated as such. ' +
    `This name would resolve to '${posixNormpath(name)}'`
  );
}

/** MLflow's `_validate_length_limit` message; the value is cut to 250 chars as MLflow does. */
function checkLength(entity: string, limit: number, value: string | null | undefined): void {
  if (value != null && value.length > limit) {
    throw invalidParameter(`${entity} '${value.slice(0, 250)}' had length ${value.length}, which exceeded length limit of ${limit}`);
  }
}

/**
 * For looking up an existing model: only "not empty". Names that newer MLflow
 * refuses to create (with `/` or `:`) exist in older files and must stay readable.
 */
export function validateModelName(name: string | null | undefined): void {
  if (name == null || name === '') {
    throw invalidParameter('Registered model name cannot be empty.');
  }
}

/**
 * For create and rename: MLflow 3.11.1's rule. The name must not contain `/` or
 * `:` and must be path-stable, because stores and artifact repositories use it
 * as a path component.
 */
export function validateNewModelName(name: string | null | undefined): void {
  validateModelName(name);
  const n = name as string;
  if (n.trim() === '') {
    throw invalidParameter(`Invalid model name: '${n}'. Registered model name cannot be blank.`);
  }
  if (n.includes('/') || n.includes(':')) {
    throw invalidParameter(`Invalid model name: '${n}'. Registered model name cannot contain '/' or ':'.`);
  }
  if (isPathUnstable(n)) {
    throw invalidParameter(`Invalid model name: '${n}'. ${badPathMessage(n)}`);
  }
}

/**
 * Versions travel as strings; MLflow runs them through Python's `int()`, which
 * tolerates surrounding whitespace and a sign. Numbers must already be integers.
 * The wording is what MLflow 2.17.2's server answered (fixtures/rest/25).
 */
export function parseVersion(version: string | number): number {
  const fail = (): MlflowError => invalidParameter(`Model version must be an integer, got '${String(version)}'`);
  if (typeof version === 'number') {
    if (!Number.isSafeInteger(version)) throw fail();
    return version;
  }
  if (typeof version !== 'string' || !/^\s*[+-]?\d+\s*$/.test(version)) throw fail();
  const n = Number(version.trim());
  if (!Number.isSafeInteger(n)) throw fail();
  return n;
}

/** Registered model and model version tag keys (same rule for both). */
export function validateTagKey(key: string | null | undefined): void {
  if (key == null || key === '') {
    throw invalidParameter('Tag name cannot be empty. A key name must be provided.');
  }
  if (!TAG_KEY_REGEX.test(key)) {
    throw invalidParameter(`Invalid tag name: '${key}'. ${BAD_TAG_CHARACTERS_MESSAGE}`);
  }
  if (isPathUnstable(key)) {
    throw invalidParameter(`Invalid tag name: '${key}'. ${badPathMessage(key)}`);
  }
  checkLength('Tag key', MAX_TAG_KEY_LENGTH, key);
}

/** A registered model tag's value may be absent (MLflow skips the check for None). */
export function validateModelTagValue(value: string | null | undefined): void {
  checkLength('Registered model value', MAX_TAG_VALUE_LENGTH, value);
}

/** A model version tag's value must be present (MLflow's `_validate_tag_value`). */
export function validateVersionTagValue(value: string | null | undefined): void {
  if (value == null) throw invalidParameter('Tag value cannot be None');
  checkLength('Model version value', MAX_TAG_VALUE_LENGTH, value);
}

/** Any well-formed alias: what get/delete alias accept. */
export function validateAliasName(alias: string | null | undefined): void {
  if (alias == null || alias === '') {
    throw invalidParameter('Registered model alias name cannot be empty.');
  }
  if (!ALIAS_REGEX.test(alias)) {
    throw invalidParameter(`Invalid alias name: '${alias}'. ${BAD_ALIAS_CHARACTERS_MESSAGE}`);
  }
  checkLength('Registered model alias name', MAX_ALIAS_LENGTH, alias);
}

/**
 * Setting an alias additionally refuses names that `models:/` URIs give another
 * meaning: `latest` and version-like `v3`.
 */
export function validateAliasForSet(alias: string | null | undefined): void {
  validateAliasName(alias);
  const a = alias as string;
  if (a.toLowerCase() === 'latest') {
    throw invalidParameter("'latest' alias name (case insensitive) is reserved.");
  }
  if (VERSION_LIKE_ALIAS_REGEX.test(a)) {
    throw invalidParameter(`Version alias name '${a}' is reserved.`);
  }
}

const CANONICAL_STAGES = new Map<string, Stage>(STAGES.map((s) => [s.toLowerCase(), s]));

/**
 * MLflow matches stages case-insensitively and stores the canonical spelling.
 * `Deleted_Internal` is deliberately not accepted: it is storage-only.
 */
export function canonicalStage(stage: string): Stage {
  const found = typeof stage === 'string' ? CANONICAL_STAGES.get(stage.toLowerCase()) : undefined;
  if (found === undefined) {
    throw invalidParameter(`Invalid Model Version stage: ${String(stage)}. Value must be one of ${STAGES.join(', ')}.`);
  }
  return found;
}

/** Search page sizes: a positive integer no larger than the endpoint's limit (docs/rest-api.md#paging-and-limits). */
export function validateMaxResults(n: number, max: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw invalidParameter(`Invalid value for max_results. It must be a positive integer, but got ${n}`);
  }
  if (n > max) {
    throw invalidParameter(`Invalid value for request parameter max_results. It must be at most ${max}, but got value ${n}`);
  }
}

/** The stages `archive_existing_versions` may target, in MLflow's order. */
const ACTIVE_STAGES: readonly Stage[] = ['Staging', 'Production'];

/**
 * Archiving the other versions only makes sense when moving into an active stage.
 * MLflow raises a bare MlflowException here, so its server answers 500
 * INTERNAL_ERROR (fixtures/rest/51); we keep that code for fidelity.
 * An unknown stage fails first with the usual INVALID_PARAMETER_VALUE.
 */
export function validateArchiveExisting(stage: string, archiveExistingVersions: boolean): void {
  const canonical = canonicalStage(stage);
  if (archiveExistingVersions && !ACTIVE_STAGES.includes(canonical)) {
    throw new MlflowError(
      'INTERNAL_ERROR',
      `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. ` +
        `Valid stages are ['Staging', 'Production']`,
    );
  }
}

/** `source` is a required field of CreateModelVersion; the text is MLflow's missing-parameter message. */
export function validateSource(source: string | null | undefined): void {
  if (source == null || source === '') {
    throw invalidParameter("Missing value for required parameter 'source'. See the API docs for more information about request parameters.");
  }
}
