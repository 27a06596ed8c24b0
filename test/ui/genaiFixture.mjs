// The MLflow 3 genai fixture for UI suites: what MLflow reported about it, and
// the prepare() hook that makes its mlflow.db the workspace's registry.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workbenchSession.mjs';

const GENAI = join(ROOT, 'test', 'fixtures', 'mlflow-3.11.2.dev0-genai');

export const GENAI_EXPECTED = JSON.parse(readFileSync(join(GENAI, 'expected.json'), 'utf8'));

/** useWorkbench's prepare: the genai fixture's mlflow.db replaces the workspace's. */
export function genaiRegistry({ workspace }) {
  copyFileSync(join(GENAI, 'project', 'mlflow.db'), join(workspace, 'mlflow.db'));
}
