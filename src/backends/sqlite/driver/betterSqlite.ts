import { CachedConnection } from './cachedConnection';
import type { OpenOptions, SqlConnection, SqlDriver, SqlStatement, SqlValue, Row } from './driver';

// Types only: the module itself is required lazily, because loading it is what
// fails when the native build does not match the host's ABI.
import type BetterSqlite3 from 'better-sqlite3';

type DatabaseCtor = typeof BetterSqlite3;

class BetterConnection extends CachedConnection<BetterSqlite3.Database> {
  readonly driverName = 'better-sqlite3' as const;

  protected compile(sql: string): SqlStatement {
    const prepared = this.db.prepare(sql);
    const returnsRows = prepared.reader;
    return {
      all: (...p: SqlValue[]) => (returnsRows ? (prepared.all(...p) as Row[]) : (prepared.run(...p), [])),
      get: (...p: SqlValue[]) => (returnsRows ? (prepared.get(...p) as Row | undefined) : (prepared.run(...p), undefined)),
      run: (...p: SqlValue[]) => ({ changes: prepared.run(...p).changes }),
    };
  }
}

export class BetterSqliteDriver implements SqlDriver {
  readonly name = 'better-sqlite3' as const;

  private constructor(
    private readonly Database: DatabaseCtor,
    private readonly nativeBinding?: string,
  ) {}

  /** Loads the module and opens an in-memory database, so an ABI mismatch surfaces here. */
  static load(nativeBinding?: string): BetterSqliteDriver {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as DatabaseCtor;
    const probe = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
    probe.close();
    return new BetterSqliteDriver(Database, nativeBinding);
  }

  open(path: string, options: OpenOptions = {}): SqlConnection {
    const readonly = options.readonly === true;
    const db = new this.Database(path, {
      readonly,
      fileMustExist: !options.create,
      ...(this.nativeBinding ? { nativeBinding: this.nativeBinding } : {}),
    });
    return new BetterConnection(db, readonly);
  }
}
