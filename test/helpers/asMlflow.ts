/**
 * Our types in the shape of the fixtures' expected.json (MLflow's snake_case
 * fields), so that a suite compares what a backend read with what MLflow
 * itself reported in one assertion.
 */
import assert from 'node:assert/strict';
import type { Experiment, ModelVersion, RegisteredModel } from '../../src/core/types';
import type { ExpectedModel, ExpectedVersion } from './expected';

/** A version as expected.json writes it; `source` may be null in a registry. */
type MlflowVersion = Omit<ExpectedVersion, 'source'> & { source: string | null };

/** The fields of a version that expected.json and every backend report; aliases sorted. */
export function versionAsMlflow(v: ModelVersion | ExpectedVersion): MlflowVersion {
  if ('currentStage' in v) {
    return {
      name: v.name,
      version: v.version,
      current_stage: v.currentStage,
      status: v.status,
      status_message: v.statusMessage,
      run_id: v.runId,
      run_link: v.runLink,
      source: v.source,
      description: v.description,
      tags: v.tags,
      aliases: [...v.aliases].sort(),
      user_id: v.userId,
      creation_timestamp: v.creationTimestamp,
      last_updated_timestamp: v.lastUpdatedTimestamp,
    };
  }
  return {
    name: v.name,
    version: v.version,
    current_stage: v.current_stage,
    status: v.status,
    status_message: v.status_message,
    run_id: v.run_id,
    run_link: v.run_link,
    source: v.source,
    description: v.description,
    tags: v.tags,
    aliases: [...v.aliases].sort(),
    user_id: v.user_id,
    creation_timestamp: v.creation_timestamp,
    last_updated_timestamp: v.last_updated_timestamp,
  };
}

/** Asserts that a model reads as MLflow reported it: description, tags, aliases, timestamps and latest versions. */
export function assertModelAsMlflow(m: RegisteredModel, em: Omit<ExpectedModel, 'version_count' | 'versions'>): void {
  assert.equal(m.description, em.description);
  assert.deepEqual(m.tags, em.tags);
  assert.deepEqual(Object.fromEntries(m.aliases.map((a) => [a.alias, a.version])), em.aliases);
  assert.deepEqual([m.creationTimestamp, m.lastUpdatedTimestamp], [em.creation_timestamp, em.last_updated_timestamp]);
  assert.deepEqual(
    m.latestVersions.map((v) => ({ version: v.version, current_stage: v.currentStage })),
    em.latest_versions,
  );
}

/** An experiment in expected.json's shape. */
export function experimentAsMlflow(e: Experiment): Record<string, unknown> {
  return { experiment_id: e.experimentId, name: e.name, artifact_location: e.artifactLocation, lifecycle_stage: e.lifecycleStage, tags: e.tags };
}
