/**
 * The MLflow-like server behind basic auth, as `mlflow server --app-name
 * basic-auth` runs: shared by the extension-host and UI suites that connect
 * with a username and password.
 */
import type { Interceptor } from './statefulServer';

/** The Authorization header of HTTP basic auth. */
export const basicAuthHeader = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Only /health is open; any other request without these credentials gets MLflow's 401, in plain text. */
export function basicAuthOnly(user: string, password: string): Interceptor {
  const expected = basicAuthHeader(user, password);
  return (x) => {
    if (x.path === '/health' || x.headers.authorization === expected) return false;
    x.send({
      status: 401,
      contentType: 'text/plain; charset=utf-8',
      body: 'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.',
      headers: { 'WWW-Authenticate': 'Basic realm="mlflow"' },
    });
    return true;
  };
}
