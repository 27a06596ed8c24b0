import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExtensionApi } from '../../src/extension';
import { basicAuthOnly } from '../rest/basicAuth';
import { StatefulServer, type StatefulServerOptions } from '../rest/statefulServer';
import { allLogText, childByLabel, labels, openedExtension, run, waitFor, workspaceDb } from './helpers';

const USER = 'alice';
const SECRET = 'pa55-Sekret-4f9c1e';
const WRONG = 'not-the-Password-77ab';

/** The MLflow-like test server over a private copy of the workspace's registry. */
function serverOnWorkspaceCopy(options: Omit<StatefulServerOptions, 'db'> = {}): Promise<StatefulServer> {
  const db = join(mkdtempSync(join(tmpdir(), 'mlflow-remote-')), 'mlflow.db');
  copyFileSync(workspaceDb(), db);
  return StatefulServer.start({ db, ...options });
}

/**
 * A real HTTP server on 127.0.0.1 that answers like MLflow (our stateful
 * server over a copy of the fixture) behind basic auth, as
 * `mlflow server --app-name basic-auth` does: 401 in plain text without it.
 */
describe('a remote MLflow server, connected through the extension', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let server: StatefulServer;

  before(async () => {
    api = await openedExtension();
    // As MLflow's basic-auth app: only /health is open.
    server = await serverOnWorkspaceCopy({ intercept: basicAuthOnly(USER, SECRET) });
  });

  after(async () => {
    await run('selectRegistry', { path: workspaceDb() });
    await server?.close().catch(() => undefined);
  });

  it('refuses a wrong password with a clear message and opens nothing', async () => {
    assert.equal(await run('connectServer', { url: server.url, auth: 'basic', username: USER, password: WRONG }), undefined);
    assert.equal(api.manager.session?.backend.location, workspaceDb(), 'the open registry did not change');
    assert.ok(!api.manager.saved().some((e) => e.uri === server.url.replace(/\/$/, '')), 'a failed connection is not saved');
  });

  it('connects with basic auth, lists the models and shows the server in the tree', async () => {
    assert.equal(await run('connectServer', { url: server.url, auth: 'basic', username: USER, password: SECRET }), 'open');
    const state = api.manager.state;
    assert.equal(state.kind, 'open');
    if (state.kind === 'open') assert.equal(state.session.source.kind, 'remote');
    assert.deepEqual(await labels(api), ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier']);
    const saved = api.manager.saved().find((e) => e.kind === 'remote');
    assert.equal(saved?.username, USER);
    assert.ok(!JSON.stringify(saved).includes(SECRET), 'the password is not in the saved record');
  });

  it('takes a URL copied from the MLflow UI (…/#/models/…) as the server it belongs to', async () => {
    assert.equal(await run('connectServer', { url: `${server.url}/#/models/iris-classifier`, auth: 'basic', username: USER, password: SECRET }), 'open');
    const state = api.manager.state;
    assert.ok(state.kind === 'open' && state.session.source.kind === 'remote');
    if (state.session.source.kind === 'remote') assert.equal(state.session.source.url, server.url.replace(/\/$/, ''));
    assert.ok(!api.manager.saved().some((e) => e.uri.includes('#')), 'no fragment in the saved registries');
    assert.ok((await labels(api)).includes('iris-classifier'));
  });

  it('transitions a version on the server and the tree shows it', async () => {
    await run('transitionStage', { name: 'iris-classifier', version: '2', stage: 'Production', archiveExistingVersions: true });
    const v2 = await server.registry.getModelVersion('iris-classifier', '2');
    const v3 = await server.registry.getModelVersion('iris-classifier', '3');
    assert.equal(v2.currentStage, 'Production');
    assert.equal(v3.currentStage, 'Archived');
    const iris = await childByLabel(api, 'iris-classifier');
    assert.deepEqual(await labels(api, await childByLabel(api, 'Production', iris)), ['Version 2']);
  });

  it('reconnects from the saved registry and its secret after a reload', async () => {
    assert.equal(await run('selectRegistry', { path: workspaceDb() }), 'open');
    assert.equal(await run('selectRegistry', { uri: server.url }), 'open');
    assert.ok((await labels(api)).includes('iris-classifier'));
  });

  it('shows an error node with Retry when the server is down', async () => {
    await server.close();
    await run('refresh');
    const shown = await labels(api);
    assert.match(shown[0], /^Could not list models: /);
    assert.equal(shown[1], 'Retry');
  });

  it('never writes a secret to the log', async () => {
    const text = await waitFor(
      'the log to be written',
      () => {
        const t = allLogText(api.logDir);
        return t.includes('Connected to') ? t : undefined;
      },
      10_000,
      200,
    );
    assert.ok(text.includes(server.url.replace(/\/$/, '')), 'the log names the server');
    for (const secret of [SECRET, WRONG, Buffer.from(`${USER}:${SECRET}`).toString('base64'), Buffer.from(`${USER}:${WRONG}`).toString('base64')]) {
      assert.ok(!text.includes(secret), `the log contains a secret (${secret.slice(0, 4)}…)`);
    }
  });
});

/**
 * Issue 12: the extension activates at startup, so a registry opens before anyone
 * clicks; the Models view's first page is read then, and the click answers from memory.
 */
describe('a server opened while the Models view is hidden', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let server: StatefulServer;

  before(async () => {
    api = await openedExtension();
    server = await serverOnWorkspaceCopy();
  });

  after(async () => {
    await run('selectRegistry', { path: workspaceDb() });
    await server?.close().catch(() => undefined);
  });

  // Connect Server checks the server with a search for one model before it opens it; that is not the view's.
  const searches = (): StatefulServer['requests'] =>
    server.requests.filter((r) => r.path.endsWith('/registered-models/search') && r.query.get('max_results') !== '1');

  it('reads the first page ahead, and nothing past it, then lists the models without asking again', async () => {
    // As at activation, before anyone opened the view.
    api.tree.startHidden();
    assert.equal(await run('connectServer', { url: server.url, auth: 'none' }), 'open');
    const [first] = await waitFor('the first page to be read ahead', () => (searches().length > 0 ? searches() : undefined));
    assert.equal(first.query.get('max_results'), '20', 'one small first page');
    await api.manager.session!.background.idle();
    assert.equal(searches().length, 1, 'no page past the first while hidden');
    assert.ok(!server.requests.some((r) => r.path.includes('model-versions')), 'no version counts while hidden');

    const asked = server.requests.length;
    assert.deepEqual(await labels(api), ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier']);
    assert.equal(searches().length, 1, 'the view answered from memory');
    assert.ok(
      server.requests.slice(asked).every((r) => !r.path.endsWith('/registered-models/search')),
      'no search once shown',
    );
  });
});

/** Every file below `dir` with its bytes, by relative path. */
function treeBytes(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) for (const [k, v] of treeBytes(full, `${prefix}${name}/`)) out.set(k, v);
    else out.set(`${prefix}${name}`, readFileSync(full).toString('base64'));
  }
  return out;
}

/** Issue 14: Download Model Files… saves a version's folder read through the server. */
describe('Download Model Files… from a remote server with --serve-artifacts', function () {
  this.timeout(60_000);
  let server: StatefulServer;
  const destination = mkdtempSync(join(tmpdir(), 'mlflow-download-'));
  const modelDir = (): string => join(dirname(workspaceDb()), 'mlruns', '1', '5bb798385d424ff19b90fbc239162498', 'artifacts', 'model');

  before(async () => {
    await openedExtension();
    server = await serverOnWorkspaceCopy({ artifacts: { mlruns: join(dirname(workspaceDb()), 'mlruns'), proxied: true } });
    assert.equal(await run('connectServer', { url: server.url, auth: 'none' }), 'open');
  });

  after(async () => {
    await run('selectRegistry', { path: workspaceDb() });
    await server?.close().catch(() => undefined);
    rmSync(destination, { recursive: true, force: true });
  });

  it('saves a byte-identical copy of the model folder into <destination>/<name>-v<version>', async () => {
    const result = await run<{ folder: string; files: number }>('downloadModelFiles', { name: 'iris-classifier', version: '3', destination });
    assert.equal(result?.folder, join(destination, 'iris-classifier-v3'));
    assert.deepEqual(treeBytes(result.folder), treeBytes(modelDir()));
    assert.equal(result.files, treeBytes(modelDir()).size);
    assert.ok(
      server.requests.some((r) => r.path.startsWith('/api/2.0/mlflow-artifacts/artifacts/')),
      'read through the mlflow-artifacts routes',
    );
  });

  it('refuses to write into a folder that exists, and leaves it as it was', async () => {
    const before = treeBytes(join(destination, 'iris-classifier-v3'));
    assert.equal(await run('downloadModelFiles', { name: 'iris-classifier', version: '3', destination }), undefined);
    assert.deepEqual(treeBytes(join(destination, 'iris-classifier-v3')), before);
    assert.deepEqual(readdirSync(destination), ['iris-classifier-v3'], 'no partial folder beside it');
  });
});
