import type { DriverName, SqlConnection, SqlStatement } from './driver';

/** What both drivers' databases offer besides preparing statements. */
export interface RawDatabase {
  exec(sql: string): void;
  close(): void;
}

/**
 * The part both drivers share: each SQL text is prepared once for the life of
 * the connection (the store runs the same few statements over and over).
 * Subclasses say only how a statement of their driver becomes a SqlStatement.
 */
export abstract class CachedConnection<Db extends RawDatabase> implements SqlConnection {
  abstract readonly driverName: DriverName;
  private readonly cache = new Map<string, SqlStatement>();

  constructor(
    protected readonly db: Db,
    readonly readonly: boolean,
  ) {}

  protected abstract compile(sql: string): SqlStatement;

  prepare(sql: string): SqlStatement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.compile(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  close(): void {
    this.cache.clear();
    this.db.close();
  }
}
