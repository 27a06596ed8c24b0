import assert from 'node:assert/strict';
import { loadVersionPage } from '../../src/pages/versionData';
import { RegistrySession } from '../../src/registry/registrySession';
import { expected2 } from '../helpers/expected';
import { FIXTURE_2 } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { checkLoggedModels } from '../helpers/loggedModelChecks';
import { openRegistry, testDriver } from '../helpers/registry';

describe(`logged models of the MLflow 3 genai fixture, embedded store (${testDriver().name})`, () => {
  checkLoggedModels(async () => {
    const reg = openRegistry(FIXTURE_GENAI.db, { readonly: true });
    return { backend: reg, done: () => reg.close() };
  });
});

describe('the MLflow 2.17.2 fixture has no logged models', () => {
  it('its version pages have no logged model section data', async () => {
    const reg = openRegistry(FIXTURE_2.db, { readonly: true });
    try {
      const session = new RegistrySession({ kind: 'none' }, reg);
      for (const m of expected2().registered_models) {
        for (const v of m.versions) {
          const page = await loadVersionPage(session, v.name, v.version);
          assert.equal(page.logged, null, `${v.name} v${v.version}`);
        }
      }
    } finally {
      await reg.close();
    }
  });
});
