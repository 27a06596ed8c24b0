import { FIXTURE_2, tempCopy } from '../helpers/fixtures';
import { identitySuite, seedIdentityModels } from '../helpers/identityScenario';
import { openRegistry } from '../helpers/registry';

describe('identity lookups by model name: SqliteRegistry', () => {
  identitySuite(async () => {
    const copy = tempCopy(FIXTURE_2.db);
    await seedIdentityModels(copy.db);
    const backend = openRegistry(copy.db);
    return {
      backend,
      done: async () => {
        await backend.close();
        copy.cleanup();
      },
    };
  });
});
