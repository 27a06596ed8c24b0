import type { RegistryBackend } from '../../core/backend';
import { MlflowError, isMlflowError } from '../../core/errors';
import { quoteFilterValue } from '../../core/filter/literal';
import type { ModelVersion } from '../../core/types';

/** Beyond this many versions, probing one by one costs more requests than a user would wait for. */
export const MAX_PROBED_VERSIONS = 500;
const PROBES_AT_ONCE = 8;
const SEARCH_PAGE = 10_000;

type Reads = Pick<RegistryBackend, 'location' | 'searchModelVersions' | 'getRegisteredModel' | 'getModelVersion'>;

/**
 * A model's versions from a tracking server. MLflow only lists versions through a
 * search filter, so the name is quoted the one way MLflow's lexer reads back exactly;
 * a name its grammar cannot express (one holding both quote kinds) is read through
 * endpoints that take the name as a parameter: registered-models/get gives the
 * highest live version (in latest_versions), then model-versions/get each one.
 */
export async function listVersionsByName(backend: Reads, name: string, limit?: number): Promise<ModelVersion[]> {
  const literal = quoteFilterValue(name);
  if (literal !== undefined) return searchAll(backend, `name = ${literal}`, limit);
  const all = await probeEach(backend, name);
  return limit === undefined ? all : all.slice(0, limit);
}

async function searchAll(backend: Reads, filter: string, limit?: number): Promise<ModelVersion[]> {
  const out: ModelVersion[] = [];
  let pageToken: string | undefined;
  do {
    const maxResults = limit === undefined ? SEARCH_PAGE : Math.min(SEARCH_PAGE, limit - out.length);
    const page = await backend.searchModelVersions({ filter, maxResults, orderBy: ['version_number DESC'], pageToken });
    out.push(...page.items);
    pageToken = limit !== undefined && out.length >= limit ? undefined : page.nextPageToken;
  } while (pageToken);
  return out;
}

async function probeEach(backend: Reads, name: string): Promise<ModelVersion[]> {
  const model = await backend.getRegisteredModel(name);
  const highest = Math.max(0, ...model.latestVersions.filter((v) => v.name === name).map((v) => Number(v.version)));
  if (highest > MAX_PROBED_VERSIONS) {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `The MLflow server at ${backend.location} cannot list the versions of model '${name}': its name holds both ' and ", ` +
        `which MLflow's search filter cannot express, and reading its ${highest} versions one by one is too many requests.`,
    );
  }
  const found: ModelVersion[] = [];
  for (let top = highest; top >= 1; top -= PROBES_AT_ONCE) {
    const batch = Array.from({ length: Math.min(PROBES_AT_ONCE, top) }, (_, i) => String(top - i));
    const got = await Promise.all(
      batch.map((version) =>
        backend.getModelVersion(name, version).catch((e: unknown) => {
          // Deleted versions leave gaps in the numbering.
          if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
          throw e;
        }),
      ),
    );
    for (const v of got) if (v) found.push(v);
  }
  return found;
}
