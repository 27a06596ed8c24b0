/**
 * An MLflow-like tracking server for tests: MLflow's REST routes (docs/rest-api.md#endpoints,
 * docs/rest-api.md#tracking-endpoints) served from our own SqliteRegistry over a private copy of a fixture.
 * It answers as MLflow 2.17.2 does where the recordings show it (JSON shapes,
 * HTML 404/405, '' for descriptions a REST create leaves out), and it can be
 * told to misbehave per request, for the fault tests.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import { posix } from 'node:path';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { MlflowError, invalidParameter } from '../../src/core/errors';
import type { Tags } from '../../src/core/types';
import { listen, readBody, stop } from '../helpers/servers';
import { openRegistry } from '../helpers/registry';
import { ArtifactRoutes, type ArtifactOptions } from './artifactRoutes';
import { experimentJson, loggedModelJson, metricHistoryJson, modelJson, runJson, versionJson } from './mlflowJson';

export interface Answer {
  status: number;
  contentType: string;
  /** Bytes for an artifact file, text otherwise. */
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface Intercepted {
  method: string;
  /** Path below the server root, e.g. /api/2.0/mlflow/model-versions/create. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** 1 for the first request with this method and path, 2 for the second… */
  count: number;
  req: IncomingMessage;
  res: ServerResponse;
  /** Lets the backend do the work and returns what would be answered, without answering. */
  handle(): Promise<Answer>;
  send(answer: Answer): void;
}

/** Returns true when it took care of the request itself (answered, stalled or dropped it). */
export type Interceptor = (x: Intercepted) => boolean | Promise<boolean>;

export interface StatefulServerOptions {
  db: string;
  /** What GET /version answers; 3.x also enables logged-models/{id}. */
  version?: string;
  intercept?: Interceptor;
  tls?: HttpsOptions;
  /**
   * Answers as slowly as a real `mlflow server` (gunicorn, one sync worker): one request at a
   * time, each delayed by what MLflow 2.17.2 was measured to take (see mlflowCostMs).
   */
  mlflowCost?: boolean;
  /** Serves the artifacts of a fixture's `mlruns` as MLflow does (test/rest/artifactRoutes.ts). */
  artifacts?: ArtifactOptions;
}

/**
 * What a real MLflow 2.17.2 server spends on an answer (issue 12): about 20 ms a request plus
 * 13 ms per registered model returned, as it loads each model's latest versions; about 10 ms
 * for one model or the versions of one model.
 */
export function mlflowCostMs(route: string, answer: Answer): number {
  if (route === 'registered-models/search') {
    const models = answer.status === 200 ? ((JSON.parse(String(answer.body)) as { registered_models?: unknown[] }).registered_models?.length ?? 0) : 0;
    return 20 + 13 * models;
  }
  if (route === 'registered-models/get-latest-versions') return 20 + 13;
  if (route === 'registered-models/get' || route === 'model-versions/get' || route === 'model-versions/search') return 10;
  return 20;
}

const API = '/api/2.0/mlflow/';

const missingParam = (key: string): MlflowError =>
  invalidParameter(`Missing value for required parameter '${key}'. See the API docs for more information about request parameters.`);

/** Request fields, from the query for GET and from the JSON body otherwise (DELETE included), as MLflow reads them. */
class Params {
  constructor(
    private readonly query: URLSearchParams | undefined,
    private readonly json: Record<string, unknown>,
  ) {}

  has(key: string): boolean {
    return this.query ? this.query.has(key) : this.json[key] !== undefined && this.json[key] !== null;
  }

  str(key: string): string | undefined {
    if (this.query) return this.query.get(key) ?? undefined;
    const v = this.json[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidParameter(`Invalid value ${JSON.stringify(v)} for parameter '${key}' supplied.`);
    return v;
  }

  req(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === '') throw missingParam(key);
    return v;
  }

  list(key: string): string[] | undefined {
    if (this.query) return this.query.has(key) ? this.query.getAll(key) : undefined;
    const v = this.json[key];
    return Array.isArray(v) ? v.map(String) : undefined;
  }

  int(key: string): number | undefined {
    const v = this.query ? (this.query.get(key) ?? undefined) : this.json[key];
    if (v === undefined || v === null) return undefined;
    const text = typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
    if (!/^-?\d+$/.test(text)) throw invalidParameter(`Invalid value "${text}" for parameter '${key}' supplied.`);
    return Number(v);
  }

  bool(key: string): boolean {
    const v = this.query ? this.query.get(key) : this.json[key];
    if (v === undefined || v === null) throw missingParam(key);
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw invalidParameter(`Invalid value ${JSON.stringify(v)} for parameter '${key}' supplied.`);
  }

  tags(): Tags | undefined {
    const v = this.json.tags;
    if (!Array.isArray(v)) return undefined;
    return Object.fromEntries(v.map((t: { key: string; value?: string }) => [t.key, t.value ?? '']));
  }
}

type Handler = (p: Params, reg: SqliteRegistry, artifacts?: ArtifactRoutes) => Promise<unknown>;
type Routes = Record<string, Partial<Record<string, Handler>>>;

/** MLflow's `_validate_source`: a local path must lie inside the artifact folder of the run given with it. */
async function validateSource(reg: SqliteRegistry, source: string, runId: string | undefined): Promise<void> {
  const local = source.startsWith('file:') || !/^[a-z][a-z0-9+.-]*:/i.test(source);
  if (!local) return;
  if (runId) {
    const root = (await reg.getRun(runId)).artifactUri ?? '';
    const path = posix.resolve(source.replace(/^file:\/\//, ''));
    const dir = posix.resolve(root.replace(/^file:\/\//, ''));
    if (path === dir || path.startsWith(`${dir}/`)) return;
  }
  throw invalidParameter(
    `Invalid model version source: '${source}'. To use a local path as a model version source, the run_id request parameter has to be specified ` +
      'and the local path has to be contained within the artifact directory of the run specified by the run_id.',
  );
}

const ROUTES: Routes = {
  'registered-models/create': {
    // 2.17.2 passes the proto field through, so an absent description is stored as '' (fixtures/rest/20).
    POST: async (p, r) => ({
      registered_model: modelJson(await r.createRegisteredModel({ name: p.req('name'), description: p.str('description') ?? '', tags: p.tags() })),
    }),
  },
  'registered-models/rename': {
    POST: async (p, r) => ({ registered_model: modelJson(await r.renameRegisteredModel(p.req('name'), p.req('new_name'))) }),
  },
  'registered-models/update': {
    PATCH: async (p, r) => ({ registered_model: modelJson(await r.updateRegisteredModel(p.req('name'), p.str('description') ?? '')) }),
  },
  'registered-models/delete': { DELETE: async (p, r) => (await r.deleteRegisteredModel(p.req('name')), {}) },
  'registered-models/get': { GET: async (p, r) => ({ registered_model: modelJson(await r.getRegisteredModel(p.req('name'))) }) },
  'registered-models/search': {
    GET: async (p, r) => {
      const page = await r.searchRegisteredModels({
        filter: p.str('filter'),
        maxResults: p.int('max_results'),
        orderBy: p.list('order_by'),
        pageToken: p.str('page_token'),
      });
      return { registered_models: page.items.map(modelJson), next_page_token: page.nextPageToken };
    },
  },
  'registered-models/get-latest-versions': {
    GET: async (p, r) => ({ model_versions: (await r.getLatestVersions(p.req('name'), p.list('stages'))).map((v) => versionJson(v, false)) }),
    POST: async (p, r) => ({ model_versions: (await r.getLatestVersions(p.req('name'), p.list('stages'))).map((v) => versionJson(v, false)) }),
  },
  'registered-models/set-tag': { POST: async (p, r) => (await r.setRegisteredModelTag(p.req('name'), p.req('key'), p.str('value') ?? ''), {}) },
  'registered-models/delete-tag': { DELETE: async (p, r) => (await r.deleteRegisteredModelTag(p.req('name'), p.req('key')), {}) },
  'registered-models/alias': {
    POST: async (p, r) => (await r.setRegisteredModelAlias(p.req('name'), p.req('alias'), p.req('version')), {}),
    DELETE: async (p, r) => (await r.deleteRegisteredModelAlias(p.req('name'), p.req('alias')), {}),
    GET: async (p, r) => ({ model_version: versionJson(await r.getModelVersionByAlias(p.req('name'), p.req('alias')), true) }),
  },
  'model-versions/create': {
    POST: async (p, r) => {
      const source = p.req('source');
      const name = p.req('name');
      await validateSource(r, source, p.str('run_id'));
      const v = await r.createModelVersion({
        name,
        source,
        runId: p.str('run_id'),
        // As in 2.17.2 (fixtures/rest/32, 33): absent description and run_link come back as ''.
        runLink: p.str('run_link') ?? '',
        description: p.str('description') ?? '',
        tags: p.tags(),
        modelId: p.str('model_id'),
      });
      return { model_version: versionJson(v, true) };
    },
  },
  'model-versions/update': {
    // MLflow checks HasField here: an absent description clears it to NULL.
    PATCH: async (p, r) => ({ model_version: versionJson(await r.updateModelVersion(p.req('name'), p.req('version'), p.str('description') ?? null), true) }),
  },
  'model-versions/delete': { DELETE: async (p, r) => (await r.deleteModelVersion(p.req('name'), p.req('version')), {}) },
  'model-versions/get': { GET: async (p, r) => ({ model_version: versionJson(await r.getModelVersion(p.req('name'), p.req('version')), true) }) },
  'model-versions/search': {
    GET: async (p, r) => {
      const page = await r.searchModelVersions({
        filter: p.str('filter'),
        maxResults: p.int('max_results'),
        orderBy: p.list('order_by'),
        pageToken: p.str('page_token'),
      });
      return { model_versions: page.items.map((v) => versionJson(v, false)), next_page_token: page.nextPageToken };
    },
  },
  'model-versions/get-download-uri': {
    GET: async (p, r, artifacts) => {
      const stored = await r.getModelVersionDownloadUri(p.req('name'), p.req('version'));
      return { artifact_uri: artifacts ? artifacts.downloadUri(stored) : stored };
    },
  },
  'model-versions/transition-stage': {
    POST: async (p, r) => ({
      model_version: versionJson(
        await r.transitionModelVersionStage(p.req('name'), p.req('version'), p.req('stage'), p.bool('archive_existing_versions')),
        true,
      ),
    }),
  },
  'model-versions/set-tag': { POST: async (p, r) => (await r.setModelVersionTag(p.req('name'), p.req('version'), p.req('key'), p.str('value') ?? ''), {}) },
  'model-versions/delete-tag': { DELETE: async (p, r) => (await r.deleteModelVersionTag(p.req('name'), p.req('version'), p.req('key')), {}) },
  'runs/get': { GET: async (p, r) => ({ run: runJson(await r.getRun(p.str('run_id') ?? p.req('run_uuid'))) }) },
  'experiments/get': { GET: async (p, r) => ({ experiment: experimentJson(await r.getExperiment(p.req('experiment_id'))) }) },
  // 2.17.2 reads neither max_results nor page_token here and answers every value (fixtures/rest/54).
  'metrics/get-history': { GET: async (p, r) => metricHistoryJson(p.req('metric_key'), await r.getMetricHistory(p.req('run_id'), p.req('metric_key'))) },
};

const html = (status: number, title: string, text: string): Answer => ({
  status,
  contentType: 'text/html; charset=utf-8',
  body: `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`,
});

const json = (status: number, value: unknown, pretty: boolean): Answer => ({
  status,
  contentType: 'application/json',
  // Success bodies are pretty-printed, errors are one line (docs/rest-api.md#response-formatting).
  body: pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value),
});

function errorAnswer(e: unknown): Answer {
  if (e instanceof MlflowError) return json(e.httpStatus, { error_code: e.code, message: e.message }, false);
  return json(500, { error_code: 'INTERNAL_ERROR', message: e instanceof Error ? e.message : String(e) }, false);
}

export class StatefulServer {
  /** Every request, in the order they arrived (before they wait for the worker, with mlflowCost). */
  readonly requests: { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: string; arrivedAt: number }[] = [];
  private readonly counts = new Map<string, number>();
  /** Requests received and not yet answered (queued ones included), and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** With mlflowCost: the one worker, free once the last queued request is answered. */
  private worker: Promise<void> = Promise.resolve();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly registry: SqliteRegistry,
    private readonly version: string,
    private readonly mlflowCost: boolean,
    private readonly artifacts: ArtifactRoutes | undefined,
  ) {}

  static async start(options: StatefulServerOptions): Promise<StatefulServer> {
    const registry = openRegistry(options.db);
    // eslint-disable-next-line prefer-const -- the handler needs the server before it exists
    let self: StatefulServer | undefined;
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      void self!.dispatch(req, res, options.intercept).catch(() => res.destroy());
    };
    const server = options.tls ? createHttpsServer(options.tls, onRequest) : createHttpServer(onRequest);
    const url = await listen(server, options.tls ? 'https' : 'http');
    const artifacts = options.artifacts ? new ArtifactRoutes(options.artifacts, registry) : undefined;
    self = new StatefulServer(server, url, registry, options.version ?? '2.17.2', options.mlflowCost ?? false, artifacts);
    return self;
  }

  /** How many requests arrived with this method and path. */
  count(method: string, path: string): number {
    return this.counts.get(`${method} ${path}`) ?? 0;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, intercept: Interceptor | undefined): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => this.inFlight--);
    const arrivedAt = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://server');
    const body = (await readBody(req)).toString('utf8');
    const key = `${method} ${url.pathname}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    this.requests.push({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, arrivedAt });
    const serve = (): Promise<void> => this.serve({ method, url, body, count, req, res }, intercept);
    if (!this.mlflowCost) return serve();
    const turn = this.worker.then(serve);
    this.worker = turn.catch(() => undefined);
    return turn;
  }

  /** Forgets the request counts, e.g. between a warm-up and a measured run. */
  resetCounts(): void {
    this.counts.clear();
    this.requests.length = 0;
    this.maxInFlight = this.inFlight;
  }

  private async serve(
    { method, url, body, count, req, res }: { method: string; url: URL; body: string; count: number; req: IncomingMessage; res: ServerResponse },
    intercept: Interceptor | undefined,
  ): Promise<void> {
    const send = (a: Answer): void => {
      if (res.destroyed) return;
      res.writeHead(a.status, { 'Content-Type': a.contentType, ...a.headers }).end(a.body);
    };
    const handle = (): Promise<Answer> => this.answer(method, url, req.headers, body);
    if (intercept && (await intercept({ method, path: url.pathname, headers: req.headers, body, count, req, res, handle, send }))) return;
    const answer = await handle();
    if (this.mlflowCost) await new Promise((r) => setTimeout(r, mlflowCostMs(url.pathname.slice(API.length), answer)));
    send(answer);
  }

  private async answer(method: string, url: URL, headers: IncomingHttpHeaders, body: string): Promise<Answer> {
    if (url.pathname === '/version' && method === 'GET') return { status: 200, contentType: 'text/plain; charset=utf-8', body: this.version };
    if (url.pathname === '/health' && method === 'GET') return { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' };
    const served = await this.artifacts?.answer(method, url).catch(errorAnswer);
    if (served) return served;
    if (!url.pathname.startsWith(API)) return html(404, 'Not Found', 'The requested URL was not found on the server.');
    const route = url.pathname.slice(API.length);
    const loggedModel = /^logged-models\/([^/]+)$/.exec(route);
    if (loggedModel && Number(this.version.split('.')[0]) >= 3) {
      if (method !== 'GET') return html(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');
      return this.run(async () => ({ model: loggedModelJson(await this.registry.getLoggedModel(decodeURIComponent(loggedModel[1]))) }));
    }
    const handlers = ROUTES[route];
    if (!handlers) return html(404, 'Not Found', 'The requested URL was not found on the server.');
    const handler = handlers[method];
    if (!handler) return html(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');
    return this.run(async () => {
      let params: Params;
      if (method === 'GET') {
        params = new Params(url.searchParams, {});
      } else {
        if (body !== '' && !/^application\/json\b/i.test(headers['content-type'] ?? '')) {
          throw invalidParameter("Bad Request. Content-Type must be one of ['application/json'].");
        }
        let parsed: unknown;
        try {
          parsed = body === '' ? {} : JSON.parse(body);
        } catch {
          throw invalidParameter('Malformed JSON in the request body.');
        }
        params = new Params(undefined, (parsed ?? {}) as Record<string, unknown>);
      }
      return handler(params, this.registry, this.artifacts);
    });
  }

  private async run(work: () => Promise<unknown>): Promise<Answer> {
    try {
      const value = (await work()) as Record<string, unknown>;
      // Empty lists and absent tokens are left out, as MLflow does.
      const cleaned = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
      return json(200, cleaned, true);
    } catch (e) {
      return errorAnswer(e);
    }
  }

  async close(): Promise<void> {
    await stop(this.server);
    await this.registry.close();
  }
}
