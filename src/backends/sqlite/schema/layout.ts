import type { SqlConnection } from '../driver/driver';

/**
 * Alembic heads whose registry layout we have verified against files made by
 * a real MLflow (test/fixtures). Only these open read-write: any other
 * revision may have a layout we have never seen, and a newer MLflow refuses
 * to run on a file it does not know, so guessing could break the user's data.
 */
export const VERIFIED_REVISIONS: Readonly<Record<string, { label: string; workspaced: boolean }>> = {
  f5a4f2784254: { label: 'MLflow 2.17', workspaced: false },
  '7d34483879f0': { label: 'MLflow 3.11/3.12 development head', workspaced: true },
};

export const REQUIRED_TABLES = ['registered_models', 'model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases'] as const;

export interface SchemaLayout {
  /** The alembic revision, or null when the table is missing or empty. */
  revision: string | null;
  /** MLflow 3.10+ keys every registry row by workspace. */
  workspaced: boolean;
  /** model_versions.storage_location exists (MLflow 2.8+). */
  storageLocation: boolean;
  /** MLflow 3 logged_models table exists. */
  loggedModels: boolean;
  writable: boolean;
  /** Why the file is read-only, naming the revision. */
  readOnlyReason?: string;
}

function tableNames(conn: SqlConnection): Set<string> {
  const rows = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
  return new Set(rows.map((r) => String(r.name)));
}

function columns(conn: SqlConnection, table: string): Set<string> {
  // PRAGMA arguments cannot be bound; table names here are our own constants.
  return new Set(
    conn
      .prepare(`PRAGMA table_info(${table})`)
      .all()
      .map((r) => String(r.name)),
  );
}

/** Reads the revision and the registry tables' shape; never writes. */
export function detectLayout(conn: SqlConnection): SchemaLayout {
  const tables = tableNames(conn);
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new Error(
      `This file is not an MLflow registry: table${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `missing. Registries from MLflow 2.3 or newer are supported.`,
    );
  }
  let revision: string | null = null;
  if (tables.has('alembic_version')) {
    const row = conn.prepare('SELECT version_num FROM alembic_version').get();
    revision = row ? String(row.version_num) : null;
  }
  const rmColumns = columns(conn, 'registered_models');
  const mvColumns = columns(conn, 'model_versions');
  const layout: SchemaLayout = {
    revision,
    workspaced: rmColumns.has('workspace'),
    storageLocation: mvColumns.has('storage_location'),
    loggedModels: tables.has('logged_models'),
    writable: false,
  };
  const reason = readOnlyReason(layout, conn.readonly);
  return reason ? { ...layout, readOnlyReason: reason } : { ...layout, writable: true };
}

function readOnlyReason(layout: SchemaLayout, openedReadOnly: boolean): string | undefined {
  if (layout.revision === null) {
    return 'the file has no alembic_version, so its schema revision is unknown; opened read-only';
  }
  const verified = VERIFIED_REVISIONS[layout.revision];
  if (!verified) {
    const known = Object.entries(VERIFIED_REVISIONS)
      .map(([rev, v]) => `${rev} (${v.label})`)
      .join(', ');
    return (
      `schema revision ${layout.revision} has not been verified with this extension ` +
      `(verified: ${known}); opened read-only so that the file stays as MLflow expects it`
    );
  }
  if (verified.workspaced !== layout.workspaced) {
    return (
      `schema revision ${layout.revision} should ${verified.workspaced ? '' : 'not '}have a workspace column, ` +
      `but this file's registered_models ${layout.workspaced ? 'has' : 'has none'}; opened read-only`
    );
  }
  if (openedReadOnly) {
    return 'the file could not be opened for writing; opened read-only';
  }
  return undefined;
}
