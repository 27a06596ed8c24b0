import { existsSync } from 'node:fs';
import type { OpenOptions, Row, SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver';

// Declared here rather than imported: @types/node for Node 20 has no node:sqlite,
// and the module is feature-detected at run time anyway.
interface NodeStatementSync {
  all(...params: SqlValue[]): Row[];
  get(...params: SqlValue[]): Row | undefined;
  run(...params: SqlValue[]): { changes: number | bigint };
}
interface NodeDatabaseSync {
  prepare(sql: string): NodeStatementSync;
  exec(sql: string): void;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean; open?: boolean }) => NodeDatabaseSync;
}

const plain = (row: Row): Row => ({ ...row });

class NodeConnection implements SqlConnection {
  readonly driverName = 'node:sqlite' as const;
  private readonly cache = new Map<string, SqlStatement>();

  constructor(
    private readonly db: NodeDatabaseSync,
    readonly readonly: boolean,
  ) {}

  prepare(sql: string): SqlStatement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      const prepared = this.db.prepare(sql);
      // node:sqlite hands out null-prototype rows; plain objects keep both drivers interchangeable.
      stmt = {
        all: (...p: SqlValue[]) => prepared.all(...p).map(plain),
        get: (...p: SqlValue[]) => {
          const row = prepared.get(...p);
          return row === undefined ? undefined : plain(row);
        },
        run: (...p: SqlValue[]) => ({ changes: Number(prepared.run(...p).changes) }),
      };
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

export class NodeSqliteDriver implements SqlDriver {
  readonly name = 'node:sqlite' as const;

  private constructor(private readonly mod: NodeSqliteModule) {}

  /** Throws where the host's Node has no usable node:sqlite (Node < 22.5, or flagged). */
  static load(): NodeSqliteDriver {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('node:sqlite') as NodeSqliteModule;
    const probe = new mod.DatabaseSync(':memory:');
    probe.close();
    return new NodeSqliteDriver(mod);
  }

  open(path: string, options: OpenOptions = {}): SqlConnection {
    // node:sqlite always creates a missing file; the store must never do that by accident.
    if (!options.create && !existsSync(path)) {
      throw new Error(`unable to open database file: ${path} does not exist`);
    }
    const readonly = options.readonly === true;
    const db = new this.mod.DatabaseSync(path, { readOnly: readonly });
    return new NodeConnection(db, readonly);
  }
}
