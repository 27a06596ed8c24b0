/**
 * The REST backend as the contract and identity suites test it: RestRegistry
 * against the MLflow-like server over a private copy of a fixture (MLflow
 * 2.17.2's unless told); done() closes both and removes the copy.
 */
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import { type Interceptor, StatefulServer, type StatefulServerOptions } from '../rest/statefulServer';
import { FIXTURE_2, tempCopy } from './fixtures';

export interface RestOnCopy {
  backend: RestRegistry;
  done(): Promise<void>;
}

/**
 * `seed` changes the copy before the server opens it; `intercept` is the server's;
 * `db` is another fixture's file, and `version` what its server answers on GET /version;
 * `artifacts` makes it serve a fixture's mlruns.
 */
export async function restOnFixtureCopy({
  seed,
  intercept,
  db = FIXTURE_2.db,
  version,
  artifacts,
}: {
  seed?: (db: string) => unknown;
  intercept?: Interceptor;
  db?: string;
  version?: string;
  artifacts?: StatefulServerOptions['artifacts'];
} = {}): Promise<RestOnCopy> {
  const copy = tempCopy(db);
  await seed?.(copy.db);
  const server = await StatefulServer.start({ db: copy.db, intercept, version, artifacts });
  const backend = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
  return {
    backend,
    done: async () => {
      await backend.close();
      await server.close();
      copy.cleanup();
    },
  };
}
