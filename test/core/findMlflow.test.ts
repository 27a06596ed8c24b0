import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMlflow } from '../../src/commands/findMlflow';
import { tempDir } from '../helpers/fixtures';

describe('finding the mlflow executable for Serve Model', () => {
  let dir: { dir: string; cleanup(): void };
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.cleanup());

  const script = (name: string, mode: number) => {
    const path = join(dir.dir, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, mode);
    return path;
  };

  it('takes the configured executable before PATH, and refuses one that is not an executable file', async () => {
    const configured = script('my-mlflow', 0o755);
    const onPath = script('mlflow', 0o755);
    assert.deepEqual(await findMlflow({ pathEnv: dir.dir, platform: 'linux', configured }), { executable: configured, from: 'setting' });
    assert.deepEqual(await findMlflow({ pathEnv: dir.dir, platform: 'linux' }), { executable: onPath, from: 'PATH' });
    const notExecutable = script('plain', 0o644);
    await assert.rejects(findMlflow({ pathEnv: dir.dir, platform: 'linux', configured: notExecutable }), /mlflowRegistry\.serve\.mlflowPath names .*plain/);
    await assert.rejects(findMlflow({ pathEnv: dir.dir, platform: 'linux', configured: 'mlflow' }), /not an executable file given by its full path/);
  });
});
