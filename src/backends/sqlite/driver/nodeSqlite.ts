import { existsSync } from 'node:fs';
import { CachedConnection } from './cachedConnection';
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

class NodeConnection extends CachedConnection<NodeDatabaseSync> {
  readonly driverName = 'node:sqlite' as const;

  protected compile(sql: string): SqlStatement {
    const prepared = this.db.prepare(sql);
    // node:sqlite hands out null-prototype rows; plain objects keep both drivers interchangeable.
    return {
      all: (...p: SqlValue[]) => prepared.all(...p).map(plain),
      get: (...p: SqlValue[]) => {
        const row = prepared.get(...p);
        return row === undefined ? undefined : plain(row);
      },
      run: (...p: SqlValue[]) => ({ changes: Number(prepared.run(...p).changes) }),
    };
  }
}

/** The module and what Node said while loading it; loaded once per process. */
let loaded: { mod: NodeSqliteModule; warning?: string } | undefined;

/**
 * Node 22 emits an ExperimentalWarning the first time `node:sqlite` loads; in
 * an extension host it lands on stderr and in the user's "Extension Host"
 * output as if something were wrong. The require is synchronous, so swapping
 * process.emitWarning for the duration of that one call catches exactly this
 * warning (Node's internal emitExperimentalWarning goes through the public
 * process.emitWarning) and nothing emitted by other code; it is restored in
 * `finally`. The text is kept for our own log instead.
 */
function requireQuietly(): { mod: NodeSqliteModule; warning?: string } {
  // The very function, put back as it was in `finally`; it is only ever called with apply(process).
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = process.emitWarning;
  let warning: string | undefined;
  process.emitWarning = function (this: unknown, ...args: Parameters<typeof process.emitWarning>) {
    const [first, second] = args;
    const type = typeof second === 'string' ? second : second?.type;
    const text = first instanceof Error ? first.message : String(first);
    const kind = first instanceof Error ? first.name : type;
    if (kind === 'ExperimentalWarning' && /sqlite/i.test(text)) {
      warning = text;
      return;
    }
    return original.apply(process, args);
  } as typeof process.emitWarning;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { mod: require('node:sqlite') as NodeSqliteModule, warning };
  } finally {
    process.emitWarning = original;
  }
}

export class NodeSqliteDriver implements SqlDriver {
  readonly name = 'node:sqlite' as const;

  private constructor(
    private readonly mod: NodeSqliteModule,
    /** Node's ExperimentalWarning for the module, for the extension's log. */
    readonly loadNotice?: string,
  ) {}

  /** Throws where the host's Node has no usable node:sqlite (older than 22.13 / 23.4, or flagged). */
  static load(): NodeSqliteDriver {
    loaded ??= requireQuietly();
    const probe = new loaded.mod.DatabaseSync(':memory:');
    probe.close();
    return new NodeSqliteDriver(loaded.mod, loaded.warning);
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
