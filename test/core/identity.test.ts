import assert from 'node:assert/strict';
import type { RegistryBackend } from '../../src/core/backend';
import { versionsOfModel } from '../../src/core/identity';
import type { ModelVersion } from '../../src/core/types';

const version = (name: string, v: string) => ({ name, version: v }) as ModelVersion;

describe('core/identity: versionsOfModel', () => {
  it('drops what a backend returns for another model, whatever it says, and sorts newest first', async () => {
    // A server that answers an identity lookup with someone else's versions.
    const lying = {
      listModelVersions: async () => [version('iris', '3'), version('mine', '1'), version('mine', '10'), version('iris', '1')],
    } as unknown as RegistryBackend;
    const got = await versionsOfModel(lying, 'mine');
    assert.deepEqual(
      got.map((v) => `${v.name}/${v.version}`),
      ['mine/10', 'mine/1'],
    );
  });
});
