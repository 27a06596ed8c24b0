/**
 * How to reach an MLflow tracking server. The fields mirror the settings
 * MLflow's Python client reads from its environment (docs/rest-api.md#transport, docs/authentication.md#client-settings), so
 * credentials.ts can fill them from the same variables.
 */
export interface RestConnectOptions {
  /** `http(s)://host[:port][/static-prefix]`. A `user:password@` part is used as basic auth and never shown. */
  url: string;
  /** Basic auth is used when both username and password are set (MLflow's precedence)… */
  username?: string;
  password?: string;
  /** …otherwise a token, sent as `Authorization: Bearer`. */
  token?: string;
  /** MLflow 3.10+ workspaces: sent as `X-MLFLOW-WORKSPACE`. */
  workspace?: string;
  /** Per attempt, from connecting to the last byte of the answer. Default 120 s, as MLflow. */
  timeoutMs?: number;
  /** Retries of requests that are safe to repeat. Default 3 (MLflow: 7, too slow for an editor). */
  maxRetries?: number;
  /** Seconds; the n-th retry waits `backoffFactor * 2^(n-1)`, as urllib3 does. Default 0.5 (MLflow: 2). */
  backoffFactor?: number;
  /** CA bundle to trust besides the system roots: a PEM file path or the PEM text itself. */
  caCertPath?: string;
  caCert?: string;
  /** Client certificate for mutual TLS: one PEM holding certificate and key (MLFLOW_TRACKING_CLIENT_CERT_PATH). */
  clientCertPath?: string;
  clientCert?: string;
  /** Skip server certificate verification. Only when explicitly asked (MLFLOW_TRACKING_INSECURE_TLS=true). */
  insecure?: boolean;
  /** Goes into `User-Agent: mlflow-vscode-registry/<version>`; defaults to the package's version. */
  clientVersion?: string;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_BACKOFF_FACTOR = 0.5;
