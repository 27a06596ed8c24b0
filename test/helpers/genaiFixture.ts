/**
 * The MLflow 3 genai fixture (test/fixtures/mlflow-3.11.2.dev0-genai): where
 * it is, and the parts of its expected.json that describe logged models and
 * the versions registered from them.
 */
import { join } from 'node:path';
import { FIXTURES_DIR, readJson } from './fixtures';

const DIR = join(FIXTURES_DIR, 'mlflow-3.11.2.dev0-genai');

export const FIXTURE_GENAI = {
  dir: DIR,
  project: join(DIR, 'project'),
  db: join(DIR, 'project', 'mlflow.db'),
  expected: join(DIR, 'expected.json'),
  rest: join(DIR, 'rest'),
  /** What its server's GET /version answered (the build named in the fixture's README). */
  serverVersion: '3.11.2.dev0',
};

export interface ExpectedLoggedModelMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number;
  run_id: string;
  dataset_name?: string;
  dataset_digest?: string;
}

export interface ExpectedLoggedModel {
  name: string;
  experiment_id: string;
  source_run_id: string;
  status: string;
  params: Record<string, string>;
  metrics: ExpectedLoggedModelMetric[];
  tags: Record<string, string>;
}

/** A version whose source is `models:/m-…`, with what MLflow reports of its logged model. */
export interface ExpectedLoggedModelLink {
  name: string;
  version: string;
  source: string;
  'logged_model_id (from source)': string;
  'logged_model.source_run_id': string;
  'logged_model metrics': Record<string, number>;
  'logged_model params': Record<string, string>;
}

export interface ExpectedGenai {
  logged_models: Record<string, ExpectedLoggedModel>;
  model_version_logged_model_links: ExpectedLoggedModelLink[];
}

export const expectedGenai = (): ExpectedGenai => readJson<ExpectedGenai>(FIXTURE_GENAI.expected);
