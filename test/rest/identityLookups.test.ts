import assert from 'node:assert/strict';
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import { FIXTURE_2, tempCopy } from '../helpers/fixtures';
import { BOTH_QUOTES, HOSTILE, identitySuite, seedIdentityModels } from '../helpers/identityScenario';
import { StatefulServer } from './statefulServer';

describe('identity lookups by model name: RestRegistry against the MLflow-like server', () => {
  const filters: string[] = [];
  identitySuite(async () => {
    const copy = tempCopy(FIXTURE_2.db);
    await seedIdentityModels(copy.db);
    const server = await StatefulServer.start({
      db: copy.db,
      intercept: (x) => {
        if (x.path.endsWith('/model-versions/search')) filters.push(new URL(x.req.url ?? '/', 'http://s').searchParams.get('filter') ?? '');
        return false;
      },
    });
    const backend = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
    return {
      backend,
      done: async () => {
        await backend.close();
        await server.close();
        copy.cleanup();
      },
    };
  });

  it('never sent a filter holding a name MLflow cannot quote', () => {
    assert.ok(filters.length > 0, 'searched at least once');
    for (const f of filters) {
      assert.ok(!f.includes(HOSTILE) && !f.includes(BOTH_QUOTES), `sent ${f}`);
    }
  });
});
