import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The fixtures live in the repository; this file runs from out/test/helpers/. */
export const FIXTURES_DIR = resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

export const FIXTURE_2 = {
  dir: join(FIXTURES_DIR, 'mlflow-2.17.2'),
  project: join(FIXTURES_DIR, 'mlflow-2.17.2', 'project'),
  db: join(FIXTURES_DIR, 'mlflow-2.17.2', 'project', 'mlflow.db'),
  expected: join(FIXTURES_DIR, 'mlflow-2.17.2', 'expected.json'),
  scale: join(FIXTURES_DIR, 'mlflow-2.17.2', 'scale.tgz'),
  revision: 'f5a4f2784254',
};

export const FIXTURE_3 = {
  dir: join(FIXTURES_DIR, 'mlflow-3.11.2.dev0'),
  project: join(FIXTURES_DIR, 'mlflow-3.11.2.dev0', 'project'),
  db: join(FIXTURES_DIR, 'mlflow-3.11.2.dev0', 'project', 'mlflow.db'),
  expected: join(FIXTURES_DIR, 'mlflow-3.11.2.dev0', 'expected.json'),
  revision: '7d34483879f0',
};

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface TempCopy {
  dir: string;
  db: string;
  cleanup(): void;
}

/** A private copy of a fixture database; the fixtures themselves are read-only. */
export function tempCopy(sourceDb: string): TempCopy {
  const dir = mkdtempSync(join(tmpdir(), 'mlflow-registry-test-'));
  const db = join(dir, 'mlflow.db');
  copyFileSync(sourceDb, db);
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlflow-registry-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
