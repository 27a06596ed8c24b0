import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { RegistryChange } from '../../src/registry/registryEvents';
import { RegistrySession } from '../../src/registry/registrySession';
import { tempCopy, type TempCopy } from './fixtures';
import { openRegistry } from './registry';

export interface WatchedSession {
  copy: TempCopy;
  /** The raw store: its writes announce nothing. */
  store: SqliteRegistry;
  session: RegistrySession;
  /** Every change the session announced, in order. */
  seen: RegistryChange[];
  close(): Promise<void>;
}

/** A session over a private copy of a fixture database, recording what it announces. */
export function watchedSession(sourceDb: string): WatchedSession {
  const copy = tempCopy(sourceDb);
  const store = openRegistry(copy.db);
  const session = new RegistrySession({ kind: 'sqlite', path: copy.db, origin: 'setting mlflowRegistry.registryUri' }, store);
  const seen: RegistryChange[] = [];
  session.onDidChange((e) => {
    seen.push(e);
  });
  return {
    copy,
    store,
    session,
    seen,
    close: async () => {
      await session.close();
      copy.cleanup();
    },
  };
}
