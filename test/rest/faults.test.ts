/**
 * The REST backend against servers that misbehave on purpose, all real
 * sockets on 127.0.0.1: slow or silent servers, dropped connections, 5xx and
 * 429 answers, HTML error pages, auth refusals, TLS with a private CA and
 * client certificates, and writes whose answer is lost after the work was done.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import type { RestConnectOptions } from '../../src/backends/rest/options';
import { isMlflowError } from '../../src/core/errors';
import { FIXTURE_2, FIXTURE_3, tempCopy, tempDir, type TempCopy } from '../helpers/fixtures';
import { openRegistry, rejectsWith } from '../helpers/registry';
import { listen, stop } from '../helpers/servers';
import { StatefulServer, type Intercepted, type Interceptor } from './statefulServer';
import { makeTlsFixtures, type TlsFixtures } from './tlsFixtures';

const API = '/api/2.0/mlflow';
const RUN = '8d56e747fcfb4164b5c9220751d143a8';
const SOURCE = `/opt/ml/project/mlruns/1/${RUN}/artifacts/model`;
/** Quick retries so the suite stays fast; the schedule itself is what is configured. */
const FAST: Partial<RestConnectOptions> = { maxRetries: 2, backoffFactor: 0.05, timeoutMs: 5000 };

const elapsed = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = Date.now();
  await fn();
  return Date.now() - t;
};

/** A bare server answering /version like MLflow and everything else with `rest`. */
async function rawServer(rest: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/version') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('2.17.2');
    hits.push(`${req.method} ${req.url}`);
    rest(req, res);
  });
  const url = await listen(server);
  return { url, hits, close: () => stop(server) };
}

/** Drops the connection after half of what the handler would answer has been sent. */
async function dropMidBody(x: Intercepted): Promise<void> {
  const answer = await x.handle();
  const body = Buffer.from(answer.body);
  x.res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': String(body.length) });
  x.res.write(body.subarray(0, body.length >> 1), () => x.res.socket?.destroy());
}

describe('REST backend under faults', () => {
  let copy: TempCopy;
  let server: StatefulServer | undefined;
  let rest: RestRegistry | undefined;
  const startServer = async (intercept?: Interceptor, extra: { version?: string; db?: string } = {}) => {
    server = await StatefulServer.start({ db: extra.db ?? copy.db, intercept, version: extra.version });
    return server;
  };
  const connect = async (options: Partial<RestConnectOptions> = {}) => {
    rest = await RestRegistry.connect({ url: server!.url, ...FAST, ...options });
    return rest;
  };
  beforeEach(() => {
    copy = tempCopy(FIXTURE_2.db);
  });
  afterEach(async () => {
    await rest?.close();
    await server?.close();
    rest = undefined;
    server = undefined;
    copy.cleanup();
  });

  describe('request encoding', () => {
    it('percent-encodes query values (a + stays a plus) and repeats keys for lists', async () => {
      const raw = await rawServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
      try {
        const direct = await RestRegistry.connect({ url: raw.url, maxRetries: 0 });
        const page = await direct.searchModelVersions({ filter: "name = 'a+b c'", orderBy: ['name ASC', 'version_number DESC'], maxResults: 5 });
        await direct.close();
        assert.deepEqual(page, { items: [] }, 'an empty answer is an empty page');
        assert.deepEqual(raw.hits, [
          `GET ${API}/model-versions/search?filter=name%20%3D%20%27a%2Bb%20c%27&max_results=5&order_by=name%20ASC&order_by=version_number%20DESC`,
        ]);
      } finally {
        await raw.close();
      }
    });

    it('puts a static prefix in front of every route, /version included', async () => {
      await startServer();
      const hits: string[] = [];
      const proxy = createServer((req, res) => {
        hits.push(req.url ?? '');
        const url = req.url ?? '';
        if (!url.startsWith('/prefix/')) return void res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html></html>');
        // Forward to the stateful server without the prefix, as a reverse proxy would.
        void fetch(`${server!.url}${url.slice('/prefix'.length)}`).then(async (r) => {
          res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? '' }).end(await r.text());
        });
      });
      const base = await listen(proxy);
      try {
        const reg = await RestRegistry.connect({ url: `${base}/prefix/`, maxRetries: 0 });
        assert.equal(reg.location, `${base}/prefix`);
        assert.equal((await reg.getRegisteredModel('churn-model')).name, 'churn-model');
        await reg.close();
        assert.deepEqual(hits, ['/prefix/version', `/prefix${API}/registered-models/get?name=churn-model`]);
      } finally {
        await stop(proxy);
      }
    });
  });

  describe('time limits', () => {
    it('gives up on a silent server after the configured timeout, with DEADLINE_EXCEEDED and no retry', async () => {
      const raw = await rawServer(() => undefined); // never answers
      try {
        const reg = await RestRegistry.connect({ url: raw.url, maxRetries: 3, backoffFactor: 0.05, timeoutMs: 300 });
        let error: Error | undefined;
        const ms = await elapsed(() => reg.getRegisteredModel('iris-classifier').catch((e: Error) => (error = e)));
        await reg.close();
        assert.ok(isMlflowError(error, 'DEADLINE_EXCEEDED'), String(error));
        assert.match(error.message, new RegExp(`${raw.url}.*did not answer GET ${API}/registered-models/get within 0\\.3 s`));
        // The upper bound only tells the configured 0.3 s from the default 30 s: a loaded machine is slow.
        assert.ok(ms >= 280 && ms < 15_000, `took ${ms} ms`);
        assert.deepEqual(raw.hits, [`GET ${API}/registered-models/get?name=iris-classifier`], 'a timeout is not retried');
      } finally {
        await raw.close();
      }
    });

    it('also times out while the body trickles in', async () => {
      const raw = await rawServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        const drip = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(drip));
      });
      try {
        const reg = await RestRegistry.connect({ url: raw.url, maxRetries: 0, timeoutMs: 400 });
        const ms = await elapsed(() => rejectsWith(() => reg.searchRegisteredModels(), 'DEADLINE_EXCEEDED', /within 0\.4 s/));
        await reg.close();
        assert.ok(ms < 15_000, `took ${ms} ms`);
      } finally {
        await raw.close();
      }
    });

    it('reports a refused connection as TEMPORARILY_UNAVAILABLE with the URL, after its retries', async () => {
      const raw = await rawServer(() => undefined);
      await raw.close(); // the port is now closed
      let error: Error | undefined;
      const ms = await elapsed(() => RestRegistry.connect({ url: raw.url, ...FAST }).catch((e: Error) => (error = e)));
      assert.ok(isMlflowError(error, 'TEMPORARILY_UNAVAILABLE'), String(error));
      assert.match(error.message, new RegExp(`${raw.url}: connection refused`));
      assert.ok(ms >= 140, `two backoffs of 50 and 100 ms, took ${ms} ms`);
    });
  });

  describe('retries', () => {
    it('retries a GET whose connection dropped in the middle of the body', async () => {
      await startServer(async (x) => {
        if (x.path !== `${API}/registered-models/get` || x.count > 1) return false;
        await dropMidBody(x);
        return true;
      });
      const reg = await connect();
      const m = await reg.getRegisteredModel('iris-classifier');
      assert.equal(m.name, 'iris-classifier');
      assert.deepEqual(
        m.aliases.map((a) => a.alias),
        ['baseline', 'challenger', 'champion'],
      );
      assert.equal(server!.count('GET', `${API}/registered-models/get`), 2);
    });

    it('retries a GET answered 500, and succeeds on the second attempt', async () => {
      await startServer((x) => {
        if (x.path !== `${API}/registered-models/search` || x.count > 1) return false;
        x.send({ status: 500, contentType: 'application/json', body: '{"error_code": "INTERNAL_ERROR", "message": "boom"}' });
        return true;
      });
      const reg = await connect();
      assert.equal((await reg.searchRegisteredModels()).items.length, 4);
      assert.equal(server!.count('GET', `${API}/registered-models/search`), 2);
    });

    it('waits as long as Retry-After says on a 429, then succeeds', async () => {
      await startServer((x) => {
        if (x.path !== `${API}/registered-models/search` || x.count > 1) return false;
        x.send({
          status: 429,
          contentType: 'application/json',
          headers: { 'Retry-After': '1' },
          body: '{"error_code": "REQUEST_LIMIT_EXCEEDED", "message": "slow down"}',
        });
        return true;
      });
      const reg = await connect();
      const ms = await elapsed(() => reg.searchRegisteredModels());
      assert.ok(ms >= 950 && ms < 15_000, `took ${ms} ms`);
      assert.equal(server!.count('GET', `${API}/registered-models/search`), 2);
    });

    it('repeats even a create after a 429, since the server turned it away unread', async () => {
      await startServer((x) => {
        if (x.path !== `${API}/model-versions/create` || x.count > 1) return false;
        x.send({ status: 429, contentType: 'text/plain', headers: { 'Retry-After': '0' }, body: 'Too Many Requests' });
        return true;
      });
      const reg = await connect();
      const v = await reg.createModelVersion({ name: 'iris-classifier', source: SOURCE, runId: RUN });
      assert.equal(v.version, '6');
      assert.equal(server!.count('POST', `${API}/model-versions/create`), 2);
    });

    it('retries a delete whose answer was lost, and takes the then-missing model as deleted', async () => {
      await startServer(async (x) => {
        if (x.path !== `${API}/registered-models/delete` || x.count > 1) return false;
        await x.handle();
        x.res.socket?.destroy();
        return true;
      });
      const reg = await connect();
      await reg.deleteRegisteredModel('empty-model');
      assert.equal(server!.count('DELETE', `${API}/registered-models/delete`), 2);
      await rejectsWith(() => reg.getRegisteredModel('empty-model'), 'RESOURCE_DOES_NOT_EXIST');
    });
  });

  describe('writes whose answer is lost', () => {
    const versionsOf = async (name: string) => (await server!.registry.searchModelVersions({ filter: `name = '${name}'` })).items.map((v) => v.version).sort();

    it('a version created and then answered with a bare 500 is found, not created again', async () => {
      await startServer(async (x) => {
        if (x.path !== `${API}/model-versions/create` || x.count > 1) return false;
        await x.handle(); // the work is done…
        x.send({ status: 500, contentType: 'text/html', body: '<html><body>Internal Server Error</body></html>' }); // …the answer is lost
        return true;
      });
      const reg = await connect();
      const v = await reg.createModelVersion({ name: 'iris-classifier', source: SOURCE, runId: RUN, description: 'once' });
      assert.deepEqual([v.version, v.source, v.runId, v.description], ['6', SOURCE, RUN, 'once']);
      assert.equal(server!.count('POST', `${API}/model-versions/create`), 1, 'never sent twice');
      assert.deepEqual(await versionsOf('iris-classifier'), ['1', '2', '3', '5', '6'], 'exactly one new version');
    });

    it('a version create that timed out after the work is found by searching', async () => {
      await startServer(async (x) => {
        if (x.path !== `${API}/model-versions/create`) return false;
        await x.handle();
        return true; // never answers
      });
      const reg = await connect({ timeoutMs: 500 });
      const v = await reg.createModelVersion({ name: 'diabetes-regressor', source: 's3://models/diabetes' });
      assert.equal(v.version, '3');
      assert.equal(server!.count('POST', `${API}/model-versions/create`), 1);
      assert.deepEqual(await versionsOf('diabetes-regressor'), ['1', '2', '3']);
    });

    it('a version create that did nothing and lost its answer is reported, not repeated', async () => {
      await startServer((x) => {
        if (x.path !== `${API}/model-versions/create`) return false;
        x.send({ status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' });
        return true;
      });
      const reg = await connect();
      await rejectsWith(
        () => reg.createModelVersion({ name: 'iris-classifier', source: SOURCE, runId: RUN }),
        'TEMPORARILY_UNAVAILABLE',
        /502 Bad Gateway.*No new version of iris-classifier .*probably not registered.*refresh before registering again/s,
      );
      assert.equal(server!.count('POST', `${API}/model-versions/create`), 1);
      assert.equal(server!.count('GET', `${API}/model-versions/search`), 1, 'it looked');
      assert.deepEqual(await versionsOf('iris-classifier'), ['1', '2', '3', '5']);
    });

    it("a version create refused with MLflow's own JSON error is definite: reported, not searched for", async () => {
      await startServer((x) => {
        if (x.path !== `${API}/model-versions/create`) return false;
        x.send({ status: 500, contentType: 'application/json', body: '{"error_code": "INTERNAL_ERROR", "message": "store failed"}' });
        return true;
      });
      const reg = await connect();
      await rejectsWith(() => reg.createModelVersion({ name: 'iris-classifier', source: SOURCE, runId: RUN }), 'INTERNAL_ERROR', /^store failed$/);
      assert.equal(server!.count('POST', `${API}/model-versions/create`), 1);
      assert.equal(server!.count('GET', `${API}/model-versions/search`), 0);
    });

    it('a model created before the connection dropped is found, and not created twice', async () => {
      await startServer(async (x) => {
        if (x.path !== `${API}/registered-models/create` || x.count > 1) return false;
        await x.handle();
        x.res.socket?.destroy();
        return true;
      });
      const reg = await connect();
      const m = await reg.createRegisteredModel({ name: 'fraud', description: 'd', tags: { team: 'risk' } });
      assert.deepEqual([m.name, m.description, m.tags], ['fraud', 'd', { team: 'risk' }]);
      assert.equal(server!.count('POST', `${API}/registered-models/create`), 1);
      assert.equal(server!.count('GET', `${API}/registered-models/get`), 1, 'it checked with a GET');
    });

    it('a model create that never arrived is sent again after the check finds nothing', async () => {
      await startServer((x) => {
        if (x.path !== `${API}/registered-models/create` || x.count > 1) return false;
        x.res.socket?.destroy(); // dropped before any work
        return true;
      });
      const reg = await connect();
      const m = await reg.createRegisteredModel({ name: 'fraud' });
      assert.equal(m.name, 'fraud');
      assert.equal(server!.count('POST', `${API}/registered-models/create`), 2);
      assert.equal((await server!.registry.searchRegisteredModels({ filter: "name = 'fraud'" })).items.length, 1);
    });

    it('a rename whose answer was lost is confirmed by looking at both names', async () => {
      await startServer(async (x) => {
        if (x.path !== `${API}/registered-models/rename` || x.count > 1) return false;
        await x.handle();
        x.res.socket?.destroy();
        return true;
      });
      const reg = await connect();
      const m = await reg.renameRegisteredModel('churn-model', 'churn-v2');
      assert.equal(m.name, 'churn-v2');
      assert.equal(server!.count('POST', `${API}/registered-models/rename`), 1);
    });
  });

  describe('answers that are not MLflow JSON', () => {
    it('names the endpoint of an HTML 404 or 405 and suggests the server may be too old', async () => {
      await startServer((x) => {
        if (x.path === `${API}/registered-models/get`) {
          x.send({ status: 404, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>404 Not Found</title>' });
          return true;
        }
        if (x.path === `${API}/registered-models/create`) {
          x.send({ status: 405, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>405 Method Not Allowed</title>' });
          return true;
        }
        return false;
      });
      const reg = await connect();
      const e404 = await rejectsWith(
        () => reg.getRegisteredModel('iris-classifier'),
        'ENDPOINT_NOT_FOUND',
        new RegExp(`no endpoint GET ${API}/registered-models/get`),
      );
      assert.match(e404.message, /too old/);
      const e405 = await rejectsWith(
        () => reg.createRegisteredModel({ name: 'x' }),
        'ENDPOINT_NOT_FOUND',
        new RegExp(`does not accept POST ${API}/registered-models/create`),
      );
      assert.match(e405.message, /405/);
      assert.equal(server!.count('GET', `${API}/registered-models/get`), 1, 'a 404 is not retried');
    });

    it('refuses to connect to something that is not an MLflow server', async () => {
      const raw = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in</body></html>'));
      const url = await listen(raw);
      try {
        await rejectsWith(() => RestRegistry.connect({ url, ...FAST }), 'ENDPOINT_NOT_FOUND', /not an MLflow version.*login page/s);
      } finally {
        await stop(raw);
      }
    });

    it('answers logged-model lookups on a 2.x server, or one without the route, with RESOURCE_DOES_NOT_EXIST', async () => {
      await startServer();
      const old = await connect();
      await rejectsWith(() => old.getLoggedModel('m-1'), 'RESOURCE_DOES_NOT_EXIST', /runs MLflow 2\.17\.2; logged models need MLflow 3\.0 or newer/);
      assert.equal(server!.requests.filter((r) => r.path.includes('logged-models')).length, 0, 'nothing asked');
      await old.close();
      await server!.close();
      await startServer(
        (x) => {
          if (!x.path.includes('logged-models')) return false;
          x.send({ status: 404, contentType: 'text/html', body: '<html>Not Found</html>' });
          return true;
        },
        { version: '3.1.0' },
      );
      const reg = await connect();
      await rejectsWith(() => reg.getLoggedModel('m-1'), 'RESOURCE_DOES_NOT_EXIST', /no logged-models endpoint/);
    });

    it('reads a logged model from an MLflow 3 server as the SQLite backend reads the file', async () => {
      const copy3 = tempCopy(FIXTURE_3.db);
      const local = openRegistry(FIXTURE_3.db, { readonly: true });
      try {
        await startServer(undefined, { version: '3.11.2.dev0', db: copy3.db });
        const reg = await connect();
        const id = 'm-610dae704b7f458ab2229ac7a2efb4f7';
        assert.deepEqual(await reg.getLoggedModel(id), await local.getLoggedModel(id));
        await rejectsWith(() => reg.getLoggedModel('m-00000000000000000000000000000000'), 'RESOURCE_DOES_NOT_EXIST');
        assert.deepEqual(
          server!.requests.filter((r) => r.path.includes('logged-models')).map((r) => r.path),
          [`${API}/logged-models/${id}`, `${API}/logged-models/m-00000000000000000000000000000000`],
        );
      } finally {
        await rest?.close();
        rest = undefined;
        await server?.close();
        server = undefined;
        await local.close();
        copy3.cleanup();
      }
    });
  });

  describe('authentication', () => {
    const USER = 'alice';
    const PASSWORD = 's3cr3t-pa55';
    const TOKEN = 'tok-9f8e7d6c5b4a';
    const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    const secrets = [PASSWORD, TOKEN, BASIC];
    /** The basic-auth app: plain-text 401 with a challenge, plain-text 403 (docs/authentication.md#basic-auth-app). */
    const guard: Interceptor = (x) => {
      const auth = x.headers.authorization;
      if (auth !== `Basic ${BASIC}` && auth !== `Bearer ${TOKEN}`) {
        x.send({
          status: 401,
          contentType: 'text/plain',
          headers: { 'WWW-Authenticate': 'Basic realm="mlflow"' },
          body: 'You are not authenticated. Please see the documentation.',
        });
        return true;
      }
      if (x.method !== 'GET') {
        x.send({ status: 403, contentType: 'text/plain', body: 'Permission denied' });
        return true;
      }
      return false;
    };
    const noSecret = (e: Error) => {
      for (const s of secrets) assert.ok(!e.message.includes(s), `the message leaks a secret: ${e.message}`);
    };

    it('says credentials are needed when none are configured', async () => {
      await startServer(guard);
      const e = await rejectsWith(() => connect(), 'UNAUTHENTICATED', /requires credentials \(401\).*MLFLOW_TRACKING_USERNAME/);
      assert.match(e.message, new RegExp(server!.url));
    });

    it('says the credentials were rejected, without repeating them', async () => {
      await startServer(guard);
      noSecret(await rejectsWith(() => connect({ username: USER, password: 'wrong-password' }), 'UNAUTHENTICATED', /rejected the credentials \(401\)/));
      noSecret(await rejectsWith(() => connect({ token: 'tok-wrong-000' }), 'UNAUTHENTICATED', /rejected the credentials/));
    });

    it('sends basic auth, and reports a 403 as PERMISSION_DENIED naming the refused call, without the secret', async () => {
      await startServer(guard);
      const reg = await connect({ username: USER, password: PASSWORD, token: TOKEN, workspace: 'team-a' });
      assert.equal((await reg.getRegisteredModel('iris-classifier')).name, 'iris-classifier');
      const seen = server!.requests[server!.requests.length - 1];
      assert.equal(seen.headers.authorization, `Basic ${BASIC}`, 'basic wins when username and password are both set');
      assert.equal(seen.headers['x-mlflow-workspace'], 'team-a');
      const e = await rejectsWith(
        () => reg.createRegisteredModel({ name: 'x' }),
        'PERMISSION_DENIED',
        new RegExp(`denied POST ${API}/registered-models/create \\(403\\).*Permission denied`),
      );
      noSecret(e);
    });

    it('sends a bearer token when there is no username and password', async () => {
      await startServer(guard);
      const reg = await connect({ token: TOKEN });
      await reg.getRegisteredModel('iris-classifier');
      assert.equal(server!.requests[server!.requests.length - 1].headers.authorization, `Bearer ${TOKEN}`);
    });

    it('takes credentials from the URL but never shows them', async () => {
      await startServer(guard);
      const url = server!.url.replace('http://', `http://${USER}:${PASSWORD}@`);
      const reg = await connect({ url });
      assert.equal(reg.location, server!.url);
      noSecret(await rejectsWith(() => reg.setRegisteredModelTag('iris-classifier', 'k', 'v'), 'PERMISSION_DENIED'));
      await reg.close();
      rest = undefined;
      await server!.close();
      server = undefined;
      // The same URL, server gone: the connection error must not echo the URL's password either.
      noSecret(await rejectsWith(() => RestRegistry.connect({ url, ...FAST, maxRetries: 0 }), 'TEMPORARILY_UNAVAILABLE'));
    });
  });

  describe('TLS', () => {
    let certs: TlsFixtures;
    let dir: { dir: string; cleanup(): void };
    before(function () {
      this.timeout(30_000);
      dir = tempDir();
      certs = makeTlsFixtures(dir.dir);
    });
    after(() => dir.cleanup());

    const startTls = async (requireClientCert = false) => {
      server = await StatefulServer.start({
        db: copy.db,
        tls: { key: certs.serverKey, cert: certs.serverCert, ...(requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: [certs.caPem] } : {}) },
      });
      assert.match(server.url, /^https:/);
    };

    it('refuses a server certificate from an unknown CA with a message that says what to set', async () => {
      await startTls();
      const e = await rejectsWith(
        () => connect({ maxRetries: 0 }),
        'TEMPORARILY_UNAVAILABLE',
        /Could not verify the TLS certificate of https:\/\/127\.0\.0\.1/,
      );
      assert.match(e.message, /MLFLOW_TRACKING_SERVER_CERT_PATH/);
      assert.match(e.message, /(SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER)/);
      assert.equal(server!.requests.length, 0, 'nothing reached the server');
    });

    it('trusts the server with its CA, given as a file or as PEM text', async () => {
      await startTls();
      assert.equal((await (await connect({ caCertPath: certs.caPath })).getRegisteredModel('iris-classifier')).name, 'iris-classifier');
      await rest!.close();
      assert.equal((await (await connect({ caCert: certs.caPem })).searchRegisteredModels()).items.length, 4);
    });

    it('skips verification only when asked, and not together with a CA', async () => {
      await startTls();
      assert.equal((await (await connect({ insecure: true })).getRegisteredModel('iris-classifier')).name, 'iris-classifier');
      await rest!.close();
      rest = undefined;
      await rejectsWith(() => connect({ insecure: true, caCertPath: certs.caPath }), 'INVALID_PARAMETER_VALUE', /only one/);
    });

    it('presents a client certificate (one PEM with certificate and key) to a server that requires one', async () => {
      await startTls(true);
      const reg = await connect({ caCertPath: certs.caPath, clientCertPath: certs.clientBundlePath });
      assert.equal((await reg.getRegisteredModel('iris-classifier')).name, 'iris-classifier');
      await reg.close();
      rest = undefined;
      const e = await rejectsWith(() => connect({ caCertPath: certs.caPath, maxRetries: 0 }), 'UNAUTHENTICATED', /refused the TLS connection/);
      assert.match(e.message, /MLFLOW_TRACKING_CLIENT_CERT_PATH/);
      await rejectsWith(
        () => connect({ caCertPath: certs.caPath, clientCertPath: certs.clientCertOnlyPath }),
        'INVALID_PARAMETER_VALUE',
        /certificate and its private key/,
      );
    });
  });
});
