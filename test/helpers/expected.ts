/**
 * The shapes of the fixtures' expected.json files: what MLflow itself reported
 * for each mlflow.db (see test/fixtures/README.md). Shared by every suite that
 * compares a backend with them.
 */
import { FIXTURE_2, FIXTURE_3, readJson } from './fixtures';

export interface ExpectedVersion {
  name: string;
  version: string;
  current_stage: string;
  status: string;
  status_message: string | null;
  run_id: string | null;
  run_link: string | null;
  source: string;
  description: string | null;
  tags: Record<string, string>;
  aliases: string[];
  user_id: string | null;
  creation_timestamp: number;
  last_updated_timestamp: number;
}
export interface ExpectedModel {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  aliases: Record<string, string>;
  creation_timestamp: number;
  last_updated_timestamp: number;
  latest_versions: { version: string; current_stage: string }[];
  version_count: number;
  versions: ExpectedVersion[];
}
export interface ExpectedRun {
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: string;
  lifecycle_stage: string;
  artifact_uri: string;
  start_time: number;
  end_time: number;
  params: Record<string, string>;
  metrics: Record<string, number>;
  metrics_latest_detail: Record<string, { value: number; step: number; history_length: number }>;
  tags: Record<string, string>;
}
export interface Expected2 {
  registered_models: ExpectedModel[];
  runs: Record<string, ExpectedRun>;
  experiments: { experiment_id: string; name: string; artifact_location: string; lifecycle_stage: string; tags: Record<string, string> }[];
  unregistered_logged_models: { run_id: string; run_name: string; experiment_id: string }[];
  absent: { call: string; name: string; version?: string; error_code: string }[];
  default_order: { search_registered_models: string[]; search_model_versions: [string, string][] };
}
export interface Expected3 {
  alembic_version: string;
  experiments: { experiment_id: string; name: string; artifact_location: string; tags: Record<string, string>; lifecycle_stage: string }[];
  registered_models: Omit<ExpectedModel, 'version_count' | 'versions'>[];
  model_versions: ExpectedVersion[];
  deleted_model_versions: { name: string; version: string }[];
  renamed_models: { old_name: string; new_name: string }[];
  runs: Record<
    string,
    {
      run_name: string;
      experiment_id: string;
      status: string;
      user_id: string;
      start_time: number;
      end_time: number;
      artifact_uri: string;
      params: Record<string, string>;
      metrics: Record<string, number>;
      tags: Record<string, string>;
    }
  >;
  logged_models: Record<
    string,
    { name: string; experiment_id: string; source_run_id: string; status: string; artifact_location: string; creation_timestamp: number }
  >;
}

export const expected2 = (): Expected2 => readJson<Expected2>(FIXTURE_2.expected);
export const expected3 = (): Expected3 => readJson<Expected3>(FIXTURE_3.expected);
