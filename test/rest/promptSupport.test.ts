import assert from 'node:assert/strict';
import { FIXTURE_2 } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { restOnFixtureCopy } from '../helpers/restOnCopy';

describe('which MLflow servers hold prompts: their version says, or the prompts they already have', () => {
  const serverHolds = async (version: string, db = FIXTURE_2.db) => {
    const rest = await restOnFixtureCopy({ version, db });
    try {
      return await rest.backend.prompts.holdsPrompts();
    } finally {
      await rest.done();
    }
  };

  it('MLflow 2.21 and newer do, even with no prompt yet', async () => {
    assert.deepEqual([await serverHolds('2.21.0'), await serverHolds('3.1.0')], [true, true]);
  });

  it('an MLflow 2.17.2 server without prompts does not, one holding prompts a newer client wrote does', async () => {
    assert.deepEqual([await serverHolds('2.17.2'), await serverHolds('2.17.2', FIXTURE_GENAI.db)], [false, true]);
  });
});
