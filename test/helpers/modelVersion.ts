import type { ModelVersion } from '../../src/core/types';

/** A READY version with no stage, run, source, tags or aliases, but for the fields given. */
export function modelVersion(fields: Partial<ModelVersion> & Pick<ModelVersion, 'name' | 'version'>): ModelVersion {
  return {
    creationTimestamp: 0,
    lastUpdatedTimestamp: 0,
    userId: null,
    currentStage: 'None',
    description: null,
    source: null,
    runId: null,
    status: 'READY',
    statusMessage: null,
    runLink: null,
    storageLocation: null,
    tags: {},
    aliases: [],
    ...fields,
  };
}
