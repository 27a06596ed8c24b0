import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseIni, restOptionsFromEnvironment, type Env } from '../../src/backends/rest/credentials';
import { rejectsWith } from '../helpers/registry';

const HOME = '/home/ana';
const CREDENTIALS = join(HOME, '.mlflow', 'credentials');

/** A file system holding at most the credentials file; records what was read. */
function files(content?: string): { read: (p: string) => string | undefined; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: (p) => {
      reads.push(p);
      return p === CREDENTIALS ? content : undefined;
    },
  };
}

const resolve = (env: Env, content?: string) => restOptionsFromEnvironment({ HOME, ...env }, files(content).read);
const throwsInvalid = (fn: () => unknown, message: RegExp) => rejectsWith(async () => fn(), 'INVALID_PARAMETER_VALUE', message);

describe("REST connection options from MLflow's environment variables", () => {
  it('is undefined unless the registry is an http(s) server', () => {
    assert.equal(resolve({}), undefined);
    assert.equal(resolve({ MLFLOW_TRACKING_URI: 'sqlite:///mlflow.db' }), undefined);
    assert.equal(resolve({ MLFLOW_TRACKING_URI: 'databricks' }), undefined);
    assert.deepEqual(resolve({ MLFLOW_TRACKING_URI: 'http://mlflow:5000' }), { url: 'http://mlflow:5000' });
  });

  it('prefers MLFLOW_REGISTRY_URI over MLFLOW_TRACKING_URI, and an explicit URI over both', () => {
    const env = { MLFLOW_TRACKING_URI: 'http://tracking:5000', MLFLOW_REGISTRY_URI: 'https://registry' };
    assert.equal(resolve(env)?.url, 'https://registry');
    assert.equal(resolve({ ...env, MLFLOW_REGISTRY_URI: '' })?.url, 'http://tracking:5000', 'empty counts as unset');
    assert.equal(restOptionsFromEnvironment(env, files().read, { uri: 'https://setting' })?.url, 'https://setting');
    // A sqlite registry URI wins over an http tracking URI, as in MLflow: then this backend is not the one.
    assert.equal(resolve({ ...env, MLFLOW_REGISTRY_URI: 'sqlite:///r.db' }), undefined);
  });

  it('uses basic auth when username and password are both set, else the token', () => {
    const base = { MLFLOW_TRACKING_URI: 'http://h' };
    assert.deepEqual(resolve({ ...base, MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'p', MLFLOW_TRACKING_TOKEN: 't' }), {
      url: 'http://h',
      username: 'u',
      password: 'p',
    });
    assert.deepEqual(resolve({ ...base, MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_TOKEN: 't' }), { url: 'http://h', token: 't' });
    assert.deepEqual(resolve({ ...base, MLFLOW_TRACKING_TOKEN: 't' }), { url: 'http://h', token: 't' });
    assert.deepEqual(resolve({ ...base, MLFLOW_TRACKING_USERNAME: 'u' }), { url: 'http://h' }, 'half a login is no login');
  });

  it('fills username and password from ~/.mlflow/credentials, the environment winning key by key', () => {
    const ini =
      '# MLflow credentials\n[mlflow]\nmlflow_tracking_username = file-user\nMLFLOW_TRACKING_PASSWORD: file-pass\n\n[other]\nmlflow_tracking_username = nope\n';
    const base = { MLFLOW_TRACKING_URI: 'http://h' };
    assert.deepEqual(resolve(base, ini), { url: 'http://h', username: 'file-user', password: 'file-pass' });
    assert.deepEqual(resolve({ ...base, MLFLOW_TRACKING_USERNAME: 'env-user' }, ini), { url: 'http://h', username: 'env-user', password: 'file-pass' });
    assert.deepEqual(resolve({ ...base, MLFLOW_TRACKING_USERNAME: 'e', MLFLOW_TRACKING_PASSWORD: 'f' }, ini), {
      url: 'http://h',
      username: 'e',
      password: 'f',
    });
    assert.deepEqual(resolve(base, '[mlflow]\nmlflow_tracking_username = only-user\n'), { url: 'http://h' });
  });

  it('reads the credentials file from the given home, and not at all when the environment has both', () => {
    const fs = files('[mlflow]\nmlflow_tracking_username=a\nmlflow_tracking_password=b\n');
    const opts = restOptionsFromEnvironment({ MLFLOW_TRACKING_URI: 'http://h', USERPROFILE: 'C:/Users/ana' }, fs.read, { homeDir: HOME });
    assert.deepEqual(opts, { url: 'http://h', username: 'a', password: 'b' });
    assert.deepEqual(fs.reads, [CREDENTIALS]);
    const none = files();
    restOptionsFromEnvironment({ MLFLOW_TRACKING_URI: 'http://h', MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'p', HOME }, none.read);
    assert.deepEqual(none.reads, []);
  });

  it('maps TLS, workspace and HTTP settings', () => {
    assert.deepEqual(
      resolve({
        MLFLOW_TRACKING_URI: 'https://h',
        MLFLOW_TRACKING_SERVER_CERT_PATH: '/etc/ca.pem',
        MLFLOW_TRACKING_CLIENT_CERT_PATH: '/etc/client.pem',
        MLFLOW_WORKSPACE: 'team-a',
        MLFLOW_HTTP_REQUEST_TIMEOUT: '30',
        MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
        MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '1.5',
      }),
      {
        url: 'https://h',
        caCertPath: '/etc/ca.pem',
        clientCertPath: '/etc/client.pem',
        workspace: 'team-a',
        timeoutMs: 30_000,
        maxRetries: 0,
        backoffFactor: 1.5,
      },
    );
  });

  it("reads MLFLOW_TRACKING_INSECURE_TLS as MLflow's booleans", async () => {
    for (const v of ['true', 'TRUE', '1']) assert.equal(resolve({ MLFLOW_TRACKING_URI: 'https://h', MLFLOW_TRACKING_INSECURE_TLS: v })?.insecure, true);
    for (const v of ['false', 'False', '0']) assert.equal(resolve({ MLFLOW_TRACKING_URI: 'https://h', MLFLOW_TRACKING_INSECURE_TLS: v })?.insecure, undefined);
    await throwsInvalid(
      () => resolve({ MLFLOW_TRACKING_URI: 'https://h', MLFLOW_TRACKING_INSECURE_TLS: 'yes' }),
      /MLFLOW_TRACKING_INSECURE_TLS must be one of true, false, 1 or 0.*'yes'/,
    );
  });

  it('refuses skipping TLS verification together with a CA bundle, as MLflow does', async () => {
    await throwsInvalid(
      () => resolve({ MLFLOW_TRACKING_URI: 'https://h', MLFLOW_TRACKING_INSECURE_TLS: 'true', MLFLOW_TRACKING_SERVER_CERT_PATH: '/ca.pem' }),
      /MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set/,
    );
    assert.equal(
      resolve({ MLFLOW_TRACKING_URI: 'https://h', MLFLOW_TRACKING_INSECURE_TLS: 'false', MLFLOW_TRACKING_SERVER_CERT_PATH: '/ca.pem' })?.caCertPath,
      '/ca.pem',
    );
  });

  it('refuses HTTP settings that are not numbers of the right kind', async () => {
    const base = { MLFLOW_TRACKING_URI: 'http://h' };
    await throwsInvalid(() => resolve({ ...base, MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon' }), /MLFLOW_HTTP_REQUEST_TIMEOUT must be a positive number of seconds/);
    await throwsInvalid(() => resolve({ ...base, MLFLOW_HTTP_REQUEST_TIMEOUT: '0' }), /MLFLOW_HTTP_REQUEST_TIMEOUT/);
    await throwsInvalid(() => resolve({ ...base, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2.5' }), /MLFLOW_HTTP_REQUEST_MAX_RETRIES must be a whole number/);
    await throwsInvalid(() => resolve({ ...base, MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '-1' }), /MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR/);
  });

  it('parses INI the way configparser does for this file', () => {
    assert.deepEqual(parseIni('; comment\n[mlflow]\n  Key = Value with = sign \nother: x\n[empty]\n'), {
      mlflow: { key: 'Value with = sign', other: 'x' },
      empty: {},
    });
  });
});
