/**
 * The connection settings MLflow's Python client reads from its environment
 * (docs/authentication.md#client-settings; mlflow/environment_variables.py, mlflow/utils/credentials.py),
 * so a server that works from a notebook works here with the same variables.
 * Pure: the environment and the file reader come in as arguments.
 */
import { join } from 'node:path';
import { invalidParameter } from '../../core/errors';
import type { RestConnectOptions } from './options';

export type Env = Readonly<Record<string, string | undefined>>;
/** Returns the file's text, or undefined when there is no such file. */
export type ReadFile = (path: string) => string | undefined;

/** Python reads these with `os.environ.get(...) or …`, so an empty value counts as unset. */
const envValue = (env: Env, name: string): string | undefined => (env[name] ? env[name] : undefined);

/** Enough of Python's configparser for MLflow's credentials file: sections, `key = value` / `key: value`, comments. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = sections[section[1].trim()] ??= {};
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    // configparser lower-cases option names.
    if (pair && current) current[pair[1].toLowerCase()] = pair[2].trim();
  }
  return sections;
}

/** MLflow's boolean variables accept true/false/1/0 in any case, and nothing else. */
function boolean(env: Env, name: string): boolean | undefined {
  const v = envValue(env, name);
  if (v === undefined) return undefined;
  const lower = v.trim().toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw invalidParameter(`${name} must be one of true, false, 1 or 0 (any case), but is '${v}'.`);
}

function number(env: Env, name: string, check: (n: number) => boolean, what: string): number | undefined {
  const v = envValue(env, name);
  if (v === undefined) return undefined;
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n) || !check(n)) throw invalidParameter(`${name} must be ${what}, but is '${v}'.`);
  return n;
}

export interface EnvironmentOptions {
  /** A server URL chosen elsewhere (a setting); otherwise MLFLOW_REGISTRY_URI, then MLFLOW_TRACKING_URI. */
  uri?: string;
  /** Where `~` is; defaults to HOME (USERPROFILE on Windows) from `env`. */
  homeDir?: string;
}

/**
 * Options for RestRegistry.connect, or undefined when the registry is not an
 * http(s) server (a sqlite: URI, a path, nothing set).
 */
export function restOptionsFromEnvironment(env: Env, readFile: ReadFile, opts: EnvironmentOptions = {}): RestConnectOptions | undefined {
  const uri = (opts.uri ?? envValue(env, 'MLFLOW_REGISTRY_URI') ?? envValue(env, 'MLFLOW_TRACKING_URI'))?.trim();
  if (!uri || !/^https?:\/\//i.test(uri)) return undefined;

  const options: RestConnectOptions = { url: uri };
  let username = envValue(env, 'MLFLOW_TRACKING_USERNAME');
  let password = envValue(env, 'MLFLOW_TRACKING_PASSWORD');
  const home = opts.homeDir ?? envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE');
  if ((username === undefined || password === undefined) && home !== undefined) {
    // Each key separately: the environment wins where it is set, the file fills the rest.
    const file = readFile(join(home, '.mlflow', 'credentials'));
    const section = file === undefined ? undefined : parseIni(file).mlflow;
    username ??= section?.mlflow_tracking_username || undefined;
    password ??= section?.mlflow_tracking_password || undefined;
  }
  const token = envValue(env, 'MLFLOW_TRACKING_TOKEN');
  // MLflow's precedence: basic auth when both halves are there, else the token.
  if (username !== undefined && password !== undefined) {
    options.username = username;
    options.password = password;
  } else if (token !== undefined) {
    options.token = token;
  }

  const insecure = boolean(env, 'MLFLOW_TRACKING_INSECURE_TLS');
  const caCertPath = envValue(env, 'MLFLOW_TRACKING_SERVER_CERT_PATH');
  if (insecure && caCertPath !== undefined) {
    throw invalidParameter(
      'MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set; only one of them may be: ' +
        'either verification is skipped or it uses the given CA bundle.',
    );
  }
  if (insecure) options.insecure = true;
  if (caCertPath !== undefined) options.caCertPath = caCertPath;
  const clientCertPath = envValue(env, 'MLFLOW_TRACKING_CLIENT_CERT_PATH');
  if (clientCertPath !== undefined) options.clientCertPath = clientCertPath;

  const workspace = envValue(env, 'MLFLOW_WORKSPACE');
  if (workspace !== undefined) options.workspace = workspace;

  const timeout = number(env, 'MLFLOW_HTTP_REQUEST_TIMEOUT', (n) => n > 0, 'a positive number of seconds');
  if (timeout !== undefined) options.timeoutMs = timeout * 1000;
  const retries = number(env, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES', (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 or more');
  if (retries !== undefined) options.maxRetries = retries;
  const backoff = number(env, 'MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', (n) => n >= 0, 'a number of seconds, 0 or more');
  if (backoff !== undefined) options.backoffFactor = backoff;
  return options;
}
