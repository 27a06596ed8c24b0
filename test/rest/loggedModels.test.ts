import assert from 'node:assert/strict';
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { checkLoggedModels } from '../helpers/loggedModelChecks';
import { openRegistry, rejectsWith } from '../helpers/registry';
import { restOnFixtureCopy } from '../helpers/restOnCopy';
import { VERSION_EXCHANGE, loadExchanges, ReplayServer } from './replayServer';

const GET_LOGGED_MODEL = 34;
const MISSING_LOGGED_MODEL = 46;
const [getExchange, missingExchange] = loadExchanges(FIXTURE_GENAI.rest, (n) => n === GET_LOGGED_MODEL || n === MISSING_LOGGED_MODEL);
const recordedId = /logged-models\/(m-[0-9a-f]{32})$/.exec(getExchange.path)![1];
const missingId = /logged-models\/(m-[0-9a-f]{32})$/.exec(missingExchange.path)![1];

describe('REST backend against the recorded MLflow 3 logged-model exchanges', () => {
  let server: ReplayServer;
  let rest: RestRegistry;
  let sqlite: SqliteRegistry;

  before(async () => {
    server = await ReplayServer.start([{ ...VERSION_EXCHANGE, responseBody: FIXTURE_GENAI.serverVersion }, getExchange, missingExchange]);
    rest = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
    sqlite = openRegistry(FIXTURE_GENAI.db, { readonly: true });
    server.take();
  });
  after(async () => {
    await rest.close();
    await sqlite.close();
    await server.close();
  });

  it(`${GET_LOGGED_MODEL} reads the logged model, its params and its metrics with dataset and step, as the embedded store reads the file`, async () => {
    const m = await rest.getLoggedModel(recordedId);
    assert.deepEqual(server.take(), { served: [getExchange.file], unrecorded: [] });
    assert.deepEqual(m, await sqlite.getLoggedModel(recordedId));
    assert.deepEqual(m.metrics[0], {
      key: 'accuracy',
      value: 0.9333333333333333,
      timestamp: 1796135840543,
      step: 0,
      runId: '56a6506eceaf4437990e9729794aa22b',
      datasetName: 'tickets-holdout',
      datasetDigest: '3680bfdd',
    });
  });

  it(`${MISSING_LOGGED_MODEL} reports a missing logged model with MLflow's code and message`, async () => {
    const recorded = JSON.parse(missingExchange.responseBody) as { message: string };
    const err = await rejectsWith(() => rest.getLoggedModel(missingId), 'RESOURCE_DOES_NOT_EXIST');
    assert.equal(err.message, recorded.message);
    assert.deepEqual(server.take(), { served: [missingExchange.file], unrecorded: [] });
  });
});

describe('logged models of the MLflow 3 genai fixture, REST backend (MLflow-like server over a copy)', () => {
  checkLoggedModels(() => restOnFixtureCopy({ db: FIXTURE_GENAI.db, version: FIXTURE_GENAI.serverVersion }));
});
