/**
 * Writes that must not simply be sent again after an ambiguous failure: the
 * connection dropped or timed out after the request left, so the server may
 * have done the work. Each one looks at the server before deciding.
 */
import { alreadyExists, isMlflowError } from '../../core/errors';
import type {
  CreateModelVersionRequest,
  CreateRegisteredModelRequest,
  ModelVersion,
  Page,
  RegisteredModel,
  SearchModelVersionsRequest,
} from '../../core/types';
import { RestError } from './restErrors';
import { sleep } from './retryTiming';

/** The reads the checks need; RestRegistry provides them. */
export interface RegistryReader {
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  searchModelVersions(req: SearchModelVersionsRequest): Promise<Page<ModelVersion>>;
}

export interface RetryPolicy {
  maxRetries: number;
  backoffMs(retryNumber: number): number;
}

const ambiguous = (e: unknown): e is RestError => e instanceof RestError && e.mayHaveApplied;

async function tryGetModel(reader: RegistryReader, name: string): Promise<RegisteredModel | undefined> {
  try {
    return await reader.getRegisteredModel(name);
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
    throw e;
  }
}

/** Runs the check; if the server cannot even answer that, the original failure is what the user needs. */
async function check<T>(original: RestError | Error, look: () => Promise<T>): Promise<T> {
  try {
    return await look();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (original instanceof RestError) {
      throw new RestError(original.code, `${original.message} Whether it took effect could not be checked: ${why}`, original.status, true);
    }
    throw original;
  }
}

/** Ours if it carries what we sent; MLflow's REST create stores a missing description as ''. */
function looksLikeOurs(m: RegisteredModel, req: CreateRegisteredModelRequest): boolean {
  if ((m.description ?? '') !== (req.description ?? '')) return false;
  return Object.entries(req.tags ?? {}).every(([k, v]) => m.tags[k] === v);
}

/** A lost answer to a create is settled by looking the name up; if absent, the create is safe to send again. */
export async function createModelChecked(
  send: () => Promise<RegisteredModel>,
  reader: RegistryReader,
  req: CreateRegisteredModelRequest,
  policy: RetryPolicy,
): Promise<RegisteredModel> {
  let earlierMayHaveApplied = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      // "already exists" right after an ambiguous attempt usually means that attempt worked.
      const lateSuccess = earlierMayHaveApplied && isMlflowError(e, 'RESOURCE_ALREADY_EXISTS');
      if (!ambiguous(e) && !lateSuccess) throw e;
      const found = await check(e as Error, () => tryGetModel(reader, req.name));
      if (found && looksLikeOurs(found, req)) return found;
      if (found) throw lateSuccess ? e : alreadyExists(`Registered Model (name=${req.name}) already exists.`);
      if (!ambiguous(e) || attempt >= policy.maxRetries) throw e;
      earlierMayHaveApplied = true;
      await sleep(policy.backoffMs(attempt + 1));
    }
  }
}

/** A lost answer to a rename is settled by which of the two names exists now. */
export async function renameModelChecked(
  send: () => Promise<RegisteredModel>,
  reader: RegistryReader,
  name: string,
  newName: string,
  policy: RetryPolicy,
): Promise<RegisteredModel> {
  let earlierMayHaveApplied = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const lateSuccess = earlierMayHaveApplied && isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST');
      if (!ambiguous(e) && !lateSuccess) throw e;
      const [renamed, old] = await check(e as Error, () => Promise.all([tryGetModel(reader, newName), tryGetModel(reader, name)]));
      if (renamed && !old) return renamed;
      if (!ambiguous(e) || renamed || !old || attempt >= policy.maxRetries) throw e;
      earlierMayHaveApplied = true;
      await sleep(policy.backoffMs(attempt + 1));
    }
  }
}

/** MLflow's filter strings have no escapes: a value is quoted with whichever quote it does not contain. */
function quoteFilterValue(v: string): string | undefined {
  if (!v.includes("'")) return `'${v}'`;
  if (!v.includes('"')) return `"${v}"`;
  return undefined;
}

/** How far back a version may have been stamped and still be ours: clock offset known or not. */
const SLACK_WITH_CLOCK_MS = 5_000;
const SLACK_WITHOUT_CLOCK_MS = 10 * 60_000;

/**
 * The version an ambiguous create may have made: same model, source and run,
 * created (by the server's clock) after the request started. The earliest such
 * version is ours; a later one would be someone else's.
 */
async function findCreatedVersion(
  reader: RegistryReader,
  req: CreateModelVersionRequest,
  startedAt: number,
  serverClockOffsetMs: number | undefined,
): Promise<ModelVersion | undefined> {
  const since = serverClockOffsetMs === undefined ? startedAt - SLACK_WITHOUT_CLOCK_MS : startedAt + serverClockOffsetMs - SLACK_WITH_CLOCK_MS;
  const quoted = quoteFilterValue(req.name);
  const page = await reader.searchModelVersions({
    filter: quoted ? `name = ${quoted}` : undefined,
    orderBy: ['creation_timestamp DESC'],
    maxResults: 100,
  });
  const candidates = page.items.filter(
    (v) => v.name === req.name && v.source === req.source && (v.runId ?? '') === (req.runId ?? '') && v.creationTimestamp >= since,
  );
  candidates.sort((a, b) => Number(a.version) - Number(b.version));
  return candidates[0];
}

/**
 * Creating a version is never sent twice (each copy makes a new number). After
 * an ambiguous failure the server is searched; nothing found means the user
 * is told, not that the request is repeated behind their back.
 */
export async function createVersionChecked(
  send: () => Promise<ModelVersion>,
  reader: RegistryReader,
  req: CreateModelVersionRequest,
  serverClockOffsetMs: () => number | undefined,
): Promise<ModelVersion> {
  const startedAt = Date.now();
  try {
    return await send();
  } catch (e) {
    if (!ambiguous(e)) throw e;
    const found = await check(e, () => findCreatedVersion(reader, req, startedAt, serverClockOffsetMs()));
    if (found) return found;
    throw new RestError(
      e.code,
      `${e.message} No new version of ${req.name} from that source was found on the server afterwards, so it was probably not registered; ` +
        'it may still appear if the server is slow, so refresh before registering again.',
      e.status,
      true,
    );
  }
}
