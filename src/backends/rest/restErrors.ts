/**
 * Turns what came back from the server (or what went wrong on the way) into
 * MlflowError, with MLflow's codes and a sentence a user can act on. Messages
 * name the server and endpoint, never the credentials.
 */
import { STATUS_CODES } from 'node:http';
import { MlflowError, type ErrorCode } from '../../core/errors';
import type { TransportFailure } from './transport';

export class RestError extends MlflowError {
  constructor(
    code: ErrorCode,
    message: string,
    /** The HTTP status, when the server answered at all. */
    readonly status: number | undefined,
    /**
     * The request, or an earlier attempt of it, may have taken effect although
     * no success answer arrived (a dropped connection, a timeout, a proxy's 5xx).
     */
    readonly mayHaveApplied: boolean,
  ) {
    super(code, message);
  }
}

/** The server answered with more bytes than the caller accepts (an artifact read); the rest was not read. */
export class AnswerTooLargeError extends RestError {}

/** Codes MLflow servers send that we keep as they are; anything else maps by HTTP status. */
const KNOWN_CODES = new Set<string>([
  'INVALID_PARAMETER_VALUE',
  'RESOURCE_ALREADY_EXISTS',
  'RESOURCE_DOES_NOT_EXIST',
  'BAD_REQUEST',
  'NOT_FOUND',
  'ENDPOINT_NOT_FOUND',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'RESOURCE_CONFLICT',
  'REQUEST_LIMIT_EXCEEDED',
  'INTERNAL_ERROR',
  'INVALID_STATE',
  'NOT_IMPLEMENTED',
  'TEMPORARILY_UNAVAILABLE',
  'DEADLINE_EXCEEDED',
]);

/** The inverse of MLflow's code → status table (mlflow/exceptions.py), for bodies without a usable code. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 408:
      return 'DEADLINE_EXCEEDED';
    case 409:
      return 'RESOURCE_CONFLICT';
    case 429:
      return 'REQUEST_LIMIT_EXCEEDED';
    case 501:
      return 'NOT_IMPLEMENTED';
    case 502:
    case 503:
      return 'TEMPORARILY_UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR';
  }
}

export interface RequestContext {
  /** Server location without credentials. */
  server: string;
  method: string;
  /** Path below the server location, without the query. */
  path: string;
  credentialsSent: boolean;
}

const endpoint = (ctx: RequestContext): string => `${ctx.method} ${ctx.path}`;
const statusText = (status: number): string => `${status} ${STATUS_CODES[status] ?? ''}`.trim();

/** A short, single-line excerpt of a plain-text body; HTML pages say nothing useful. */
function excerpt(body: string, contentType: string): string {
  if (/html/i.test(contentType) || /^\s*</.test(body)) return '';
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function parseJsonError(body: string): { error_code?: unknown; message?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An answer with a non-2xx status. MLflow's own JSON errors are definite (its
 * store rolled back); a bare 5xx page from a proxy or a crash may come after the work was done.
 */
export function errorFromResponse(ctx: RequestContext, status: number, contentType: string, body: string): RestError {
  const json = /json/i.test(contentType) || /^\s*\{/.test(body) ? parseJsonError(body) : undefined;
  if (json && (typeof json.error_code === 'string' || typeof json.message === 'string')) {
    const code = typeof json.error_code === 'string' && KNOWN_CODES.has(json.error_code) ? (json.error_code as ErrorCode) : codeForStatus(status);
    const message = typeof json.message === 'string' && json.message !== '' ? json.message : `${statusText(status)} from ${ctx.server} for ${endpoint(ctx)}`;
    return new RestError(code, message, status, false);
  }
  const said = excerpt(body, contentType);
  const saidPart = said ? ` It said: "${said}".` : '';
  // The basic-auth app answers 401/403 in plain text, not MLflow JSON (docs/authentication.md#basic-auth-app).
  if (status === 401) {
    const what = ctx.credentialsSent ? `rejected the credentials (401)` : `requires credentials (401), and none are configured`;
    return new RestError(
      'UNAUTHENTICATED',
      `The MLflow server at ${ctx.server} ${what}.${saidPart} Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN.`,
      status,
      false,
    );
  }
  if (status === 403) {
    return new RestError(
      'PERMISSION_DENIED',
      `The MLflow server at ${ctx.server} denied ${endpoint(ctx)} (403): the configured user lacks the permission for it.${saidPart}`,
      status,
      false,
    );
  }
  // Flask answers routes it does not know with an HTML page (docs/rest-api.md#errors).
  if (status === 404 || status === 405) {
    const what = status === 404 ? `has no endpoint ${endpoint(ctx)}` : `does not accept ${endpoint(ctx)}`;
    return new RestError(
      'ENDPOINT_NOT_FOUND',
      `The server at ${ctx.server} ${what} (${statusText(status)}, not an MLflow answer). ` +
        `The MLflow server may be too old for this feature, or ${ctx.server} may not be an MLflow server (check the URL and any path prefix).`,
      status,
      false,
    );
  }
  const kind = contentType ? contentType.split(';')[0].trim() : 'no content type';
  return new RestError(
    codeForStatus(status),
    `The server at ${ctx.server} answered ${endpoint(ctx)} with ${statusText(status)} (${kind}, not an MLflow error).${saidPart}`,
    status,
    status >= 500,
  );
}

/** A 2xx answer that is not the JSON an MLflow endpoint gives: a login page, a proxy, another service. */
export function notJsonError(ctx: RequestContext, status: number, contentType: string): RestError {
  return new RestError(
    'ENDPOINT_NOT_FOUND',
    `The server at ${ctx.server} answered ${endpoint(ctx)} with ${contentType || 'no content type'} instead of MLflow's JSON (HTTP ${status}). ` +
      `Is ${ctx.server} an MLflow server? A login page or proxy may be in the way.`,
    status,
    false,
  );
}

export function malformedJsonError(ctx: RequestContext, status: number): RestError {
  return new RestError('INTERNAL_ERROR', `The MLflow server at ${ctx.server} sent malformed JSON for ${endpoint(ctx)} (HTTP ${status}).`, status, false);
}

const TLS_ADVICE =
  'If the server uses a private certificate authority, set MLFLOW_TRACKING_SERVER_CERT_PATH to its CA bundle; ' +
  'MLFLOW_TRACKING_INSECURE_TLS=true skips verification (not recommended).';

/** No answer came back. */
export function errorFromTransport(ctx: RequestContext, f: TransportFailure): RestError {
  const detail = f.code ? `${f.detail} (${f.code})` : f.detail;
  switch (f.kind) {
    case 'timeout':
      return new RestError(
        'DEADLINE_EXCEEDED',
        `The MLflow server at ${ctx.server} did not answer ${endpoint(ctx)} within ${(f.timeoutMs ?? 0) / 1000} s.`,
        undefined,
        f.reachedServer,
      );
    case 'refused':
      return new RestError(
        'TEMPORARILY_UNAVAILABLE',
        `Could not connect to the MLflow server at ${ctx.server}: connection refused. Is the server running?`,
        undefined,
        false,
      );
    case 'dns':
      return new RestError('TEMPORARILY_UNAVAILABLE', `Could not find the MLflow server at ${ctx.server}: ${detail}.`, undefined, false);
    case 'tls-server':
      return new RestError('TEMPORARILY_UNAVAILABLE', `Could not verify the TLS certificate of ${ctx.server}: ${detail}. ${TLS_ADVICE}`, undefined, false);
    case 'tls-client':
      return new RestError(
        'UNAUTHENTICATED',
        `The server at ${ctx.server} refused the TLS connection: ${detail}. It may require a client certificate; set MLFLOW_TRACKING_CLIENT_CERT_PATH to a PEM file holding the certificate and its key.`,
        undefined,
        false,
      );
    case 'reset':
      return new RestError(
        'TEMPORARILY_UNAVAILABLE',
        `The connection to the MLflow server at ${ctx.server} was lost before the answer to ${endpoint(ctx)} arrived: ${detail}.`,
        undefined,
        f.reachedServer,
      );
    case 'tooLarge':
      return new AnswerTooLargeError(
        'INVALID_STATE',
        `The answer of the MLflow server at ${ctx.server} to ${endpoint(ctx)} was cut off: ${detail}.`,
        undefined,
        true,
      );
    default:
      return new RestError('TEMPORARILY_UNAVAILABLE', `Could not reach the MLflow server at ${ctx.server}: ${detail}.`, undefined, f.reachedServer);
  }
}

/** Defence in depth: whatever a server or the OS put in a message, the secrets we hold never leave. */
export function redactSecrets(error: RestError, secrets: readonly string[]): RestError {
  let message = error.message;
  for (const s of secrets) if (s.length >= 3) message = message.split(s).join('***');
  return message === error.message ? error : new RestError(error.code, message, error.status, error.mayHaveApplied);
}
