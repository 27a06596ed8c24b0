import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileStoreFolder, fileStoreServer } from '../../src/registry/fileStore';
import { notAnSqliteFile } from '../../src/registry/sqliteFileCheck';
import { FIXTURE_2, tempDir } from '../helpers/fixtures';

describe('what a first-time user opens: wrong files and the older mlruns file store', () => {
  it('refuses a Python file picked as a registry, naming it; accepts a real mlflow.db and an empty file', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'train.py'), 'import mlflow\n');
      assert.equal(notAnSqliteFile(join(dir, 'train.py')), 'train.py is not an SQLite database, so it cannot be an MLflow registry (pick an mlflow.db).');
      assert.equal(notAnSqliteFile(join(FIXTURE_2.project, 'mlflow.db')), undefined);
      writeFileSync(join(dir, 'new.db'), '');
      assert.equal(notAnSqliteFile(join(dir, 'new.db')), undefined);
      assert.match(notAnSqliteFile(join(dir, 'missing.db'))!, /^missing\.db cannot be read/);
    } finally {
      cleanup();
    }
  });

  it('finds a folder with mlruns and no mlflow.db, and not one that has both', () => {
    const { dir, cleanup } = tempDir();
    try {
      const files = join(dir, 'files');
      mkdirSync(join(files, 'mlruns', '0'), { recursive: true });
      const both = join(dir, 'both');
      cpSync(FIXTURE_2.project, both, { recursive: true });
      assert.equal(fileStoreFolder([both, files]), files);
      assert.equal(fileStoreFolder([both]), undefined);
    } finally {
      cleanup();
    }
  });

  it('serves it as a program with arguments, never a shell string', () => {
    assert.deepEqual(fileStoreServer(5001), {
      program: 'mlflow',
      args: ['server', '--backend-store-uri', './mlruns', '--host', '127.0.0.1', '--port', '5001'],
      url: 'http://127.0.0.1:5001',
    });
  });
});
