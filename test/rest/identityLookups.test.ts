import assert from 'node:assert/strict';
import { BOTH_QUOTES, HOSTILE, identitySuite, seedIdentityModels } from '../helpers/identityScenario';
import { restOnFixtureCopy } from '../helpers/restOnCopy';

describe('identity lookups by model name: RestRegistry against the MLflow-like server', () => {
  const filters: string[] = [];
  identitySuite(() =>
    restOnFixtureCopy({
      seed: seedIdentityModels,
      intercept: (x) => {
        if (x.path.endsWith('/model-versions/search')) filters.push(new URL(x.req.url ?? '/', 'http://s').searchParams.get('filter') ?? '');
        return false;
      },
    }),
  );

  it('never sent a filter holding a name MLflow cannot quote', () => {
    assert.ok(filters.length > 0, 'searched at least once');
    for (const f of filters) {
      assert.ok(!f.includes(HOSTILE) && !f.includes(BOTH_QUOTES), `sent ${f}`);
    }
  });
});

describe('identity lookups on REST: a name MLflow cannot quote, with too many versions to read one by one', () => {
  it('says this server cannot list that model instead of guessing', async () => {
    const { listVersionsByName, MAX_PROBED_VERSIONS } = await import('../../src/backends/rest/versionsByName');
    let probes = 0;
    const server = {
      location: 'http://mlflow.example',
      searchModelVersions: async () => assert.fail('no filter can hold this name'),
      getRegisteredModel: async (name: string) => ({ name, latestVersions: [{ name, version: String(MAX_PROBED_VERSIONS + 1) }] }),
      getModelVersion: async () => (probes++, assert.fail('not probed')),
    } as unknown as Parameters<typeof listVersionsByName>[0];
    await assert.rejects(listVersionsByName(server, BOTH_QUOTES), {
      name: 'MlflowError',
      message: new RegExp(`cannot list the versions of model 'o'neil "the model"'.*${MAX_PROBED_VERSIONS + 1} versions`),
    });
    assert.equal(probes, 0);
  });
});
