import type { ModelVersion, ModelVersionStatus, RegisteredModel, Tags } from '../../../core/types';
import { decimalText } from '../../../core/versionText';
import type { Row, SqlValue } from '../driver/driver';

export const str = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: SqlValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export function toModelVersion(r: Row, tags: Tags, aliases: string[]): ModelVersion {
  return {
    name: String(r.name),
    version: decimalText(r.version),
    creationTimestamp: Number(r.creation_time),
    lastUpdatedTimestamp: Number(r.last_updated_time),
    userId: str(r.user_id),
    currentStage: String(r.current_stage),
    description: str(r.description),
    source: str(r.source),
    runId: str(r.run_id),
    status: (str(r.status) ?? 'READY') as ModelVersionStatus,
    statusMessage: str(r.status_message),
    runLink: str(r.run_link),
    storageLocation: str(r.storage_location),
    tags,
    aliases,
  };
}

export function toRegisteredModel(r: Row, parts: Pick<RegisteredModel, 'latestVersions' | 'tags' | 'aliases'>): RegisteredModel {
  return {
    name: String(r.name),
    creationTimestamp: Number(r.creation_time),
    lastUpdatedTimestamp: Number(r.last_updated_time),
    description: str(r.description),
    ...parts,
  };
}

/** Folds key/value rows into a tag map, keyed by `keyOf(row)`. */
export function groupTags(rows: Row[], keyOf: (r: Row) => string): Map<string, Tags> {
  const out = new Map<string, Tags>();
  for (const r of rows) {
    const k = keyOf(r);
    let tags = out.get(k);
    if (!tags) out.set(k, (tags = {}));
    tags[String(r.key)] = String(r.value ?? '');
  }
  return out;
}

export const versionKey = (name: SqlValue, version: SqlValue): string => `${String(name)}\u0000${String(version)}`;
