import assert from 'node:assert/strict';
import { RegistrySession } from '../../src/registry/registrySession';
import { FIXTURE_2, tempCopy } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { openRegistry, testDriver } from '../helpers/registry';

describe(`which registries hold prompts (${testDriver().name})`, () => {
  const holds = async (db: string, before?: (session: RegistrySession) => Promise<unknown>) => {
    const copy = tempCopy(db);
    const session = new RegistrySession({ kind: 'sqlite', path: copy.db, origin: 'setting mlflowRegistry.registryUri' }, openRegistry(copy.db));
    try {
      await before?.(session);
      return await session.backend.prompts!.holdsPrompts();
    } finally {
      await session.close();
      copy.cleanup();
    }
  };

  it('an MLflow 3 file does, through the session as well', async () => {
    assert.equal(await holds(FIXTURE_GENAI.db), true);
  });

  it('an MLflow 2.17.2 file does not', async () => {
    assert.equal(await holds(FIXTURE_2.db), false);
  });

  it('an older file that already has a prompt does', async () => {
    assert.equal(await holds(FIXTURE_2.db, (s) => s.backend.prompts!.registerPrompt({ name: 'early', template: 'Hi {{ name }}' })), true);
  });

  it('asks once per backend, and again after a prompt is registered', async () => {
    const copy = tempCopy(FIXTURE_2.db);
    const registry = openRegistry(copy.db);
    try {
      let searches = 0;
      const search = registry.searchRegisteredModels.bind(registry);
      registry.searchRegisteredModels = (req) => {
        searches++;
        return search(req);
      };
      const prompts = registry.prompts;
      assert.deepEqual([await prompts.holdsPrompts(), await prompts.holdsPrompts()], [false, false]);
      assert.equal(searches, 1);
      await prompts.registerPrompt({ name: 'early', template: 'Hi {{ name }}' });
      assert.equal(await prompts.holdsPrompts(), true);
      assert.equal(searches, 2);
    } finally {
      await registry.close();
      copy.cleanup();
    }
  });
});
