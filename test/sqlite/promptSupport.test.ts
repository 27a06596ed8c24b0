import assert from 'node:assert/strict';
import { holdsPrompts } from '../../src/registry/promptSupport';
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
      return await holdsPrompts(session.backend);
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
});
