import assert from 'node:assert/strict';
import type { RegistryBackend } from '../../src/core/backend';
import { loadModelPage } from '../../src/pages/modelPage';
import { RegistrySession } from '../../src/registry/registrySession';
import { openRegistry } from './registry';

/** A name built to widen a hand-made `name = "…"` filter to iris (issue 9, finding 3). */
export const HOSTILE = `iris" AND name != "'`;
/** Both quote kinds: MLflow's filter grammar has no literal for it. */
export const BOTH_QUOTES = `o'neil "the model"`;
/** A trailing backslash escapes a closing quote in MLflow's lexer. */
export const TRAILING_BACKSLASH = 'trail\\';
export const NAMES = ['iris', HOSTILE, BOTH_QUOTES, TRAILING_BACKSLASH];

/**
 * Writes the models straight into a copy of a fixture: iris v1-3, and for every
 * other name v1-4 with v2 deleted (a gap the REST fallback must step over).
 */
export async function seedIdentityModels(db: string): Promise<void> {
  const reg = openRegistry(db);
  try {
    for (const name of NAMES) {
      await reg.createRegisteredModel({ name });
      const count = name === 'iris' ? 3 : 4;
      for (let i = 1; i <= count; i++) await reg.createModelVersion({ name, source: `s3://bucket/${i}` });
      if (name !== 'iris') await reg.deleteModelVersion(name, '2');
    }
  } finally {
    await reg.close();
  }
}

const sessionOn = (backend: RegistryBackend) => new RegistrySession({ kind: 'none' }, backend);

/** The tests both backends must pass: a name is an identity, never filter text. */
export function identitySuite(makeBackend: () => Promise<{ backend: RegistryBackend; done(): Promise<void> }>): void {
  let backend: RegistryBackend;
  let done: () => Promise<void>;
  beforeEach(async () => {
    ({ backend, done } = await makeBackend());
  });
  afterEach(() => done());

  for (const name of NAMES.filter((n) => n !== 'iris')) {
    it(`lists only the versions of ${JSON.stringify(name)}, never iris's`, async () => {
      const versions = await sessionOn(backend).versionsOf(name);
      assert.deepEqual(
        versions.map((v) => `${v.name}/${v.version}`),
        [`${name}/4`, `${name}/3`, `${name}/1`],
      );
    });
  }

  it(`the model page of ${JSON.stringify(HOSTILE)} shows its own versions only`, async () => {
    const page = await loadModelPage(sessionOn(backend), HOSTILE);
    assert.deepEqual(
      page.versions.map((r) => `${r.version.name}/${r.version.version}`),
      [`${HOSTILE}/4`, `${HOSTILE}/3`, `${HOSTILE}/1`],
    );
  });

  it('lists iris alone for iris', async () => {
    const versions = await sessionOn(backend).versionsOf('iris');
    assert.deepEqual(
      versions.map((v) => `${v.name}/${v.version}`),
      ['iris/3', 'iris/2', 'iris/1'],
    );
  });

  it(`a transition of "its" version 3, as the tree makes it, changes ${JSON.stringify(HOSTILE)} and leaves iris v3 alone`, async () => {
    const v3 = (await sessionOn(backend).versionsOf(HOSTILE)).find((v) => v.version === '3');
    assert.ok(v3, 'the hostile model lists its version 3');
    // A version node acts on the name its version carries.
    await backend.transitionModelVersionStage(v3.name, v3.version, 'Production', true);
    assert.equal((await backend.getModelVersion(HOSTILE, '3')).currentStage, 'Production');
    assert.equal((await backend.getModelVersion('iris', '3')).currentStage, 'None');
  });
}
