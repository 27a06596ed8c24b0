import { MlflowError } from '../../../core/errors';
import type { SqlConnection } from '../driver/driver';
import { detectLayout, type SchemaLayout } from '../schema/layout';

/** MLflow writes this when workspaces are disabled; 3.10+ refuses to start on anything else. */
export const DEFAULT_WORKSPACE = 'default';
export const DELETED_STAGE = 'Deleted_Internal';
export const PROMPT_TAG = 'mlflow.prompt.is_prompt';

/**
 * What every query needs: the connection and the file's layout. The SQL
 * fragments for the workspace column are constants (never user input), so
 * each statement text stays fixed for the life of the connection and its
 * prepared statement is reused.
 */
export class StoreContext {
  private inTransaction = false;

  constructor(
    readonly conn: SqlConnection,
    public layout: SchemaLayout,
    readonly location: string,
  ) {}

  /** `AND <alias>.workspace = 'default'` on 3.10+ files, nothing before. */
  ws(alias: string): string {
    return this.layout.workspaced ? ` AND ${alias}.workspace = '${DEFAULT_WORKSPACE}'` : '';
  }

  /** Equality on the workspace column between two aliases, for joins. */
  wsJoin(a: string, b: string): string {
    return this.layout.workspaced ? ` AND ${a}.workspace = ${b}.workspace` : '';
  }

  /**
   * One BEGIN IMMEDIATE transaction per write, as MLflow's store does: the
   * write lock is taken up front, so a locked file fails the write before it
   * changed anything and the caller (BusyGate) can run it again whole. The
   * schema revision is checked again inside the lock, because a newer MLflow
   * may have migrated the file since we opened it.
   */
  write<T>(fn: () => T, options: { foreignKeys?: boolean } = {}): T {
    this.assertWritable();
    if (this.inTransaction) throw new Error('internal: nested write transaction');
    // The pragma is a no-op inside a transaction, so it is switched around it.
    const fkOff = options.foreignKeys === false;
    if (fkOff) this.conn.exec('PRAGMA foreign_keys = OFF');
    try {
      this.conn.exec('BEGIN IMMEDIATE');
      this.inTransaction = true;
      try {
        this.recheckLayout();
        const result = fn();
        this.conn.exec('COMMIT');
        return result;
      } catch (e) {
        // Also after a COMMIT that got SQLITE_BUSY: the transaction is still open and nothing was written.
        this.rollbackQuietly();
        throw e;
      }
    } finally {
      this.inTransaction = false;
      if (fkOff) this.conn.exec('PRAGMA foreign_keys = ON');
    }
  }

  /**
   * Several reads that must see one snapshot (another process may commit in
   * between otherwise). Inside a write they simply join its transaction.
   */
  read<T>(fn: () => T): T {
    if (this.inTransaction) return fn();
    this.conn.exec('BEGIN');
    this.inTransaction = true;
    try {
      const result = fn();
      this.conn.exec('COMMIT');
      return result;
    } catch (e) {
      this.rollbackQuietly();
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  private rollbackQuietly(): void {
    try {
      this.conn.exec('ROLLBACK');
    } catch {
      // No transaction left to roll back (SQLite already ended it): nothing to undo.
    }
  }

  assertWritable(): void {
    if (!this.layout.writable) {
      throw new MlflowError(
        'READ_ONLY',
        `The registry ${this.location} is read-only: ${this.layout.readOnlyReason ?? 'opened read-only'}. Nothing was changed.`,
      );
    }
  }

  private recheckLayout(): void {
    const row = this.conn.prepare('SELECT version_num FROM alembic_version').get();
    const revision = row ? String(row.version_num) : null;
    if (revision !== this.layout.revision) {
      this.layout = detectLayout(this.conn);
      this.assertWritable();
    }
  }
}
