import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { ErrorCode } from '../../src/core/errors';
import { FIXTURE_2, FIXTURE_3, tempCopy, type TempCopy } from '../helpers/fixtures';
import { fileHash } from '../helpers/raw';
import { openRegistry, rejectsWith, testDriver } from '../helpers/registry';

interface Case {
  rule: string;
  call: (r: SqliteRegistry) => Promise<unknown>;
  code: ErrorCode;
  message: RegExp;
}

const long = (n: number) => 'x'.repeat(n);

/** One rejected call per validation rule (docs/validation.md), each through the store's public API. */
const cases: Case[] = [
  { rule: 'model name required', call: (r) => r.createRegisteredModel({ name: '' }), code: 'INVALID_PARAMETER_VALUE', message: /name cannot be empty/ },
  { rule: 'model name not blank', call: (r) => r.createRegisteredModel({ name: '   ' }), code: 'INVALID_PARAMETER_VALUE', message: /cannot be blank/ },
  {
    rule: 'model name without /',
    call: (r) => r.createRegisteredModel({ name: 'team/model' }),
    code: 'INVALID_PARAMETER_VALUE',
    message: /'team\/model'.*cannot contain '\/' or ':'/,
  },
  { rule: 'model name without :', call: (r) => r.renameRegisteredModel('iris-classifier', 'a:b'), code: 'INVALID_PARAMETER_VALUE', message: /'a:b'/ },
  { rule: 'model name path-stable', call: (r) => r.createRegisteredModel({ name: '..' }), code: 'INVALID_PARAMETER_VALUE', message: /would resolve to/ },
  {
    rule: 'version is an integer',
    call: (r) => r.transitionModelVersionStage('iris-classifier', 'three', 'Staging', false),
    code: 'INVALID_PARAMETER_VALUE',
    message: /must be an integer, got 'three'/,
  },
  {
    rule: 'version is an integer (alias)',
    call: (r) => r.setRegisteredModelAlias('iris-classifier', 'ok', '1.5'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /'1\.5'/,
  },
  {
    rule: 'tag key required',
    call: (r) => r.setRegisteredModelTag('iris-classifier', '', 'v'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /Tag name cannot be empty/,
  },
  {
    rule: 'tag key characters',
    call: (r) => r.setModelVersionTag('iris-classifier', '1', 'bad!key', 'v'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /Invalid tag name: 'bad!key'/,
  },
  {
    rule: 'tag key path-stable',
    call: (r) => r.setRegisteredModelTag('iris-classifier', 'a/../b', 'v'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /'a\/\.\.\/b'.*resolve to 'b'/,
  },
  {
    rule: 'tag key no leading /',
    call: (r) => r.createRegisteredModel({ name: 'fresh', tags: { '/abs': 'v' } }),
    code: 'INVALID_PARAMETER_VALUE',
    message: /'\/abs'/,
  },
  {
    rule: 'tag key at most 250',
    call: (r) => r.setRegisteredModelTag('iris-classifier', long(251), 'v'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /length 251, which exceeded length limit of 250/,
  },
  {
    rule: 'model tag value at most 100000',
    call: (r) => r.setRegisteredModelTag('iris-classifier', 'k', long(100_001)),
    code: 'INVALID_PARAMETER_VALUE',
    message: /length 100001, which exceeded length limit of 100000/,
  },
  {
    rule: 'version tag value at most 100000',
    call: (r) => r.createModelVersion({ name: 'iris-classifier', source: '/s', tags: { k: long(100_001) } }),
    code: 'INVALID_PARAMETER_VALUE',
    message: /exceeded length limit of 100000/,
  },
  {
    rule: 'version tag value present',
    call: (r) => r.setModelVersionTag('iris-classifier', '1', 'k', null as unknown as string),
    code: 'INVALID_PARAMETER_VALUE',
    message: /Tag value cannot be None/,
  },
  {
    rule: 'alias required',
    call: (r) => r.setRegisteredModelAlias('iris-classifier', '', '1'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /alias name cannot be empty/,
  },
  {
    rule: 'alias characters',
    call: (r) => r.setRegisteredModelAlias('iris-classifier', 'my.alias', '1'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /Invalid alias name: 'my\.alias'/,
  },
  {
    rule: 'alias at most 255',
    call: (r) => r.setRegisteredModelAlias('iris-classifier', long(256), '1'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /length 256, which exceeded length limit of 255/,
  },
  {
    rule: "alias 'latest' reserved",
    call: (r) => r.setRegisteredModelAlias('iris-classifier', 'LATEST', '1'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /'latest' alias name \(case insensitive\) is reserved/,
  },
  {
    rule: 'alias v<digits> reserved',
    call: (r) => r.setRegisteredModelAlias('iris-classifier', 'v3', '1'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /Version alias name 'v3' is reserved/,
  },
  {
    rule: 'alias to delete is well-formed',
    call: (r) => r.deleteRegisteredModelAlias('iris-classifier', 'a b'),
    code: 'INVALID_PARAMETER_VALUE',
    message: /'a b'/,
  },
  {
    rule: 'stage is one of four',
    call: (r) => r.transitionModelVersionStage('iris-classifier', '1', 'Deleted_Internal', false),
    code: 'INVALID_PARAMETER_VALUE',
    message: /Invalid Model Version stage: Deleted_Internal\. Value must be one of None, Staging, Production, Archived/,
  },
  {
    rule: 'archive only towards Staging/Production',
    call: (r) => r.transitionModelVersionStage('iris-classifier', '1', 'none', true),
    code: 'INTERNAL_ERROR',
    message: /'None' is not an Active stage/,
  },
  {
    rule: 'source required',
    call: (r) => r.createModelVersion({ name: 'iris-classifier', source: '' }),
    code: 'INVALID_PARAMETER_VALUE',
    message: /required parameter 'source'/,
  },
  {
    rule: 'max_results at most 1000 for models',
    call: (r) => r.searchRegisteredModels({ maxResults: 1001 }),
    code: 'INVALID_PARAMETER_VALUE',
    message: /at most 1000, but got value 1001/,
  },
  { rule: 'filter grammar', call: (r) => r.searchModelVersions({ filter: "name = 'a' OR name = 'b'" }), code: 'INVALID_PARAMETER_VALUE', message: /OR/ },
  {
    rule: 'order_by keys',
    call: (r) => r.searchRegisteredModels({ orderBy: ['creation_timestamp DESC'] }),
    code: 'INVALID_PARAMETER_VALUE',
    message: /creation_timestamp/,
  },
  { rule: 'page token', call: (r) => r.searchRegisteredModels({ pageToken: 'not-a-token' }), code: 'INVALID_PARAMETER_VALUE', message: /page token/ },
];

for (const fixture of [FIXTURE_2, FIXTURE_3]) {
  describe(`bad input leaves the file as it was (${fixture.revision}, ${testDriver().name})`, () => {
    let copy: TempCopy;
    let reg: SqliteRegistry;
    before(() => {
      copy = tempCopy(fixture.db);
      reg = openRegistry(copy.db);
    });
    after(async () => {
      await reg.close();
      copy.cleanup();
    });

    for (const c of cases) {
      it(c.rule, async () => {
        const hash = fileHash(copy.db);
        await rejectsWith(() => c.call(reg), c.code, c.message);
        assert.equal(fileHash(copy.db), hash, 'the file changed');
      });
    }

    it('a rejected tag in a create leaves no half-created model', async () => {
      await rejectsWith(() => reg.createRegisteredModel({ name: 'half', tags: { ok: 'v', 'bad!': 'v' } }), 'INVALID_PARAMETER_VALUE');
      await rejectsWith(() => reg.getRegisteredModel('half'), 'RESOURCE_DOES_NOT_EXIST');
    });
  });
}
