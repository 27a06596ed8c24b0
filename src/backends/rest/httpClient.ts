/**
 * A small JSON client for MLflow's REST API on node:http/https: MLflow's
 * transport conventions (docs/rest-api.md#transport), its headers, timeouts on every attempt,
 * and retries only where repeating a request cannot change the outcome.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { invalidParameter } from '../../core/errors';
import { clientVersion } from './clientVersion';
import { DEFAULT_BACKOFF_FACTOR, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type RestConnectOptions } from './options';
import {
  AnswerTooLargeError,
  RestError,
  errorFromResponse,
  errorFromTransport,
  malformedJsonError,
  notJsonError,
  redactSecrets,
  type RequestContext,
} from './restErrors';
import { MAX_RETRY_AFTER_MS, backoffMs, retryAfterMs, sleep } from './retryTiming';
import { tlsMaterial } from './tlsOptions';
import { TransportFailureError, sendOnce, type IncomingAnswer, type TransportFailure } from './transport';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface ApiCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Below the server location (which may carry a static prefix), e.g. `/api/2.0/mlflow/registered-models/get`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON; DELETE carries its parameters this way too (MLflow ignores DELETE query strings). */
  body?: unknown;
  /**
   * `safe`: repeating it cannot change the outcome (reads, upserts, deletes), so
   * transient failures are retried. `once`: a second copy could do the work twice
   * (creating a version), so it is repeated only when it certainly never reached
   * the server; otherwise the caller gets a RestError with `mayHaveApplied`.
   */
  retry: 'safe' | 'once';
  /** The most body bytes accepted; a longer answer fails with `tooLarge` instead of filling memory. */
  maxBytes?: number;
}

/** urllib3's status_forcelist in MLflow's client. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Failures where the request never left: repeating is harmless for any request. */
const NOT_SENT_KINDS = new Set<TransportFailure['kind']>(['refused', 'unreachable']);

function buildQuery(query: Record<string, QueryValue> | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    // Repeated fields are repeated keys; encodeURIComponent keeps '+' and spaces unambiguous.
    const values: string[] = Array.isArray(value) ? value.map(String) : [String(value)];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function parseBaseUrl(url: string): { base: URL; prefix: string; userinfo?: { username: string; password: string } } {
  let base: URL;
  try {
    base = new URL(url.trim());
  } catch {
    throw invalidParameter(`'${url.replace(/\/\/[^/@]*@/, '//***@')}' is not a URL; an MLflow server is addressed as http(s)://host[:port][/prefix].`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw invalidParameter(`An MLflow server URL must start with http:// or https://, not ${base.protocol}//.`);
  }
  const userinfo = base.username || base.password ? { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) } : undefined;
  base.username = '';
  base.password = '';
  base.search = '';
  base.hash = '';
  return { base, prefix: base.pathname.replace(/\/+$/, ''), userinfo };
}

export class HttpClient {
  /** The server URL as shown to users: no credentials, no trailing slash. */
  readonly location: string;
  /** Server clock minus ours, from the last `Date` header; lets callers compare server timestamps with local times. */
  serverClockOffsetMs: number | undefined;

  private readonly base: URL;
  private readonly prefix: string;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[] = [];
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffFactor: number;
  /** Reads and idempotent writes reuse connections… */
  private readonly keepAliveAgent: http.Agent;
  /** …a request that must not run twice gets a fresh one, so a server-closed idle socket cannot make it ambiguous. */
  private readonly freshAgent: http.Agent;

  constructor(options: RestConnectOptions) {
    const { base, prefix, userinfo } = parseBaseUrl(options.url);
    this.base = base;
    this.prefix = prefix;
    this.location = `${base.protocol}//${base.host}${prefix}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.backoffFactor = options.backoffFactor ?? DEFAULT_BACKOFF_FACTOR;
    if (!(this.timeoutMs > 0)) throw invalidParameter(`The request timeout must be positive, got ${this.timeoutMs} ms.`);
    if (!Number.isInteger(this.maxRetries) || this.maxRetries < 0)
      throw invalidParameter(`The retry count must be a non-negative integer, got ${this.maxRetries}.`);
    if (!(this.backoffFactor >= 0)) throw invalidParameter(`The backoff factor must not be negative, got ${this.backoffFactor}.`);

    this.headers = { 'User-Agent': `mlflow-vscode-registry/${options.clientVersion ?? clientVersion()}` };
    const username = options.username ?? userinfo?.username;
    const password = options.password ?? userinfo?.password;
    if (username && password) {
      const basic = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
      this.headers.Authorization = `Basic ${basic}`;
      this.secrets.push(password, basic);
    } else if (options.token) {
      this.headers.Authorization = `Bearer ${options.token}`;
      this.secrets.push(options.token);
    }
    if (options.workspace) this.headers['X-MLFLOW-WORKSPACE'] = options.workspace;

    const tls = base.protocol === 'https:' ? tlsMaterial(options) : undefined;
    const makeAgent = (keepAlive: boolean): http.Agent =>
      tls ? new https.Agent({ keepAlive, maxSockets: 8, ...tls }) : new http.Agent({ keepAlive, maxSockets: 8 });
    this.keepAliveAgent = makeAgent(true);
    this.freshAgent = makeAgent(false);
  }

  async json<T>(call: ApiCall): Promise<T> {
    const { answer, ctx } = await this.execute(call);
    const contentType = String(answer.headers['content-type'] ?? '');
    const text = answer.body.toString('utf8');
    if (text.trim() === '') return {} as T; // empty-response RPCs
    if (!/json/i.test(contentType) && !/^\s*[{[]/.test(text)) throw notJsonError(ctx, answer.status, contentType);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw malformedJsonError(ctx, answer.status);
    }
  }

  async text(call: ApiCall): Promise<{ text: string; contentType: string }> {
    const { answer } = await this.execute(call);
    return { text: answer.body.toString('utf8'), contentType: String(answer.headers['content-type'] ?? '') };
  }

  /** The answer's raw bytes (an artifact); `tooLarge` when it has more than `maxBytes`. */
  async bytes(call: ApiCall & { maxBytes: number }): Promise<Buffer | 'tooLarge'> {
    try {
      return (await this.execute(call)).answer.body;
    } catch (e) {
      if (e instanceof AnswerTooLargeError) return 'tooLarge';
      throw e;
    }
  }

  close(): void {
    this.keepAliveAgent.destroy();
    this.freshAgent.destroy();
  }

  private outgoing(call: ApiCall): { url: URL; headers: Record<string, string>; body?: Buffer } {
    const url = new URL(this.base.toString());
    url.pathname = `${this.prefix}${call.path}`;
    url.search = buildQuery(call.query);
    const headers = { ...this.headers };
    if (call.body === undefined) return { url, headers };
    const body = Buffer.from(JSON.stringify(call.body), 'utf8');
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(body.length);
    return { url, headers, body };
  }

  private noteServerClock(answer: IncomingAnswer): void {
    const date = Date.parse(String(answer.headers.date ?? ''));
    // Date has whole seconds; the middle of that second is the best guess.
    if (!Number.isNaN(date)) this.serverClockOffsetMs = date + 500 - Date.now();
  }

  private async execute(call: ApiCall): Promise<{ answer: IncomingAnswer; ctx: RequestContext }> {
    const ctx: RequestContext = { server: this.location, method: call.method, path: call.path, credentialsSent: 'Authorization' in this.headers };
    const { url, headers, body } = this.outgoing(call);
    const agent = call.retry === 'safe' ? this.keepAliveAgent : this.freshAgent;
    let mayHaveApplied = false;
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = attempt < this.maxRetries;
      let answer: IncomingAnswer;
      try {
        answer = await sendOnce({ url, method: call.method, headers, body, timeoutMs: this.timeoutMs, agent, maxBytes: call.maxBytes });
      } catch (e) {
        if (!(e instanceof TransportFailureError)) throw e;
        const f = e.failure;
        mayHaveApplied ||= f.reachedServer;
        // Timeouts are not in this list on purpose: the user has already waited the whole timeout once.
        const repeatable =
          NOT_SENT_KINDS.has(f.kind) || f.staleConnection || (call.retry === 'safe' && f.kind === 'reset') || (f.kind === 'dns' && f.code === 'EAI_AGAIN');
        if (repeatable && retriesLeft) {
          await sleep(f.staleConnection ? 0 : backoffMs(this.backoffFactor, attempt + 1));
          continue;
        }
        throw this.finish(errorFromTransport(ctx, f), mayHaveApplied);
      }
      this.noteServerClock(answer);
      if (answer.status >= 200 && answer.status < 300) return { answer, ctx };

      const error = errorFromResponse(ctx, answer.status, String(answer.headers['content-type'] ?? ''), answer.body.toString('utf8'));
      mayHaveApplied ||= error.mayHaveApplied;
      // 429 means the server turned the request away unread, so even a create may go again.
      const repeatable = answer.status === 429 || (call.retry === 'safe' && RETRY_STATUSES.has(answer.status));
      if (repeatable && retriesLeft) {
        const asked = answer.status === 429 || answer.status === 503 ? retryAfterMs(answer.headers['retry-after']) : undefined;
        if (asked === undefined || asked <= MAX_RETRY_AFTER_MS) {
          await sleep(asked ?? backoffMs(this.backoffFactor, attempt + 1));
          continue;
        }
      }
      throw this.finish(error, mayHaveApplied);
    }
  }

  private finish(error: RestError, mayHaveApplied: boolean): RestError {
    const e = error.mayHaveApplied === mayHaveApplied ? error : new RestError(error.code, error.message, error.status, mayHaveApplied);
    return redactSecrets(e, this.secrets);
  }
}
