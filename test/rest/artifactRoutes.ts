/**
 * The artifact routes of an MLflow server (docs/rest-api.md#model-files), for the
 * MLflow-like test server: run artifacts (`/api/2.0/mlflow/artifacts/list`,
 * `/get-artifact`) as 2.17.2 answers them (fixtures/rest/15, 30), and, when the
 * server plays `--serve-artifacts`, the `mlflow-artifacts` routes over the same
 * `mlruns` folder. Files are read from the fixture's own `mlruns`, never written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { containedPath } from '../../src/core/containedPath';
import { MlflowError, invalidParameter } from '../../src/core/errors';

export interface ArtifactOptions {
  /** The `mlruns` folder whose files the server hands out. */
  mlruns: string;
  /** Plays `mlflow server --serve-artifacts`: download URIs become `mlflow-artifacts:/<path below mlruns>`. */
  proxied?: boolean;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  body: string | Buffer;
}

const PROXIED = '/api/2.0/mlflow-artifacts/artifacts';

const jsonAnswer = (value: unknown): RawAnswer => ({ status: 200, contentType: 'application/json', body: JSON.stringify(value, null, 2) });

/** A path below `mlruns`, resolved as the server's own artifact repository would, or an error. */
function inside(mlruns: string, path: string): string {
  if (path === '') return mlruns;
  const at = containedPath(mlruns, path);
  if (at.kind === 'outside') throw invalidParameter(`Invalid path: ${path}`);
  if (at.kind === 'missing') throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No such file or directory: '${path}'`);
  return at.path;
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** `mlruns/<tail>` of a stored location, as the server's copy of mlruns holds it. */
function tailBelowMlruns(location: string): string | null {
  const parts = location.replace(/^file:\/\//, '').split('/');
  const at = parts.lastIndexOf('mlruns');
  return at < 0 ? null : parts.slice(at + 1).join('/');
}

function listing(folder: string, nameOf: (entry: string) => string): { path: string; is_dir: boolean; file_size?: number }[] {
  return readdirSync(folder, { withFileTypes: true })
    .map((e) => {
      const full = join(folder, e.name);
      return e.isDirectory() ? { path: nameOf(e.name), is_dir: true } : { path: nameOf(e.name), is_dir: false, file_size: statSync(full).size };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

const fileAnswer = (file: string): RawAnswer => ({
  status: 200,
  contentType: /\.(txt|yaml|json)$|MLmodel$/.test(file) ? 'text/plain; charset=utf-8' : 'application/octet-stream',
  body: readFileSync(file),
});

export class ArtifactRoutes {
  constructor(
    private readonly options: ArtifactOptions,
    private readonly registry: SqliteRegistry,
  ) {}

  /** What get-download-uri answers for a stored location. */
  downloadUri(stored: string): string {
    if (!this.options.proxied) return stored;
    const tail = tailBelowMlruns(stored);
    return tail === null ? stored : `mlflow-artifacts:/${tail}`;
  }

  /** The answer for an artifact route, or undefined when the path is not one. */
  async answer(method: string, url: URL): Promise<RawAnswer | undefined> {
    const q = url.searchParams;
    if (method !== 'GET') return undefined;
    if (url.pathname === '/api/2.0/mlflow/artifacts/list') {
      const root = await this.runRoot(q.get('run_id') ?? q.get('run_uuid') ?? '');
      const path = q.get('path') ?? '';
      const folder = inside(root, path);
      return jsonAnswer({
        root_uri: root,
        files: listing(folder, (name) => toPosix(relative(root, join(folder, name)))),
      });
    }
    if (url.pathname === '/get-artifact') {
      const root = await this.runRoot(q.get('run_uuid') ?? q.get('run_id') ?? '');
      return fileAnswer(inside(root, q.get('path') ?? ''));
    }
    if (!this.options.proxied) return undefined;
    if (url.pathname === PROXIED) {
      return jsonAnswer({ files: listing(inside(this.options.mlruns, q.get('path') ?? ''), (name) => name) });
    }
    if (url.pathname.startsWith(`${PROXIED}/`)) {
      return fileAnswer(inside(this.options.mlruns, decodeURIComponent(url.pathname.slice(PROXIED.length + 1))));
    }
    return undefined;
  }

  /** The run's artifact folder in the served mlruns (MLflow's server reads the run's artifact_uri). */
  private async runRoot(runId: string): Promise<string> {
    if (!runId) throw invalidParameter("Missing value for required parameter 'run_id'.");
    const tail = tailBelowMlruns((await this.registry.getRun(runId)).artifactUri ?? '');
    if (tail === null) throw invalidParameter(`The artifacts of run ${runId} are not in the served mlruns folder.`);
    return inside(this.options.mlruns, tail);
  }
}
