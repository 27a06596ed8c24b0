import assert from 'node:assert/strict';
import type { RegistryBackend } from '../../src/core/backend';
import { MlflowError, doesNotExist, invalidParameter, modelNotFound, versionNotFound, type ErrorCode } from '../../src/core/errors';
import type { LoggedModel, ModelVersion, Stage } from '../../src/core/types';
import { formatModelUri, parseModelUri, parseRunsUri, resolveModelUri, resolveRunsUri, type ModelUri } from '../../src/core/uri';
import { canonicalStage, parseVersion } from '../../src/core/validation';

async function rejectsAsync(p: Promise<unknown>, patterns: (string | RegExp)[], code: ErrorCode = 'INVALID_PARAMETER_VALUE'): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof MlflowError, `expected MlflowError, got ${String(e)}`);
    assert.equal(e.code, code);
    for (const pat of patterns) {
      if (typeof pat === 'string') assert.ok(e.message.includes(pat), `message ${JSON.stringify(e.message)} lacks ${pat}`);
      else assert.match(e.message, pat);
    }
    return true;
  });
}

function rejects(fn: () => unknown, patterns: string[], code: ErrorCode = 'INVALID_PARAMETER_VALUE'): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MlflowError, `expected MlflowError, got ${String(e)}`);
    assert.equal(e.code, code);
    for (const pat of patterns) assert.ok(e.message.includes(pat), `message ${JSON.stringify(e.message)} lacks ${pat}`);
    return true;
  });
}

describe('uri', () => {
  describe('parseModelUri', () => {
    const ok: [string, ModelUri][] = [
      ['models:/iris-classifier/3', { kind: 'version', name: 'iris-classifier', version: '3' }],
      ['models:/iris-classifier/007', { kind: 'version', name: 'iris-classifier', version: '7' }],
      ['models:/iris-classifier/0', { kind: 'version', name: 'iris-classifier', version: '0' }],
      ['models:/iris-classifier/latest', { kind: 'latest', name: 'iris-classifier' }],
      ['models:/iris-classifier/LATEST', { kind: 'latest', name: 'iris-classifier' }],
      ['models:/iris-classifier/Latest', { kind: 'latest', name: 'iris-classifier' }],
      ['models:/iris-classifier/Production', { kind: 'stage', name: 'iris-classifier', stage: 'Production' }],
      ['models:/iris-classifier/production', { kind: 'stage', name: 'iris-classifier', stage: 'Production' }],
      ['models:/iris-classifier/STAGING', { kind: 'stage', name: 'iris-classifier', stage: 'Staging' }],
      ['models:/iris-classifier/archived', { kind: 'stage', name: 'iris-classifier', stage: 'Archived' }],
      ['models:/iris-classifier/none', { kind: 'stage', name: 'iris-classifier', stage: 'None' }],
      // Unknown suffixes stay stages, raw, so resolution reports them as MLflow does.
      ['models:/iris-classifier/Bogus', { kind: 'stage', name: 'iris-classifier', stage: 'Bogus' }],
      ['models:/iris-classifier/Deleted_Internal', { kind: 'stage', name: 'iris-classifier', stage: 'Deleted_Internal' }],
      ['models:/iris-classifier/-1', { kind: 'stage', name: 'iris-classifier', stage: '-1' }],
      ['models:/iris-classifier/v3', { kind: 'stage', name: 'iris-classifier', stage: 'v3' }],
      ['models:/iris-classifier@champion', { kind: 'alias', name: 'iris-classifier', alias: 'champion' }],
      // The last '@' splits, so names may contain '@'.
      ['models:/team@corp@champion', { kind: 'alias', name: 'team@corp', alias: 'champion' }],
      ['models:/a@b/2', { kind: 'version', name: 'a@b', version: '2' }],
      ['models:/my model/1', { kind: 'version', name: 'my model', version: '1' }],
      ['models:/my model@the champ', { kind: 'alias', name: 'my model', alias: 'the champ' }],
      ['models:/my model/production', { kind: 'stage', name: 'my model', stage: 'Production' }],
      ['models:/m-0123456789abcdef0123456789abcdef', { kind: 'loggedModel', modelId: 'm-0123456789abcdef0123456789abcdef' }],
      ['models:/iris-classifier', { kind: 'loggedModel', modelId: 'iris-classifier' }],
      // Python's urlparse lower-cases the scheme; MLflow strips all leading slashes.
      ['MODELS:/iris-classifier/1', { kind: 'version', name: 'iris-classifier', version: '1' }],
      ['models:///iris-classifier/1', { kind: 'version', name: 'iris-classifier', version: '1' }],
    ];
    for (const [uri, expected] of ok) {
      it(`parses ${uri}`, () => assert.deepEqual(parseModelUri(uri), expected));
    }

    const bad: [string, string][] = [
      ['', 'Not a proper models:/ URI'],
      ['iris-classifier/1', 'Not a proper models:/ URI'],
      ['runs:/abc/model', 'Not a proper models:/ URI'],
      ['model:/iris-classifier/1', 'Not a proper models:/ URI'],
      ['models:', 'Not a proper models:/ URI'],
      ['models:/', 'Not a proper models:/ URI'],
      ['models:iris-classifier/1', 'Not a proper models:/ URI'],
      ['models:/a/b/c', 'more than two path segments'],
      ['models:/iris-classifier/1/', 'more than two path segments'],
      ['models://iris-classifier/1', 'not supported'],
      ['models:/ /1', 'model name is empty'],
      ['models://1', 'not supported'],
      ['models:/iris-classifier/', 'suffix after the model name is empty'],
      ['models:/iris-classifier/ ', 'suffix after the model name is empty'],
      ['models:/iris-classifier@', "alias after '@' is empty"],
      ['models:/@champion', 'model name before the alias is empty'],
    ];
    for (const [uri, why] of bad) {
      it(`rejects ${JSON.stringify(uri)}`, () => rejects(() => parseModelUri(uri), [`URI: ${uri}.`, why]));
    }

    it('says a Databricks profile URI is unsupported', () => {
      rejects(() => parseModelUri('models://profile@databricks/iris-classifier/1'), ['models://profile@databricks/iris-classifier/1', 'not supported']);
    });
  });

  describe('formatModelUri', () => {
    it('builds each form', () => {
      assert.equal(formatModelUri({ kind: 'version', name: 'iris-classifier', version: 3 }), 'models:/iris-classifier/3');
      assert.equal(formatModelUri({ kind: 'version', name: 'iris-classifier', version: '3' }), 'models:/iris-classifier/3');
      assert.equal(formatModelUri({ kind: 'alias', name: 'iris-classifier', alias: 'champion' }), 'models:/iris-classifier@champion');
      assert.equal(formatModelUri({ kind: 'stage', name: 'iris-classifier', stage: 'Production' }), 'models:/iris-classifier/Production');
      assert.equal(formatModelUri({ kind: 'stage', name: 'iris-classifier', stage: 'staging' }), 'models:/iris-classifier/Staging');
      assert.equal(formatModelUri({ kind: 'latest', name: 'iris-classifier' }), 'models:/iris-classifier/latest');
      assert.equal(formatModelUri({ kind: 'loggedModel', modelId: 'm-0123' }), 'models:/m-0123');
      assert.equal(formatModelUri({ kind: 'version', name: 'my model', version: 1 }), 'models:/my model/1');
    });
    it('round-trips through parseModelUri', () => {
      const refs: ModelUri[] = [
        { kind: 'version', name: 'a@b', version: '12' },
        { kind: 'alias', name: 'team@corp', alias: 'champion' },
        { kind: 'stage', name: 'x y', stage: 'Archived' },
        { kind: 'latest', name: 'z' },
        { kind: 'loggedModel', modelId: 'm-abc' },
      ];
      for (const ref of refs) assert.deepEqual(parseModelUri(formatModelUri(ref)), ref);
    });
    it('refuses what cannot be read back', () => {
      rejects(() => formatModelUri({ kind: 'version', name: 'legacy/name', version: 1 }), ["'legacy/name'"]);
      rejects(() => formatModelUri({ kind: 'version', name: '', version: 1 }), ['cannot be written']);
      rejects(() => formatModelUri({ kind: 'version', name: 'm', version: 'x' }), ['must be an integer']);
      rejects(() => formatModelUri({ kind: 'version', name: 'm', version: -1 }), ['non-negative']);
      rejects(() => formatModelUri({ kind: 'stage', name: 'm', stage: 'Bogus' }), ['Invalid Model Version stage: Bogus']);
      rejects(() => formatModelUri({ kind: 'alias', name: 'm', alias: '' }), ['cannot be written']);
      rejects(() => formatModelUri({ kind: 'loggedModel', modelId: 'a/b' }), ['cannot be written']);
    });
  });

  describe('parseRunsUri', () => {
    it('splits run id and artifact path', () => {
      assert.deepEqual(parseRunsUri('runs:/5bb798385d424ff19b90fbc239162498/model'), {
        runId: '5bb798385d424ff19b90fbc239162498',
        artifactPath: 'model',
      });
      assert.deepEqual(parseRunsUri('runs:/abc/nested/dir/model'), { runId: 'abc', artifactPath: 'nested/dir/model' });
      assert.deepEqual(parseRunsUri('runs:/abc/my model'), { runId: 'abc', artifactPath: 'my model' });
    });
    it('gives an empty path for the artifact root', () => {
      assert.deepEqual(parseRunsUri('runs:/abc'), { runId: 'abc', artifactPath: '' });
      assert.deepEqual(parseRunsUri('runs:/abc/'), { runId: 'abc', artifactPath: '' });
    });
    it('rejects malformed URIs, naming them', () => {
      for (const uri of ['', 'runs:', 'runs:/', 'runs:abc/model', 'models:/x/1', 'runs://abc/model', 'runs:/ /model', 'runs:/abc/../x']) {
        rejects(() => parseRunsUri(uri), [`Not a proper runs:/ URI: ${uri}.`]);
      }
    });
  });

  describe('resolveRunsUri', () => {
    it('joins plain paths', () => {
      assert.equal(resolveRunsUri('/opt/ml/project/mlruns/1/abc/artifacts', 'model'), '/opt/ml/project/mlruns/1/abc/artifacts/model');
      assert.equal(resolveRunsUri('/root/artifacts/', 'model'), '/root/artifacts/model');
      assert.equal(resolveRunsUri('/root/artifacts', '/model'), '/root/artifacts/model');
      assert.equal(resolveRunsUri('relative/artifacts', 'a/b'), 'relative/artifacts/a/b');
    });
    it('returns the root itself for an empty path', () => {
      assert.equal(resolveRunsUri('/root/artifacts', ''), '/root/artifacts');
      assert.equal(resolveRunsUri('file:///root/artifacts', ''), 'file:///root/artifacts');
    });
    it('keeps URI forms intact', () => {
      assert.equal(resolveRunsUri('file:///root/artifacts', 'model'), 'file:///root/artifacts/model');
      assert.equal(resolveRunsUri('file:/root/artifacts', 'model'), 'file:/root/artifacts/model');
      assert.equal(resolveRunsUri('file:///C:/mlruns/1/abc/artifacts', 'model'), 'file:///C:/mlruns/1/abc/artifacts/model');
      assert.equal(resolveRunsUri('mlflow-artifacts:/1/abc/artifacts', 'model'), 'mlflow-artifacts:/1/abc/artifacts/model');
      assert.equal(resolveRunsUri('s3://bucket/path/artifacts', 'model'), 's3://bucket/path/artifacts/model');
      assert.equal(resolveRunsUri('s3://bucket', 'model'), 's3://bucket/model');
      assert.equal(resolveRunsUri('gs://b/p?versionId=1', 'model'), 'gs://b/p/model?versionId=1');
      assert.equal(
        resolveRunsUri('http://host:5000/api/2.0/mlflow-artifacts/artifacts/1', 'model'),
        'http://host:5000/api/2.0/mlflow-artifacts/artifacts/1/model',
      );
    });
    it('treats a Windows drive as a path, not a scheme', () => {
      assert.equal(resolveRunsUri('C:/mlruns/1/abc/artifacts', 'model'), 'C:/mlruns/1/abc/artifacts/model');
    });
  });

  describe('resolveModelUri (fake backend shaped like the iris-classifier fixture)', () => {
    const SOURCE = (run: string) => `/opt/ml/project/mlruns/1/${run}/artifacts/model`;
    const mv = (name: string, version: string, stage: Stage, aliases: string[] = []): ModelVersion => ({
      name,
      version,
      creationTimestamp: 1795778826000 + Number(version),
      lastUpdatedTimestamp: 1795778826000 + Number(version),
      userId: null,
      currentStage: stage,
      description: null,
      source: SOURCE(`run${version}`),
      runId: `run${version}`,
      status: 'READY',
      statusMessage: null,
      runLink: null,
      storageLocation: SOURCE(`run${version}`),
      tags: {},
      aliases,
    });
    // Deliberately ordered so the first per-stage row is NOT the highest version.
    const models: Record<string, { versions: ModelVersion[]; aliases: Record<string, string> }> = {
      'iris-classifier': {
        versions: [
          mv('iris-classifier', '3', 'Production', ['champion']),
          mv('iris-classifier', '2', 'Staging', ['challenger']),
          mv('iris-classifier', '1', 'Archived', ['baseline']),
          mv('iris-classifier', '5', 'None'),
        ],
        aliases: { champion: '3', challenger: '2', baseline: '1' },
      },
      'diabetes-regressor': {
        versions: [mv('diabetes-regressor', '2', 'Staging'), mv('diabetes-regressor', '1', 'Archived')],
        aliases: {},
      },
      'empty-model': { versions: [], aliases: {} },
    };
    const LOGGED: LoggedModel = {
      modelId: 'm-0123456789abcdef0123456789abcdef',
      experimentId: '1',
      name: 'model',
      artifactLocation: '/opt/ml/project3/mlruns/1/models/m-0123456789abcdef0123456789abcdef/artifacts',
      sourceRunId: 'run9',
      status: 'READY',
      creationTimestamp: 1,
      lastUpdatedTimestamp: 1,
      tags: {},
      params: {},
      metrics: [],
    };

    const calls: string[] = [];
    const model = (name: string) => {
      const m = models[name];
      if (!m) throw modelNotFound(name);
      return m;
    };
    const fake = {
      async getModelVersion(name: string, version: string) {
        calls.push(`getModelVersion ${name} ${version}`);
        const n = parseVersion(version);
        const found = model(name).versions.find((v) => Number(v.version) === n);
        if (!found) throw versionNotFound(name, version);
        return found;
      },
      async getModelVersionByAlias(name: string, alias: string) {
        calls.push(`getModelVersionByAlias ${name} ${alias}`);
        const target = model(name).aliases[alias];
        if (target === undefined) throw invalidParameter(`Registered model alias ${alias} not found.`);
        return this.getModelVersion(name, target);
      },
      async getLatestVersions(name: string, stages?: string[]) {
        calls.push(`getLatestVersions ${name} ${stages ? stages.join(',') : '-'}`);
        const wanted = stages && stages.length > 0 ? stages.map(canonicalStage) : undefined;
        const perStage = new Map<string, ModelVersion>();
        for (const v of model(name).versions) {
          const best = perStage.get(v.currentStage);
          if (!best || Number(v.version) > Number(best.version)) perStage.set(v.currentStage, v);
        }
        // Strip aliases like a search result would, to check resolution re-reads the version.
        return [...perStage.values()].filter((v) => !wanted || (wanted as string[]).includes(v.currentStage)).map((v) => ({ ...v, aliases: [] }));
      },
      async getModelVersionDownloadUri(name: string, version: string) {
        calls.push(`getModelVersionDownloadUri ${name} ${version}`);
        const v = await this.getModelVersion(name, version);
        return v.storageLocation ?? v.source;
      },
      async getLoggedModel(id: string) {
        calls.push(`getLoggedModel ${id}`);
        if (id !== LOGGED.modelId) throw doesNotExist(`Logged model with ID '${id}' not found.`);
        return LOGGED;
      },
    };
    const backend = fake as unknown as RegistryBackend;

    beforeEach(() => {
      calls.length = 0;
    });

    async function resolvedVersion(uri: string): Promise<{ version: ModelVersion; downloadUri: string }> {
      const r = await resolveModelUri(backend, uri);
      assert.equal(r.kind, 'modelVersion');
      if (r.kind !== 'modelVersion') throw new Error('unreachable');
      return r;
    }

    it('resolves a version number', async () => {
      const r = await resolvedVersion('models:/iris-classifier/3');
      assert.equal(r.version.version, '3');
      assert.equal(r.version.currentStage, 'Production');
      assert.equal(r.downloadUri, SOURCE('run3'));
    });

    it('resolves latest to the highest version of any stage, not the first row', async () => {
      for (const uri of ['models:/iris-classifier/latest', 'models:/iris-classifier/LATEST']) {
        const r = await resolvedVersion(uri);
        assert.equal(r.version.version, '5');
        assert.equal(r.version.currentStage, 'None');
        assert.equal(r.downloadUri, SOURCE('run5'));
      }
      assert.ok(calls.includes('getLatestVersions iris-classifier -'));
    });

    it('resolves a stage, case-insensitively, passing the canonical stage', async () => {
      const cases: [string, string, Stage][] = [
        ['models:/iris-classifier/Production', '3', 'Production'],
        ['models:/iris-classifier/production', '3', 'Production'],
        ['models:/iris-classifier/staging', '2', 'Staging'],
        ['models:/iris-classifier/ARCHIVED', '1', 'Archived'],
        ['models:/iris-classifier/None', '5', 'None'],
      ];
      for (const [uri, version, stage] of cases) {
        const r = await resolvedVersion(uri);
        assert.equal(r.version.version, version, uri);
        assert.equal(r.version.currentStage, stage, uri);
        assert.ok(calls.includes(`getLatestVersions iris-classifier ${stage}`), uri);
      }
    });

    it('re-reads the resolved version so it carries its aliases', async () => {
      const r = await resolvedVersion('models:/iris-classifier/Production');
      assert.deepEqual(r.version.aliases, ['champion']);
    });

    it('resolves aliases', async () => {
      const expected: Record<string, string> = { champion: '3', challenger: '2', baseline: '1' };
      for (const [alias, version] of Object.entries(expected)) {
        const r = await resolvedVersion(`models:/iris-classifier@${alias}`);
        assert.equal(r.version.version, version);
        assert.equal(r.downloadUri, SOURCE(`run${version}`));
      }
    });

    it('resolves a logged model id to its artifact location', async () => {
      const r = await resolveModelUri(backend, `models:/${LOGGED.modelId}`);
      assert.equal(r.kind, 'loggedModel');
      if (r.kind !== 'loggedModel') return;
      assert.equal(r.loggedModel.modelId, LOGGED.modelId);
      assert.equal(r.downloadUri, LOGGED.artifactLocation);
    });

    it('fails when a stage has no versions', async () => {
      await rejectsAsync(
        resolveModelUri(backend, 'models:/diabetes-regressor/production'),
        ["No versions of model with name 'diabetes-regressor' and stage 'Production' found"],
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('fails for latest of a model without versions', async () => {
      await rejectsAsync(
        resolveModelUri(backend, 'models:/empty-model/latest'),
        ["No versions of model with name 'empty-model' found"],
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('fails for an unknown stage with MLflow’s stage message', async () => {
      await rejectsAsync(resolveModelUri(backend, 'models:/iris-classifier/Bogus'), [
        'Invalid Model Version stage: Bogus. Value must be one of None, Staging, Production, Archived.',
      ]);
      await rejectsAsync(resolveModelUri(backend, 'models:/iris-classifier/Deleted_Internal'), ['Invalid Model Version stage: Deleted_Internal.']);
    });

    it('passes backend errors through', async () => {
      await rejectsAsync(
        resolveModelUri(backend, 'models:/iris-classifier/4'),
        ['Model Version (name=iris-classifier, version=4) not found'],
        'RESOURCE_DOES_NOT_EXIST',
      );
      await rejectsAsync(resolveModelUri(backend, 'models:/nope/1'), ['Registered Model with name=nope not found'], 'RESOURCE_DOES_NOT_EXIST');
      await rejectsAsync(resolveModelUri(backend, 'models:/iris-classifier@nope'), ['Registered model alias nope not found.']);
      await rejectsAsync(
        resolveModelUri(backend, 'models:/m-ffffffffffffffffffffffffffffffff'),
        ["Logged model with ID 'm-ffffffffffffffffffffffffffffffff' not found."],
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('rejects malformed URIs before calling the backend', async () => {
      await rejectsAsync(resolveModelUri(backend, 'models:/a/b/c'), ['Not a proper models:/ URI: models:/a/b/c.']);
      assert.deepEqual(calls, []);
    });
  });
});
