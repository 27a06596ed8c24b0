import { alreadyExists } from '../../../core/errors';
import { copyCreateFailed, copyRequest, sourceFetchFailed } from '../../../core/copyVersion';
import type { CreateModelVersionRequest, CreateRegisteredModelRequest, ModelVersion, RegisteredModel, Tags, VersionRef } from '../../../core/types';
import {
  canonicalStage,
  parseVersion,
  validateAliasForSet,
  validateAliasName,
  validateArchiveExisting,
  validateModelTagValue,
  validateNewModelName,
  validateSource,
  validateTagKey,
  validateVersionTagValue,
} from '../../../core/validation';
import type { SqlValue } from '../driver/driver';
import { DELETED_STAGE, type StoreContext } from './context';
import type { RegistryReads } from './reads';
import { str } from './rows';

const LOGGED_MODEL_URI = /^models:\/(m-[0-9a-f]{32})$/;
const VERSION_URI = /^models:\/([^/@]+)\/(\d+)$/;

/**
 * The write side of MLflow's SQL registry store (docs/sqlite-store.md#writes): same rows, same
 * timestamps, same soft-delete redaction, each call one transaction. Every
 * argument is validated before the transaction starts, so a rejected call
 * leaves the file untouched.
 */
export class RegistryWrites {
  constructor(
    private readonly ctx: StoreContext,
    private readonly reads: RegistryReads,
  ) {}

  private get conn() {
    return this.ctx.conn;
  }

  /** The workspace column and value for INSERTs on 3.10+ files. */
  private wsCols(): { cols: string; marks: string; values: SqlValue[] } {
    return this.ctx.layout.workspaced ? { cols: ', workspace', marks: ', ?', values: ['default'] } : { cols: '', marks: '', values: [] };
  }

  private touchModel(name: string, now: number): void {
    this.conn.prepare(`UPDATE registered_models SET last_updated_time = ? WHERE name = ?${this.wsWhere()}`).run(now, name);
  }

  /** The bare `AND workspace = 'default'` for single-table statements. */
  private wsWhere(): string {
    return this.ctx.layout.workspaced ? " AND workspace = 'default'" : '';
  }

  private static checkTags(tags: Tags | undefined, checkValue: (v: string) => void): [string, string][] {
    const entries = Object.entries(tags ?? {});
    for (const [k, v] of entries) {
      validateTagKey(k);
      checkValue(v);
    }
    return entries;
  }

  createRegisteredModel(req: CreateRegisteredModelRequest): RegisteredModel {
    validateNewModelName(req.name);
    const tags = RegistryWrites.checkTags(req.tags, validateModelTagValue);
    return this.ctx.write(() => {
      if (this.reads.modelRow(req.name)) throw alreadyExists(`Registered Model (name=${req.name}) already exists.`);
      this.insertModel(req.name, req.description ?? null, tags);
      return this.reads.getRegisteredModel(req.name);
    });
  }

  private insertModel(name: string, description: string | null, tags: [string, string][]): void {
    const now = Date.now();
    const ws = this.wsCols();
    this.conn
      .prepare(`INSERT INTO registered_models (name, creation_time, last_updated_time, description${ws.cols}) VALUES (?, ?, ?, ?${ws.marks})`)
      .run(name, now, now, description, ...ws.values);
    for (const [key, value] of tags) this.upsertModelTag(name, key, value);
  }

  /**
   * MLflow relies on ON UPDATE CASCADE, but the cascade into model_version_tags
   * has no index on the child side and scans the whole tag table once per
   * version (seconds on a large registry). With foreign keys off for this one
   * transaction, the same rows are updated directly; the new name was checked free.
   */
  renameRegisteredModel(name: string, newName: string): RegisteredModel {
    validateNewModelName(newName);
    return this.ctx.write(
      () => {
        this.reads.requireModelRow(name);
        if (this.reads.modelRow(newName)) throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
        const now = Date.now();
        const ws = this.wsWhere();
        this.conn.prepare(`UPDATE registered_models SET name = ?, last_updated_time = ? WHERE name = ?${ws}`).run(newName, now, name);
        this.conn.prepare(`UPDATE model_versions SET name = ?, last_updated_time = ? WHERE name = ?${ws}`).run(newName, now, name);
        this.conn.prepare(`UPDATE registered_model_aliases SET name = ? WHERE name = ?${ws}`).run(newName, name);
        this.reads.tags.renameModelInTags(name, newName);
        return this.reads.getRegisteredModel(newName);
      },
      { foreignKeys: false },
    );
  }

  updateRegisteredModel(name: string, description: string | null): RegisteredModel {
    return this.ctx.write(() => {
      this.reads.requireModelRow(name);
      this.conn
        .prepare(`UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?${this.wsWhere()}`)
        .run(description, Date.now(), name);
      return this.reads.getRegisteredModel(name);
    });
  }

  /** Hard delete, children first: only the alias FK cascades on delete. */
  deleteRegisteredModel(name: string): void {
    this.ctx.write(() => {
      this.reads.requireModelRow(name);
      for (const table of ['model_version_tags', 'model_versions', 'registered_model_tags', 'registered_model_aliases', 'registered_models']) {
        this.conn.prepare(`DELETE FROM ${table} WHERE name = ?${this.wsWhere()}`).run(name);
      }
    });
  }

  private upsertModelTag(name: string, key: string, value: string): void {
    const ws = this.wsCols();
    this.conn
      .prepare(`INSERT OR REPLACE INTO registered_model_tags (key, value, name${ws.cols}) VALUES (?, ?, ?${ws.marks})`)
      .run(key, value, name, ...ws.values);
  }

  private upsertVersionTag(name: string, version: number, key: string, value: string): void {
    const ws = this.wsCols();
    this.conn
      .prepare(`INSERT OR REPLACE INTO model_version_tags (key, value, name, version${ws.cols}) VALUES (?, ?, ?, ?${ws.marks})`)
      .run(key, value, name, version, ...ws.values);
  }

  setRegisteredModelTag(name: string, key: string, value: string): void {
    validateTagKey(key);
    validateModelTagValue(value);
    this.ctx.write(() => {
      this.reads.requireModelRow(name);
      this.upsertModelTag(name, key, value);
    });
  }

  deleteRegisteredModelTag(name: string, key: string): void {
    validateTagKey(key);
    this.ctx.write(() => {
      this.reads.requireModelRow(name);
      this.conn.prepare(`DELETE FROM registered_model_tags WHERE name = ? AND key = ?${this.wsWhere()}`).run(name, key);
    });
  }

  setRegisteredModelAlias(name: string, alias: string, version: string): void {
    validateAliasForSet(alias);
    const v = parseVersion(version);
    this.ctx.write(() => {
      this.reads.requireModelRow(name);
      // Aliases are not a foreign key to versions: the store must refuse a deleted or missing one.
      this.reads.requireVersionRow(name, v);
      const ws = this.wsCols();
      this.conn
        .prepare(`INSERT OR REPLACE INTO registered_model_aliases (alias, version, name${ws.cols}) VALUES (?, ?, ?${ws.marks})`)
        .run(alias, v, name, ...ws.values);
    });
  }

  deleteRegisteredModelAlias(name: string, alias: string): void {
    validateAliasName(alias);
    this.ctx.write(() => {
      this.reads.requireModelRow(name);
      this.conn.prepare(`DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?${this.wsWhere()}`).run(name, alias);
    });
  }

  createModelVersion(req: CreateModelVersionRequest): ModelVersion {
    validateSource(req.source);
    const tags = RegistryWrites.checkTags(req.tags, validateVersionTagValue);
    return this.ctx.write(() => {
      this.reads.requireModelRow(req.name);
      return this.insertVersion(req, tags, this.resolveSource(req));
    });
  }

  /**
   * MLflow's `copy_model_version` (docs/sqlite-store.md#copying-a-version): the
   * same rows as its create-model-if-missing then create-version, in one
   * transaction, so a refused copy leaves no empty model behind.
   */
  copyModelVersion(src: VersionRef, destinationName: string): ModelVersion {
    return this.ctx.write(() => {
      let from: ModelVersion;
      try {
        from = this.reads.fullVersion(this.reads.requireVersionRow(src.name, src.version));
      } catch (e) {
        throw sourceFetchFailed(src, e);
      }
      validateNewModelName(destinationName);
      if (!this.reads.modelRow(destinationName)) this.insertModel(destinationName, null, []);
      try {
        const req = copyRequest(from, destinationName);
        const tags = RegistryWrites.checkTags(req.tags, validateVersionTagValue);
        // What MLflow's get_model_version_download_uri answers for the source.
        const storageLocation = from.storageLocation ?? from.source ?? req.source;
        return this.insertVersion(req, tags, { storageLocation, runId: from.runId });
      } catch (e) {
        throw copyCreateFailed(e);
      }
    });
  }

  private insertVersion(
    req: CreateModelVersionRequest,
    tags: [string, string][],
    { storageLocation, runId }: { storageLocation: string; runId: string | null },
  ): ModelVersion {
    // Numbers are never reused: the maximum runs over soft-deleted rows too.
    const next = this.conn.prepare(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM model_versions WHERE name = ?${this.wsWhere()}`).get(req.name);
    const version = Number(next?.next ?? 1);
    const now = Date.now();
    const ws = this.wsCols();
    const storageCol = this.ctx.layout.storageLocation ? ', storage_location' : '';
    const storageMark = this.ctx.layout.storageLocation ? ', ?' : '';
    this.conn
      .prepare(
        `INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status, status_message, run_link${storageCol}${ws.cols}) ` +
          `VALUES (?, ?, ?, ?, ?, NULL, 'None', ?, ?, 'READY', NULL, ?${storageMark}${ws.marks})`,
      )
      .run(
        req.name,
        version,
        now,
        now,
        req.description ?? null,
        req.source,
        runId,
        req.runLink ?? null,
        ...(this.ctx.layout.storageLocation ? [storageLocation] : []),
        ...ws.values,
      );
    for (const [key, value] of tags) this.upsertVersionTag(req.name, version, key, value);
    this.touchModel(req.name, now);
    return this.reads.fullVersion(this.reads.requireVersionRow(req.name, version));
  }

  /**
   * Where the files are: the source itself, except for `models:/` sources,
   * which MLflow resolves to the logged model's (or referenced version's)
   * artifact location. A logged model also supplies the run when none is given.
   */
  private resolveSource(req: CreateModelVersionRequest): { storageLocation: string; runId: string | null } {
    const runId = req.runId ?? null;
    const modelId = req.modelId ?? LOGGED_MODEL_URI.exec(req.source)?.[1];
    if (modelId && this.ctx.layout.loggedModels) {
      const logged = this.reads.getLoggedModel(modelId);
      return { storageLocation: logged.artifactLocation, runId: runId ?? logged.sourceRunId };
    }
    const ref = VERSION_URI.exec(req.source);
    if (ref) {
      const row = this.reads.requireVersionRow(ref[1], ref[2]);
      return { storageLocation: str(row.storage_location) ?? str(row.source) ?? req.source, runId };
    }
    return { storageLocation: req.source, runId };
  }

  updateModelVersion(name: string, version: string, description: string | null): ModelVersion {
    const v = parseVersion(version);
    return this.ctx.write(() => {
      this.reads.requireVersionRow(name, v);
      this.conn
        .prepare(`UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?${this.wsWhere()}`)
        .run(description, Date.now(), name, v);
      return this.reads.fullVersion(this.reads.requireVersionRow(name, v));
    });
  }

  /** Soft delete with MLflow's redaction; tags stay, aliases go. */
  deleteModelVersion(name: string, version: string): void {
    const v = parseVersion(version);
    this.ctx.write(() => {
      this.reads.requireVersionRow(name, v);
      const now = Date.now();
      this.conn
        .prepare(
          `UPDATE model_versions SET current_stage = '${DELETED_STAGE}', description = NULL, user_id = NULL, ` +
            `source = 'REDACTED-SOURCE-PATH', run_id = 'REDACTED-RUN-ID', run_link = 'REDACTED-RUN-LINK', ` +
            `status_message = NULL, last_updated_time = ? WHERE name = ? AND version = ?${this.wsWhere()}`,
        )
        .run(now, name, v);
      this.conn.prepare(`DELETE FROM registered_model_aliases WHERE name = ? AND version = ?${this.wsWhere()}`).run(name, v);
      this.touchModel(name, now);
    });
  }

  transitionModelVersionStage(name: string, version: string, stage: string, archiveExistingVersions: boolean): ModelVersion {
    const v = parseVersion(version);
    const target = canonicalStage(stage);
    validateArchiveExisting(target, archiveExistingVersions);
    return this.ctx.write(() => {
      this.reads.requireVersionRow(name, v);
      const now = Date.now();
      if (archiveExistingVersions) {
        this.conn
          .prepare(
            `UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? ` +
              `WHERE name = ? AND current_stage = ? AND version != ?${this.wsWhere()}`,
          )
          .run(now, name, target, v);
      }
      this.conn
        .prepare(`UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?${this.wsWhere()}`)
        .run(target, now, name, v);
      this.touchModel(name, now);
      return this.reads.fullVersion(this.reads.requireVersionRow(name, v));
    });
  }

  setModelVersionTag(name: string, version: string, key: string, value: string): void {
    const v = parseVersion(version);
    validateTagKey(key);
    validateVersionTagValue(value);
    this.ctx.write(() => {
      this.reads.requireVersionRow(name, v);
      this.upsertVersionTag(name, v, key, value);
    });
  }

  deleteModelVersionTag(name: string, version: string, key: string): void {
    const v = parseVersion(version);
    validateTagKey(key);
    this.ctx.write(() => {
      this.reads.requireVersionRow(name, v);
      this.conn.prepare(`DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?${this.wsWhere()}`).run(name, v, key);
    });
  }
}
