import assert from 'node:assert/strict';
import { MlflowError, type ErrorCode } from '../../src/core/errors';
import {
  canonicalStage,
  isPathUnstable,
  parseVersion,
  posixNormpath,
  validateAliasForSet,
  validateAliasName,
  validateArchiveExisting,
  validateMaxResults,
  validateModelName,
  validateModelTagValue,
  validateNewModelName,
  validateSource,
  validateTagKey,
  validateVersionTagValue,
} from '../../src/core/validation';

/** Asserts that `fn` throws an MlflowError with `code` whose message matches every pattern. */
function rejects(fn: () => unknown, patterns: (string | RegExp)[], code: ErrorCode = 'INVALID_PARAMETER_VALUE'): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MlflowError, `expected MlflowError, got ${String(e)}`);
    assert.equal(e.code, code);
    for (const p of patterns) {
      if (typeof p === 'string') assert.ok(e.message.includes(p), `message ${JSON.stringify(e.message)} lacks ${p}`);
      else assert.match(e.message, p);
    }
    return true;
  });
}

describe('validation', () => {
  describe('posixNormpath / isPathUnstable (Python posixpath.normpath)', () => {
    it('normalises like Python', () => {
      const cases: [string, string][] = [
        ['', '.'],
        ['.', '.'],
        ['a', 'a'],
        ['a/b', 'a/b'],
        ['a//b', 'a/b'],
        ['a/./b', 'a/b'],
        ['a/b/', 'a/b'],
        ['a/../b', 'b'],
        ['../a', '../a'],
        ['a/../../b', '../b'],
        ['/a', '/a'],
        ['/../a', '/a'],
        ['//a', '//a'],
        ['///a', '/a'],
      ];
      for (const [input, expected] of cases) assert.equal(posixNormpath(input), expected, input);
    });

    it('flags names that are not path-stable', () => {
      for (const bad of ['', '.', '..', '..a', '../a', 'a/..', 'a//b', 'a/./b', './a', '/a', 'a/', 'a/../b']) {
        assert.equal(isPathUnstable(bad), true, bad);
      }
      for (const good of ['a', 'a/b', 'a.b', 'a..b', 'x/y z/w', 'a.']) {
        assert.equal(isPathUnstable(good), false, good);
      }
    });
  });

  describe('validateModelName (lookups)', () => {
    it('accepts any non-empty name, including legacy ones with / and :', () => {
      for (const name of ['iris-classifier', 'a/b', 'ns:model', ' ', '..', 'with space', 'ünïcode']) {
        assert.doesNotThrow(() => validateModelName(name), name);
      }
    });
    it('rejects empty, null and undefined', () => {
      for (const name of ['', null, undefined]) {
        rejects(() => validateModelName(name), ['Registered model name cannot be empty.']);
      }
    });
  });

  describe('validateNewModelName (create / rename, MLflow 3.11.1 rule)', () => {
    it('accepts ordinary names', () => {
      for (const name of ['iris-classifier', 'My Model', 'model.v2', 'a..b', 'ünïcode_模型', 'x@y', 'a.']) {
        assert.doesNotThrow(() => validateNewModelName(name), name);
      }
    });
    it('rejects empty and blank names', () => {
      rejects(() => validateNewModelName(''), ['cannot be empty']);
      rejects(() => validateNewModelName(undefined), ['cannot be empty']);
      rejects(() => validateNewModelName('   '), ['blank', "'   '"]);
    });
    it("rejects '/' and ':'", () => {
      rejects(() => validateNewModelName('team/model'), ["'team/model'", "cannot contain '/' or ':'"]);
      rejects(() => validateNewModelName('ns:model'), ["'ns:model'", "cannot contain '/' or ':'"]);
    });
    it('rejects names that are not path-stable', () => {
      rejects(() => validateNewModelName('.'), ["Invalid model name: '.'", 'resolve to']);
      rejects(() => validateNewModelName('..'), ["'..'", "would resolve to '..'"]);
      rejects(() => validateNewModelName('..model'), ["'..model'", 'resolve to']);
    });
  });

  describe('parseVersion', () => {
    it('accepts integers as numbers and strings', () => {
      assert.equal(parseVersion(3), 3);
      assert.equal(parseVersion('3'), 3);
      assert.equal(parseVersion('007'), 7);
      assert.equal(parseVersion(' 12 '), 12);
      assert.equal(parseVersion('+4'), 4);
      assert.equal(parseVersion('-1'), -1);
      assert.equal(parseVersion(0), 0);
    });
    it("rejects non-integers with MLflow's message", () => {
      rejects(() => parseVersion('abc'), ["Model version must be an integer, got 'abc'"]);
      for (const bad of ['', ' ', '1.5', '1e3', '0x10', '3a', 'v3', 'latest']) {
        rejects(() => parseVersion(bad), ['must be an integer', `got '${bad}'`]);
      }
      for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
        rejects(() => parseVersion(bad), ['must be an integer']);
      }
      rejects(() => parseVersion('99999999999999999999'), ['must be an integer']);
    });
  });

  describe('validateTagKey', () => {
    it('accepts keys allowed by ^[/\\w.\\- :]*$ that are path-stable', () => {
      for (const key of ['owner', 'mlflow.note.content', 'a/b', 'with space', 'ns:key', 'a-b_c', 'größe', 'k'.repeat(250)]) {
        assert.doesNotThrow(() => validateTagKey(key), key);
      }
    });
    it('requires a key', () => {
      for (const key of ['', null, undefined]) rejects(() => validateTagKey(key), ['A key name must be provided']);
    });
    it('rejects characters outside the allowed set', () => {
      for (const key of ['a@b', 'a#b', 'a,b', 'a\tb', 'a\\b', 'emoji😀', 'a?b']) {
        rejects(() => validateTagKey(key), [`Invalid tag name: '${key}'`, 'may only contain']);
      }
    });
    it('rejects keys that are not path-stable', () => {
      for (const key of ['..', '../a', 'a/../b', '/a', 'a//b', 'a/', '.', './a']) {
        rejects(() => validateTagKey(key), [`Invalid tag name: '${key}'`, 'would resolve to']);
      }
    });
    it('rejects keys longer than 250 characters', () => {
      rejects(() => validateTagKey('k'.repeat(251)), ['had length 251', 'length limit of 250']);
    });
  });

  describe('tag values', () => {
    it('model tag values: up to 100000 chars, absent allowed', () => {
      for (const v of ['', 'x', 'v'.repeat(100_000), null, undefined]) {
        assert.doesNotThrow(() => validateModelTagValue(v));
      }
      rejects(() => validateModelTagValue('v'.repeat(100_001)), ['Registered model value', 'had length 100001', 'length limit of 100000']);
    });
    it('version tag values: up to 100000 chars, must be present', () => {
      for (const v of ['', 'x', 'v'.repeat(100_000)]) assert.doesNotThrow(() => validateVersionTagValue(v));
      rejects(() => validateVersionTagValue(null), ['Tag value cannot be None']);
      rejects(() => validateVersionTagValue(undefined), ['Tag value cannot be None']);
      rejects(() => validateVersionTagValue('v'.repeat(100_001)), ['Model version value', 'had length 100001']);
    });
    it('error messages quote at most 250 characters of the value', () => {
      try {
        validateModelTagValue('v'.repeat(100_001));
        assert.fail('expected a throw');
      } catch (e) {
        assert.ok(e instanceof MlflowError);
        assert.ok(e.message.length < 400);
      }
    });
  });

  describe('aliases', () => {
    it('validateAliasName accepts well-formed names, reserved ones included', () => {
      for (const a of ['champion', 'Challenger-2', 'base_line', 'latest', 'LATEST', 'v1', 'V42', 'a'.repeat(255), 'ünï']) {
        assert.doesNotThrow(() => validateAliasName(a), a);
      }
    });
    it('validateAliasName rejects empty, bad characters and over-long names', () => {
      for (const a of ['', null, undefined]) rejects(() => validateAliasName(a), ['alias name cannot be empty']);
      for (const a of ['a b', 'a.b', 'a/b', 'a@b', 'a:b']) {
        rejects(() => validateAliasName(a), [`Invalid alias name: '${a}'`, 'alphanumerics, underscores (_), and dashes (-)']);
      }
      rejects(() => validateAliasName('a'.repeat(256)), ['had length 256', 'length limit of 255']);
    });
    it('validateAliasForSet also rejects reserved names', () => {
      for (const a of ['latest', 'Latest', 'LATEST']) {
        rejects(() => validateAliasForSet(a), ["'latest' alias name (case insensitive) is reserved."]);
      }
      for (const a of ['v1', 'V2', 'v007']) {
        rejects(() => validateAliasForSet(a), [`Version alias name '${a}' is reserved.`]);
      }
      for (const a of ['champion', 'v1a', 'version1', 'vv1', 'latest2', 'v']) {
        assert.doesNotThrow(() => validateAliasForSet(a), a);
      }
      rejects(() => validateAliasForSet(''), ['cannot be empty']);
      rejects(() => validateAliasForSet('a b'), ['Invalid alias name']);
    });
  });

  describe('canonicalStage', () => {
    it('matches case-insensitively and returns the canonical spelling', () => {
      assert.equal(canonicalStage('None'), 'None');
      assert.equal(canonicalStage('none'), 'None');
      assert.equal(canonicalStage('staging'), 'Staging');
      assert.equal(canonicalStage('PRODUCTION'), 'Production');
      assert.equal(canonicalStage('archived'), 'Archived');
      assert.equal(canonicalStage('pRoDuCtIoN'), 'Production');
    });
    it("rejects anything else with MLflow's message", () => {
      rejects(() => canonicalStage('Bogus'), ['Invalid Model Version stage: Bogus. Value must be one of None, Staging, Production, Archived.']);
      for (const s of ['Deleted_Internal', '', ' Production', 'Prod', 'latest']) {
        rejects(() => canonicalStage(s), [`Invalid Model Version stage: ${s}.`]);
      }
    });
  });

  describe('validateMaxResults', () => {
    it('accepts 1..max', () => {
      for (const n of [1, 100, 1000]) assert.doesNotThrow(() => validateMaxResults(n, 1000));
    });
    it('rejects values above the limit', () => {
      rejects(() => validateMaxResults(1001, 1000), ['max_results', 'at most 1000', 'got value 1001']);
      rejects(() => validateMaxResults(5000, 1000), ['5000']);
    });
    it('rejects non-positive and non-integer values', () => {
      for (const n of [0, -1, 1.5, Number.NaN]) {
        rejects(() => validateMaxResults(n, 1000), ['max_results', 'positive integer', `got ${n}`]);
      }
    });
  });

  describe('validateArchiveExisting', () => {
    it('allows archiving when moving to Staging or Production, any case', () => {
      for (const s of ['Staging', 'Production', 'production', 'STAGING']) {
        assert.doesNotThrow(() => validateArchiveExisting(s, true), s);
      }
    });
    it('allows every valid stage without archiving', () => {
      for (const s of ['None', 'Staging', 'Production', 'Archived', 'archived']) {
        assert.doesNotThrow(() => validateArchiveExisting(s, false), s);
      }
    });
    it('answers INTERNAL_ERROR, like MLflow, when archiving towards None or Archived', () => {
      rejects(
        () => validateArchiveExisting('Archived', true),
        [
          "Model version transition cannot archive existing model versions because 'Archived' is not an Active stage. Valid stages are ['Staging', 'Production']",
        ],
        'INTERNAL_ERROR',
      );
      rejects(() => validateArchiveExisting('None', true), ["'None' is not an Active stage"], 'INTERNAL_ERROR');
      const e = (() => {
        try {
          validateArchiveExisting('none', true);
        } catch (err) {
          return err as MlflowError;
        }
        return undefined;
      })();
      assert.equal(e?.httpStatus, 500);
    });
    it('reports an unknown stage first, as INVALID_PARAMETER_VALUE', () => {
      rejects(() => validateArchiveExisting('Bogus', true), ['Invalid Model Version stage: Bogus.']);
      rejects(() => validateArchiveExisting('Deleted_Internal', false), ['Invalid Model Version stage']);
    });
  });

  describe('validateSource', () => {
    it('accepts any non-empty source', () => {
      for (const s of ['/opt/ml/project/mlruns/1/abc/artifacts/model', 'models:/m-0123', 's3://b/k', 'runs:/abc/model']) {
        assert.doesNotThrow(() => validateSource(s), s);
      }
    });
    it('rejects a missing source', () => {
      for (const s of ['', null, undefined]) {
        rejects(() => validateSource(s), ["Missing value for required parameter 'source'"]);
      }
    });
  });
});
