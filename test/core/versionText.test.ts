import assert from 'node:assert/strict';
import { modelVersionFromWire, registeredModelFromWire } from '../../src/backends/rest/wire';
import { openRegistry } from '../helpers/registry';
import { rawExec } from '../helpers/raw';
import { FIXTURE_2, tempCopy, type TempCopy } from '../helpers/fixtures';
import { byNameThenVersion, compareVersions, decimalText } from '../../src/core/versionText';

const HUGE = '9999999999999999999999';

describe('version numbers stay decimal strings', () => {
  it('never writes a version in exponent form', () => {
    assert.equal(decimalText(1e22), '10000000000000000000000');
    assert.equal(decimalText(HUGE), HUGE);
    assert.equal(decimalText(12n), '12');
    assert.equal(decimalText(7), '7');
    assert.doesNotMatch(decimalText(Number(HUGE)), /e/i);
  });

  it('orders by value, past 2^53', () => {
    assert.equal(compareVersions('9007199254740993', '9007199254740992'), 1);
    assert.equal(compareVersions('10', '9'), 1);
    assert.equal(compareVersions('3', '3'), 0);
  });

  it('lists versions of several models by name, then by value past 2^53', () => {
    const versions = [
      { name: 'b', version: '2' },
      { name: 'a', version: '9007199254740993' },
      { name: 'a', version: '9007199254740992' },
      { name: 'a', version: '10' },
    ];
    assert.deepEqual(
      [...versions].sort(byNameThenVersion).map((v) => `${v.name}/${v.version}`),
      ['a/10', 'a/9007199254740992', 'a/9007199254740993', 'b/2'],
    );
  });

  it('keeps the REST wire value as sent, string or number', () => {
    const base = { name: 'm', current_stage: 'None' };
    assert.equal(modelVersionFromWire({ ...base, version: HUGE }, false).version, HUGE);
    assert.equal(modelVersionFromWire({ ...base, version: JSON.parse(HUGE) as number }, false).version, '10000000000000000000000');
    assert.equal(registeredModelFromWire({ name: 'm', aliases: [{ alias: 'a', version: 1e22 }] }).aliases[0].version, '10000000000000000000000');
  });

  describe('in mlflow.db, where an integer past int64 is stored as REAL', () => {
    let copy: TempCopy;
    before(() => {
      copy = tempCopy(FIXTURE_2.db);
      rawExec(
        copy.db,
        `INSERT INTO model_versions (name, version, creation_time, last_updated_time, current_stage, source, status)
         VALUES ('churn-model', ${HUGE}, 1, 1, 'None', 'file:///x', 'READY')`,
      );
    });
    after(() => copy.cleanup());

    it('reads it as a decimal string', async () => {
      const reg = openRegistry(copy.db);
      try {
        const page = await reg.searchModelVersions({ filter: "name = 'churn-model'" });
        const versions = page.items.map((v) => v.version);
        assert.ok(versions.includes('10000000000000000000000'), versions.join(', '));
        for (const v of versions) assert.match(v, /^\d+$/);
      } finally {
        await reg.close();
      }
    });
  });
});
