import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveModelFolder } from '../../src/registry/modelFolder';
import { FIXTURE_2, readJson, tempDir } from '../helpers/fixtures';

interface Expected2 {
  unregistered_logged_models: { run_id: string; experiment_id: string }[];
}

/**
 * VS Code's compact folders show `<run>/artifacts/model` as one row and pass
 * the clicked segment's folder to "Register Model…": each segment must lead
 * to the model folder, and only through folders that have nothing else.
 */
describe('resolveModelFolder: the model folder behind any segment of a compact Explorer row', () => {
  const { run_id: runId, experiment_id: exp } = readJson<Expected2>(FIXTURE_2.expected).unregistered_logged_models[0];
  const runDir = join(FIXTURE_2.project, 'mlruns', exp, runId);
  const model = join(runDir, 'artifacts', 'model');

  it('resolves the model folder itself, artifacts and the run folder (single-child chain) to the model folder', () => {
    for (const segment of [model, join(runDir, 'artifacts'), runDir]) assert.equal(resolveModelFolder(segment), model, segment);
  });

  it('does not resolve a folder with more than one entry (mlruns/<exp>), nor one that leads to no MLmodel', () => {
    assert.equal(resolveModelFolder(join(FIXTURE_2.project, 'mlruns', exp)), undefined);
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'a', 'b', 'c'), { recursive: true });
      assert.equal(resolveModelFolder(join(dir, 'a')), undefined);
    } finally {
      cleanup();
    }
  });

  it('stops at a folder that also holds a file: it is not part of a compact row', () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'run', 'artifacts', 'model'), { recursive: true });
      writeFileSync(join(dir, 'run', 'artifacts', 'model', 'MLmodel'), 'flavors: {}\n');
      assert.equal(resolveModelFolder(join(dir, 'run')), join(dir, 'run', 'artifacts', 'model'));
      writeFileSync(join(dir, 'run', 'meta.yaml'), 'name: x\n');
      assert.equal(resolveModelFolder(join(dir, 'run')), undefined);
      assert.equal(resolveModelFolder(join(dir, 'run', 'artifacts')), join(dir, 'run', 'artifacts', 'model'));
    } finally {
      cleanup();
    }
  });
});
