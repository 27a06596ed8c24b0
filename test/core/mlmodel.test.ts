import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localPath, resolveArtifactPath, runFromArtifactPath } from '../../src/core/artifacts';
import { parseMlModel } from '../../src/core/mlmodel';
import { FIXTURE_2, FIXTURE_3 } from '../helpers/fixtures';

const RUN = '5bb798385d424ff19b90fbc239162498';

describe("MLmodel files and artifact paths, on the fixtures' real mlruns", () => {
  it('reads an MLflow 2.17.2 MLmodel with its signature and flavors', () => {
    const m = parseMlModel(readFileSync(join(FIXTURE_2.project, 'mlruns', '1', RUN, 'artifacts', 'model', 'MLmodel'), 'utf8'));
    assert.equal(m.artifactPath, 'model');
    assert.equal(m.runId, RUN);
    assert.equal(m.mlflowVersion, '2.17.2');
    assert.deepEqual(Object.keys(m.flavors).sort(), ['python_function', 'sklearn']);
    assert.deepEqual(
      m.signature?.inputs?.map((c) => [c.name, c.type]),
      [
        ['sepal length (cm)', 'double'],
        ['sepal width (cm)', 'double'],
        ['petal length (cm)', 'double'],
        ['petal width (cm)', 'double'],
      ],
    );
    assert.deepEqual(m.signature?.outputs, [{ name: undefined, type: 'tensor', required: undefined, tensor: { dtype: 'int64', shape: [-1] } }]);
    assert.equal(m.signature?.params, null);
    assert.equal(m.inputExamplePath, 'input_example.json');
  });

  it('reads every MLflow 3 logged model MLmodel, with its model id', () => {
    for (const exp of ['1', '2']) {
      const models = join(FIXTURE_3.project, 'mlruns', exp, 'models');
      for (const id of readdirSync(models)) {
        const m = parseMlModel(readFileSync(join(models, id, 'artifacts', 'MLmodel'), 'utf8'));
        assert.equal(m.modelId, id);
        assert.ok(m.runId, `${id} names its run`);
      }
    }
  });

  it('rejects a malformed MLmodel with the reason', () => {
    assert.throws(() => parseMlModel('signature:\n  inputs: "[not json"\n'), /JSON/);
    assert.throws(() => parseMlModel('a: [1, 2'), /Flow sequence|YAML|end/i);
  });

  it("finds a moved project's artifacts beside its mlflow.db", () => {
    const stored = `/opt/ml/project/mlruns/1/${RUN}/artifacts/model`;
    assert.equal(resolveArtifactPath(stored, FIXTURE_2.project), join(FIXTURE_2.project, 'mlruns', '1', RUN, 'artifacts', 'model'));
    assert.equal(resolveArtifactPath('/elsewhere/nothing/here', FIXTURE_2.project), '/elsewhere/nothing/here');
    assert.equal(resolveArtifactPath('mlflow-artifacts:/1/abc/artifacts', FIXTURE_2.project), null);
    assert.equal(localPath('file:///tmp/x'), '/tmp/x');
    assert.equal(localPath('s3://bucket/x'), null);
  });

  it('recognises run and logged-model artifact folders', () => {
    assert.deepEqual(runFromArtifactPath(`/p/mlruns/1/${RUN}/artifacts/model`), { experimentId: '1', runId: RUN, artifactPath: 'model' });
    assert.deepEqual(runFromArtifactPath('/p/mlruns/2/models/m-8ca14aeb99c944eea85bb8be197f983f/artifacts'), {
      experimentId: '2',
      modelId: 'm-8ca14aeb99c944eea85bb8be197f983f',
      artifactPath: '',
    });
    assert.equal(runFromArtifactPath('/p/models/model'), null);
  });
});
