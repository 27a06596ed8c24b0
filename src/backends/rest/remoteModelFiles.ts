/**
 * A model version's files read through the MLflow server (docs/rest-api.md#model-files):
 * its `mlflow-artifacts` routes when the version lives in `--serve-artifacts`
 * storage, its run-artifact routes when the files are a run's artifacts on the
 * server's own disk. The server's listings are hostile input: every name in
 * them must be one plain path segment below the folder that was listed.
 */
import { isMlflowError } from '../../core/errors';
import { joinModelPath, missingError, outsideError, safeModelPath, tooLargeError } from '../../core/modelFiles';
import type { ModelFileEntry, ModelFiles, ModelFilesAccess } from '../../core/modelFiles';
import type { ModelVersion, Run } from '../../core/types';
import { ENDPOINTS, PROXIED_ARTIFACTS } from './endpoints';
import type { HttpClient } from './httpClient';
import { RestError } from './restErrors';

interface WireFile {
  path?: unknown;
  is_dir?: unknown;
  file_size?: unknown;
}

/** Where a file of the model folder is on the server, in the terms of one family of routes. */
interface Route {
  list(at: string): Promise<WireFile[]>;
  /** The listed name that stands for `name` directly inside `at`. */
  listedAs(at: string, name: string): string;
  get(at: string, maxBytes: number): Promise<Buffer | 'tooLarge'>;
}

const segment = (name: string): boolean => safeModelPath(name) === name && !name.includes('/');

class ServerModelFiles implements ModelFiles {
  constructor(
    readonly where: string,
    /** The model folder's path in the route's terms ('' for its root). */
    private readonly base: string,
    private readonly route: Route,
  ) {}

  async list(dir: string): Promise<ModelFileEntry[]> {
    const safe = safeModelPath(dir, true);
    if (safe === null) throw outsideError(dir);
    const at = joinModelPath(this.base, safe);
    const out: ModelFileEntry[] = [];
    for (const file of await this.route.list(at)) {
      const listed = typeof file.path === 'string' ? file.path : '';
      const name = listed.slice(listed.lastIndexOf('/') + 1);
      // Anything but `<folder listed>/<one plain name>` could make a download write outside its folder.
      if (!segment(name) || this.route.listedAs(at, name) !== listed) throw outsideError(listed);
      const size = typeof file.file_size === 'number' ? file.file_size : typeof file.file_size === 'string' ? Number(file.file_size) : null;
      out.push({ path: joinModelPath(safe, name), isDir: file.is_dir === true, size: file.is_dir === true || !Number.isFinite(size) ? null : size });
    }
    return out;
  }

  async read(path: string, maxBytes: number): Promise<Uint8Array> {
    const safe = safeModelPath(path);
    if (safe === null) throw outsideError(path);
    let body: Buffer | 'tooLarge';
    try {
      body = await this.route.get(joinModelPath(this.base, safe), maxBytes);
    } catch (e) {
      if ((e instanceof RestError && e.status === 404) || (isMlflowError(e) && e.code === 'RESOURCE_DOES_NOT_EXIST')) throw missingError(path);
      throw e;
    }
    if (body === 'tooLarge') throw tooLargeError(path, maxBytes);
    return body;
  }
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

function proxiedRoute(client: HttpClient): Route {
  return {
    list: async (at) =>
      (await client.json<{ files?: WireFile[] }>({ method: 'GET', path: PROXIED_ARTIFACTS, query: { path: at || undefined }, retry: 'safe' })).files ?? [],
    // This route lists bare names.
    listedAs: (_at, name) => name,
    get: (at, maxBytes) => client.bytes({ method: 'GET', path: `${PROXIED_ARTIFACTS}/${encodePath(at)}`, retry: 'safe', maxBytes }),
  };
}

function runRoute(client: HttpClient, runId: string): Route {
  return {
    list: async (at) =>
      (await client.json<{ files?: WireFile[] }>({ ...ENDPOINTS.listRunArtifacts, query: { run_id: runId, path: at || undefined } })).files ?? [],
    // This route lists paths from the run's artifact root.
    listedAs: (at, name) => joinModelPath(at, name),
    get: (at, maxBytes) => client.bytes({ ...ENDPOINTS.runArtifact, query: { run_uuid: runId, path: at }, maxBytes }),
  };
}

const schemeOf = (uri: string): string | null => {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(uri);
  return m && !/^[a-z]:[\\/]/i.test(uri) ? m[1].toLowerCase() : null;
};

/** `mlflow-artifacts:/a/b` or `mlflow-artifacts://host:port/a/b` → `a/b`. */
function proxiedPath(uri: string): string | null {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?(\/[^?#]*)?$/i.exec(uri);
  return m ? safeModelPath((m[1] ?? '').replace(/^\/+/, ''), true) : null;
}

/** The part of `uri` below `root`, or null when it is not below it. */
function below(root: string, uri: string): string | null {
  const trimmed = root.replace(/\/+$/, '');
  if (uri === trimmed) return '';
  return uri.startsWith(`${trimmed}/`) ? safeModelPath(uri.slice(trimmed.length + 1), true) : null;
}

/** `runs:/<run_id>/<path>` as a version may still carry it from an old client. */
function runsUri(source: string | null): { runId: string; path: string } | null {
  const m = /^runs:\/([^/]+)(?:\/(.*))?$/.exec(source ?? '');
  if (!m) return null;
  const path = safeModelPath(m[2] ?? '', true);
  return path === null ? null : { runId: m[1], path };
}

export async function remoteModelFiles(
  client: HttpClient,
  downloadUri: string,
  version: ModelVersion,
  getRun: (runId: string) => Promise<Run>,
): Promise<ModelFilesAccess> {
  const server = client.location;
  const unavailable = (reason: string): ModelFilesAccess => ({ available: false, where: downloadUri || null, reason });
  if (!downloadUri) return unavailable(`The server at ${server} names no location for this version's files.`);
  const scheme = schemeOf(downloadUri);
  if (scheme === 'mlflow-artifacts') {
    const base = proxiedPath(downloadUri);
    if (base === null) return unavailable(`The location ${downloadUri} does not name a folder of the server's artifact storage, so nothing was read.`);
    return { available: true, files: new ServerModelFiles(downloadUri, base, proxiedRoute(client)) };
  }
  if (scheme !== null && scheme !== 'file') {
    return unavailable(
      `The files are in ${scheme}: storage (${downloadUri}), which the server at ${server} does not pass on. ` +
        'A server started with --serve-artifacts serves them; otherwise read them with that storage’s own tools.',
    );
  }
  const fromRuns = runsUri(version.source);
  if (fromRuns) return { available: true, files: new ServerModelFiles(downloadUri, fromRuns.path, runRoute(client, fromRuns.runId)) };
  const run = version.runId ? await getRun(version.runId).catch(() => null) : null;
  const rel = run?.artifactUri ? below(run.artifactUri, downloadUri) : null;
  if (run && rel !== null) return { available: true, files: new ServerModelFiles(downloadUri, rel, runRoute(client, run.runId)) };
  return unavailable(
    `The files are at ${downloadUri} on the server's machine, outside the artifacts of a run, which is all the server at ${server} serves there.`,
  );
}
