/**
 * The small surface the store needs from a SQLite binding, so that
 * better-sqlite3 and Node's built-in node:sqlite are interchangeable.
 * Parameters are positional (`?`) only: both drivers agree on those.
 */
export type SqlValue = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface SqlStatement {
  all(...params: SqlValue[]): Row[];
  get(...params: SqlValue[]): Row | undefined;
  run(...params: SqlValue[]): { changes: number };
}

export interface SqlConnection {
  readonly driverName: DriverName;
  readonly readonly: boolean;
  /** Prepared once per SQL text and cached for the life of the connection. */
  prepare(sql: string): SqlStatement;
  exec(sql: string): void;
  close(): void;
}

export type DriverName = 'better-sqlite3' | 'node:sqlite';

export interface OpenOptions {
  readonly?: boolean;
  /** Create the file if it does not exist (only for creating a new registry). */
  create?: boolean;
}

export interface SqlDriver {
  readonly name: DriverName;
  /** Something the runtime said while loading the driver, worth a line in the log. */
  readonly loadNotice?: string;
  open(path: string, options?: OpenOptions): SqlConnection;
}
