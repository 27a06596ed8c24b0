import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { HttpClient, type ApiCall } from '../../src/backends/rest/httpClient';
import { readMetricHistory } from '../../src/backends/rest/metricHistory';
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import { experimentFromWire, type WireExperiment } from '../../src/backends/rest/wire';
import { isMlflowError } from '../../src/core/errors';
import type { ModelVersion, RegisteredModel } from '../../src/core/types';
import { FIXTURE_2, FIXTURES_DIR, tempCopy, type TempCopy } from '../helpers/fixtures';
import { openRegistry, rejectsWith } from '../helpers/registry';
import { VERSION_EXCHANGE, loadExchanges, type Exchange, ReplayServer } from './replayServer';

const REST_DIR = join(FIXTURES_DIR, 'rest');
const READS = loadExchanges(REST_DIR, (n) => (n >= 1 && n <= 30) || (n >= 53 && n <= 56));
const WRITES = loadExchanges(REST_DIR, (n) => n >= 31 && n <= 52);

/** The run behind iris-classifier v1, whose train_loss recordings 53 and 54 read. */
const V1_RUN = '8d56e747fcfb4164b5c9220751d143a8';

const byNumber = (list: Exchange[], n: number): Exchange => list.find((x) => x.file.startsWith(`${String(n).padStart(2, '0')}-`))!;
const recordedError = (x: Exchange): { error_code: string; message: string } => JSON.parse(x.responseBody) as { error_code: string; message: string };

/** The REST payload of 2.17.2 has no storage_location; the file has the column. Everything else must agree. */
function withoutStorage<T extends ModelVersion | RegisteredModel>(x: T): T {
  if ('latestVersions' in x) return { ...x, latestVersions: x.latestVersions.map(withoutStorage) };
  return { ...x, storageLocation: null };
}

/** Sends a recorded request as recorded, for exchanges no RestRegistry method produces (it refuses the input first). */
function rawCall(x: Exchange): ApiCall {
  const query = Object.fromEntries(x.query.map(([k]) => [k, x.query.filter(([k2]) => k2 === k).map(([, v]) => v)]));
  return { method: x.method as ApiCall['method'], path: x.path, query, body: x.body, retry: 'once' };
}

async function rawError(client: HttpClient, x: Exchange): Promise<{ code: string; message: string }> {
  try {
    await client.json(rawCall(x));
  } catch (e) {
    if (isMlflowError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error(`${x.file}: expected an error answer`);
}

describe('REST backend against recorded MLflow 2.17.2 answers: reads 01-30 and 53-56', () => {
  let server: ReplayServer;
  let rest: RestRegistry;
  let raw: HttpClient;
  let sqlite: SqliteRegistry;
  const served = (...files: number[]) => ({ served: files.map((n) => byNumber(READS, n).file), unrecorded: [] as string[] });

  before(async () => {
    server = await ReplayServer.start([VERSION_EXCHANGE, ...READS]);
    rest = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
    raw = new HttpClient({ url: server.url, maxRetries: 0 });
    sqlite = openRegistry(FIXTURE_2.db, { readonly: true });
  });
  after(async () => {
    await rest.close();
    raw.close();
    await sqlite.close();
    await server.close();
  });

  it('connects with GET /version and keeps the server version', () => {
    assert.equal(rest.serverVersion?.text, '2.17.2');
    assert.equal(rest.location, server.url);
    assert.deepEqual(rest.writeAccess(), { writable: true });
    assert.deepEqual(server.take(), { served: [VERSION_EXCHANGE.file], unrecorded: [] });
  });

  it('sends MLflow client headers: User-Agent, and no body or Content-Type on GET', async () => {
    await rest.getRegisteredModel('iris-classifier');
    const req = server.requests[server.requests.length - 1];
    assert.match(String(req.headers['user-agent']), /^mlflow-vscode-registry\/\d+\.\d+\.\d+/);
    assert.equal(req.headers['content-type'], undefined);
    assert.equal(req.body, '');
    assert.equal(req.headers.authorization, undefined);
    assert.deepEqual(server.take(), served(4));
  });

  it('01 searches registered models exactly as the SQLite backend reads them', async () => {
    const page = await rest.searchRegisteredModels();
    assert.deepEqual(server.take(), served(1));
    const local = await sqlite.searchRegisteredModels();
    assert.deepEqual(page.items, local.items.map(withoutStorage));
    assert.equal(page.nextPageToken, undefined);
  });

  it('02 passes filter, max_results and order_by, and hands back the page token', async () => {
    const req = { filter: "name LIKE '%model%'", maxResults: 1, orderBy: ['name ASC'] };
    const page = await rest.searchRegisteredModels(req);
    assert.deepEqual(server.take(), served(2));
    const local = await sqlite.searchRegisteredModels(req);
    assert.deepEqual(page.items, local.items.map(withoutStorage));
    assert.equal(page.nextPageToken, 'eyJvZmZzZXQiOiAxfQ==');
    assert.equal(page.nextPageToken, local.nextPageToken);
  });

  it('03 searches versions with a filter; search results carry no aliases', async () => {
    const page = await rest.searchModelVersions({ filter: "name='iris-classifier'" });
    assert.deepEqual(server.take(), served(3));
    const local = await sqlite.searchModelVersions({ filter: "name='iris-classifier'" });
    assert.deepEqual(page.items, local.items.map(withoutStorage));
    assert.ok(page.items.every((v) => v.aliases.length === 0));
  });

  for (const [n, name] of [
    [4, 'iris-classifier'],
    [16, 'empty-model'],
    [27, 'churn-model'],
  ] as const) {
    it(`${String(n).padStart(2, '0')} gets ${name}: model, tags, aliases and latest versions as the SQLite backend`, async () => {
      const m = await rest.getRegisteredModel(name);
      assert.deepEqual(server.take(), served(n));
      assert.deepEqual(m, withoutStorage(await sqlite.getRegisteredModel(name)));
    });
  }

  it('04 maps omitted fields to null, [] and {} and versions to strings', async () => {
    const m = await rest.getRegisteredModel('iris-classifier');
    server.take();
    assert.deepEqual(m.aliases, [
      { alias: 'baseline', version: '1' },
      { alias: 'challenger', version: '2' },
      { alias: 'champion', version: '3' },
    ]);
    assert.deepEqual(
      m.latestVersions.map((v) => [v.version, v.currentStage]),
      [
        ['1', 'Archived'],
        ['2', 'Staging'],
        ['3', 'Production'],
        ['5', 'None'],
      ],
    );
    const v2 = m.latestVersions[1];
    assert.equal(v2.description, null);
    assert.equal(v2.runLink, null);
    assert.equal(v2.userId, null);
    assert.equal(v2.storageLocation, null);
    assert.deepEqual(v2.aliases, []);
    const empty = await rest.getRegisteredModel('empty-model');
    server.take();
    assert.deepEqual([empty.latestVersions, empty.aliases, empty.tags], [[], [], { kind: 'edge-case' }]);
  });

  it('05 gets a version with its aliases', async () => {
    const v = await rest.getModelVersion('iris-classifier', '3');
    assert.deepEqual(server.take(), served(5));
    assert.deepEqual(v, withoutStorage(await sqlite.getModelVersion('iris-classifier', '3')));
    assert.deepEqual(v.aliases, ['champion']);
  });

  it('06 gets the latest versions with GET when all stages are wanted', async () => {
    const latest = await rest.getLatestVersions('iris-classifier');
    assert.deepEqual(server.take(), served(6));
    assert.deepEqual(latest, (await sqlite.getLatestVersions('iris-classifier')).map(withoutStorage));
  });

  it('07 gets the latest versions of some stages with POST and a JSON body', async () => {
    const latest = await rest.getLatestVersions('iris-classifier', ['Production', 'Staging']);
    assert.deepEqual(server.take(), served(7));
    assert.deepEqual(latest, (await sqlite.getLatestVersions('iris-classifier', ['Production', 'Staging'])).map(withoutStorage));
  });

  it('08 resolves an alias', async () => {
    const v = await rest.getModelVersionByAlias('iris-classifier', 'champion');
    assert.deepEqual(server.take(), served(8));
    assert.deepEqual(v, withoutStorage(await sqlite.getModelVersionByAlias('iris-classifier', 'champion')));
  });

  const sameFailure = async (n: number, restCall: () => Promise<unknown>, sqliteCall: () => Promise<unknown>) => {
    const x = byNumber(READS, n);
    const { error_code, message } = recordedError(x);
    await rejectsWith(restCall, error_code as never, new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    assert.deepEqual(server.take(), served(n));
    const local = await rejectsWith(sqliteCall, error_code as never);
    return local;
  };

  it('09, 10, 28 report missing models and versions as RESOURCE_DOES_NOT_EXIST with the server message', async () => {
    let local = await sameFailure(
      9,
      () => rest.getRegisteredModel('does-not-exist'),
      () => sqlite.getRegisteredModel('does-not-exist'),
    );
    assert.equal(local.message, recordedError(byNumber(READS, 9)).message);
    local = await sameFailure(
      10,
      () => rest.getModelVersion('iris-classifier', '4'),
      () => sqlite.getModelVersion('iris-classifier', '4'),
    );
    assert.equal(local.message, recordedError(byNumber(READS, 10)).message);
    await sameFailure(
      28,
      () => rest.getRegisteredModel('churn-model-draft'),
      () => sqlite.getRegisteredModel('churn-model-draft'),
    );
  });

  it('11 reports a missing alias as INVALID_PARAMETER_VALUE (400), not 404', async () => {
    const local = await sameFailure(
      11,
      () => rest.getModelVersionByAlias('iris-classifier', 'nope'),
      () => sqlite.getModelVersionByAlias('iris-classifier', 'nope'),
    );
    assert.equal(local.message, recordedError(byNumber(READS, 11)).message);
  });

  it('13 passes a bad filter to the server and reports its INVALID_PARAMETER_VALUE', async () => {
    await sameFailure(
      13,
      () => rest.searchModelVersions({ filter: 'bogus ==' }),
      () => sqlite.searchModelVersions({ filter: 'bogus ==' }),
    );
  });

  it('19, 20 report renaming or creating onto an existing name as RESOURCE_ALREADY_EXISTS, with no second request', async () => {
    // The SQLite side of a refused write needs a writable copy.
    const copy: TempCopy = tempCopy(FIXTURE_2.db);
    const writable = openRegistry(copy.db);
    try {
      await sameFailure(
        19,
        () => rest.renameRegisteredModel('churn-model', 'iris-classifier'),
        () => writable.renameRegisteredModel('churn-model', 'iris-classifier'),
      );
      await sameFailure(
        20,
        () => rest.createRegisteredModel({ name: 'iris-classifier' }),
        () => writable.createRegisteredModel({ name: 'iris-classifier' }),
      );
    } finally {
      await writable.close();
      copy.cleanup();
    }
  });

  it('12, 21, 25, 26 refuse bad input before sending, with the code (and where MLflow has one, the text) the server gives', async () => {
    const cases: [number, () => Promise<unknown>, boolean][] = [
      [12, () => rest.getRegisteredModel(''), false],
      [21, () => rest.transitionModelVersionStage('iris-classifier', '2', 'Bogus', false), true],
      [25, () => rest.getModelVersion('iris-classifier', 'abc'), true],
      [26, () => rest.searchRegisteredModels({ maxResults: 5000 }), false],
    ];
    for (const [n, call, sameText] of cases) {
      const x = byNumber(READS, n);
      const server400 = await rawError(raw, x);
      assert.deepEqual(server400, { code: 'INVALID_PARAMETER_VALUE', message: recordedError(x).message });
      assert.deepEqual(server.take(), served(n));
      const local = await rejectsWith(call, 'INVALID_PARAMETER_VALUE');
      if (sameText) assert.equal(local.message, server400.message);
      assert.deepEqual(server.take(), served(), `${x.file}: nothing may be sent`);
    }
  });

  it('14 gets the download URI', async () => {
    const uri = await rest.getModelVersionDownloadUri('iris-classifier', '3');
    assert.deepEqual(server.take(), served(14));
    assert.equal(uri, await sqlite.getModelVersionDownloadUri('iris-classifier', '3'));
  });

  it('17 reads a run: params, latest metrics with step and time, tags and run name', async () => {
    const run = await rest.getRun('5bb798385d424ff19b90fbc239162498');
    assert.deepEqual(server.take(), served(17));
    assert.deepEqual(run, await sqlite.getRun('5bb798385d424ff19b90fbc239162498'));
    assert.equal(run.runName, 'logreg-C10.0');
  });

  it('18 parses experiments as the SQLite backend reads them (experiments/search needs max_results)', async () => {
    const x = byNumber(READS, 18);
    const res = await raw.json<{ experiments: WireExperiment[] }>(rawCall(x));
    assert.deepEqual(server.take(), served(18));
    for (const e of res.experiments) {
      assert.deepEqual(experimentFromWire(e), await sqlite.getExperiment(e.experiment_id));
    }
  });

  it('22 pages versions with max_results and order_by', async () => {
    const req = { maxResults: 2, orderBy: ['version_number DESC'] };
    const page = await rest.searchModelVersions(req);
    assert.deepEqual(server.take(), served(22));
    const local = await sqlite.searchModelVersions(req);
    assert.deepEqual(page, { items: local.items.map(withoutStorage), nextPageToken: local.nextPageToken });
  });

  it('23 names the endpoint of an HTML 404 and suggests an old server or a wrong URL', async () => {
    const e = await rawError(raw, byNumber(READS, 23));
    assert.deepEqual(server.take(), served(23));
    assert.equal(e.code, 'ENDPOINT_NOT_FOUND');
    assert.match(e.message, /GET \/api\/2\.0\/mlflow\/registered-models\/list/);
    assert.match(e.message, /too old/);
    assert.match(e.message, /not be an MLflow server/);
    assert.doesNotMatch(e.message, /<html|doctype/i);
  });

  it('24 names the method and endpoint of an HTML 405', async () => {
    const e = await rawError(raw, byNumber(READS, 24));
    assert.deepEqual(server.take(), served(24));
    assert.equal(e.code, 'ENDPOINT_NOT_FOUND');
    assert.match(e.message, /POST \/api\/2\.0\/mlflow\/registered-models\/get/);
    assert.match(e.message, /405/);
  });

  it('15, 29, 30 read JSON and plain-text artifact answers', async () => {
    const list = await raw.json<{ files: { path: string }[] }>(rawCall(byNumber(READS, 15)));
    assert.equal(list.files.length, 7);
    const mlmodel = await raw.text(rawCall(byNumber(READS, 29)));
    assert.match(mlmodel.contentType, /^text\/plain/);
    assert.match(mlmodel.text, /^artifact_path: model\n/);
    const reqs = await raw.text(rawCall(byNumber(READS, 30)));
    assert.match(reqs.text, /^mlflow==2\.17\.2\n/);
    assert.deepEqual(server.take(), served(15, 29, 30));
  });

  it('53 reads the train_loss of iris-classifier v1 in one request, as the embedded store does', async () => {
    const history = await rest.getMetricHistory(V1_RUN, 'train_loss');
    assert.deepEqual(server.take(), served(53));
    assert.deepEqual(history, await sqlite.getMetricHistory(V1_RUN, 'train_loss'));
    assert.deepEqual(history[0], { step: 0, timestamp: 1795778814089, value: 0.9900990099009901 });
    assert.equal(history.length, 5);
  });

  it('54: MLflow 2.17.2 ignores max_results and sends no token, so one page is the whole history', async () => {
    const history = await readMetricHistory(raw, V1_RUN, 'train_loss', 2);
    assert.deepEqual(server.take(), served(54));
    assert.equal(history.length, 5);
  });

  it('55, 56: a missing run or an unknown key is an empty history, not an error', async () => {
    assert.deepEqual(await rest.getMetricHistory('0123456789abcdef0123456789abcdef', 'train_loss'), []);
    assert.deepEqual(await rest.getMetricHistory(V1_RUN, 'no_such_metric'), []);
    assert.deepEqual(server.take(), served(55, 56));
  });

  it('served every recorded read, and nothing unrecorded', () => {
    assert.deepEqual(
      READS.filter((x) => !server.everServed.has(x.file)).map((x) => x.file),
      [],
    );
    assert.deepEqual(server.take().unrecorded, []);
  });
});

describe('REST backend against recorded MLflow 2.17.2 answers: writes 31-52 in order', () => {
  let server: ReplayServer;
  let rest: RestRegistry;
  let raw: HttpClient;
  const SOURCE = '/opt/ml/project/mlruns/1/a97ac4e7efa94699bc7494fcbe9fc188/artifacts/model';
  const RUN = 'a97ac4e7efa94699bc7494fcbe9fc188';
  const served = (n: number) => ({ served: [byNumber(WRITES, n).file], unrecorded: [] as string[] });

  before(async () => {
    server = await ReplayServer.start([VERSION_EXCHANGE], WRITES);
    rest = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
    raw = new HttpClient({ url: server.url, maxRetries: 0 });
    server.take();
  });
  after(async () => {
    await rest.close();
    raw.close();
    await server.close();
  });

  it('31 creates a model with description and tags', async () => {
    const m = await rest.createRegisteredModel({ name: 'new-model', description: '# New\n\nmade over REST', tags: { team: 'core' } });
    assert.deepEqual(server.take(), served(31));
    assert.deepEqual(m, {
      name: 'new-model',
      creationTimestamp: 1795779356608,
      lastUpdatedTimestamp: 1795779356608,
      description: '# New\n\nmade over REST',
      latestVersions: [],
      tags: { team: 'core' },
      aliases: [],
    });
  });

  it('32, 33 create versions, sending only the fields given', async () => {
    const v1 = await rest.createModelVersion({ name: 'new-model', source: SOURCE, runId: RUN, description: 'first', tags: { origin: 'rest' } });
    assert.deepEqual(server.take(), served(32));
    assert.deepEqual(
      [v1.version, v1.currentStage, v1.description, v1.runLink, v1.status, v1.tags, v1.aliases, v1.storageLocation],
      ['1', 'None', 'first', '', 'READY', { origin: 'rest' }, [], null],
    );
    const v2 = await rest.createModelVersion({ name: 'new-model', source: SOURCE, runId: RUN });
    assert.deepEqual(server.take(), served(33));
    // Over REST, MLflow 2.17.2 stores an absent description as ''.
    assert.deepEqual([v2.version, v2.description, v2.tags], ['2', '', {}]);
  });

  it('34 sets an alias with the version as a string', async () => {
    await rest.setRegisteredModelAlias('new-model', 'champion', '1');
    assert.deepEqual(server.take(), served(34));
  });

  it('35, 36 transition stages, sending the stage as written and the archive flag as a boolean', async () => {
    const v1 = await rest.transitionModelVersionStage('new-model', '1', 'production', false);
    assert.deepEqual(server.take(), served(35));
    assert.deepEqual([v1.currentStage, v1.aliases], ['Production', ['champion']]);
    const v2 = await rest.transitionModelVersionStage('new-model', '2', 'Production', true);
    assert.deepEqual(server.take(), served(36));
    assert.equal(v2.currentStage, 'Production');
  });

  it('37 updates a version description', async () => {
    const v = await rest.updateModelVersion('new-model', '1', 'updated description');
    assert.deepEqual(server.take(), served(37));
    assert.deepEqual([v.description, v.currentStage, v.aliases], ['updated description', 'Archived', ['champion']]);
  });

  it('38-41 set and delete version and model tags (DELETE with a JSON body)', async () => {
    await rest.setModelVersionTag('new-model', '1', 'approved_by', 'ana@example.com');
    assert.deepEqual(server.take(), served(38));
    await rest.deleteModelVersionTag('new-model', '1', 'origin');
    assert.deepEqual(server.take(), served(39));
    await rest.setRegisteredModelTag('new-model', 'tier', 'gold');
    assert.deepEqual(server.take(), served(40));
    await rest.deleteRegisteredModelTag('new-model', 'team');
    assert.deepEqual(server.take(), served(41));
    const del = server.requests.find((r) => r.method === 'DELETE')!;
    assert.match(String(del.headers['content-type']), /^application\/json/);
    assert.equal(del.url, '/api/2.0/mlflow/model-versions/delete-tag', 'DELETE parameters go in the body, not the query');
  });

  it('42 updates the model description', async () => {
    const m = await rest.updateRegisteredModel('new-model', 'updated model description');
    assert.deepEqual(server.take(), served(42));
    assert.equal(m.description, 'updated model description');
    assert.deepEqual(
      m.latestVersions.map((v) => [v.version, v.currentStage, v.tags]),
      [
        ['1', 'Archived', { approved_by: 'ana@example.com' }],
        ['2', 'Production', {}],
      ],
    );
    assert.deepEqual([m.tags, m.aliases], [{ tier: 'gold' }, [{ alias: 'champion', version: '1' }]]);
  });

  it('43, 44 rename carrying versions, tags and aliases', async () => {
    const renamed = await rest.renameRegisteredModel('new-model', 'new-model-renamed');
    assert.deepEqual(server.take(), served(43));
    assert.equal(renamed.name, 'new-model-renamed');
    assert.ok(renamed.latestVersions.every((v) => v.name === 'new-model-renamed'));
    assert.deepEqual([renamed.tags, renamed.aliases], [{ tier: 'gold' }, [{ alias: 'champion', version: '1' }]]);
    const again = await rest.getRegisteredModel('new-model-renamed');
    assert.deepEqual(server.take(), served(44));
    assert.deepEqual(again, renamed);
  });

  it('45-47 delete the alias, a version and the model', async () => {
    await rest.deleteRegisteredModelAlias('new-model-renamed', 'champion');
    assert.deepEqual(server.take(), served(45));
    await rest.deleteModelVersion('new-model-renamed', '1');
    assert.deepEqual(server.take(), served(46));
    await rest.deleteRegisteredModel('new-model-renamed');
    assert.deepEqual(server.take(), served(47));
  });

  it('48, 49 report the deleted model as missing, also to a version create (which is not searched for)', async () => {
    await rejectsWith(() => rest.getRegisteredModel('new-model-renamed'), 'RESOURCE_DOES_NOT_EXIST', /name=new-model-renamed not found/);
    assert.deepEqual(server.take(), served(48));
    await rejectsWith(
      () => rest.createModelVersion({ name: 'no-such-model', source: SOURCE, runId: RUN }),
      'RESOURCE_DOES_NOT_EXIST',
      /name=no-such-model not found/,
    );
    assert.deepEqual(server.take(), served(49));
  });

  it("50, 51 refuse a reserved alias and archiving towards Archived before sending, with the server's code and text", async () => {
    for (const [n, call] of [
      [50, () => rest.setRegisteredModelAlias('iris-classifier', 'latest', '1')],
      [51, () => rest.transitionModelVersionStage('iris-classifier', '2', 'Archived', true)],
    ] as const) {
      const x = byNumber(WRITES, n);
      const { error_code, message } = recordedError(x);
      const local = await rejectsWith(call, error_code as never);
      assert.equal(local.message, message);
      assert.deepEqual(server.take(), { served: [], unrecorded: [] }, `${x.file}: nothing may be sent`);
      assert.deepEqual(await rawError(raw, x), { code: error_code, message });
      assert.deepEqual(server.take(), served(n));
    }
  });

  it('52 reports the server refusing a source outside the run', async () => {
    await rejectsWith(
      () => rest.createModelVersion({ name: 'iris-classifier', source: '/etc', runId: RUN }),
      'INVALID_PARAMETER_VALUE',
      /Invalid model version source: '\/etc'/,
    );
    assert.deepEqual(server.take(), served(52));
  });

  it('served the whole write sequence in order, and nothing unrecorded', () => {
    assert.ok(server.sequenceDone);
    assert.deepEqual(server.take().unrecorded, []);
  });
});
