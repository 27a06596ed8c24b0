/**
 * The REST backend as the contract and identity suites test it: RestRegistry
 * against the MLflow-like server over a private copy of the MLflow 2.17.2
 * fixture; done() closes both and removes the copy.
 */
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import { type Interceptor, StatefulServer } from '../rest/statefulServer';
import { FIXTURE_2, tempCopy } from './fixtures';

export interface RestOnCopy {
  backend: RestRegistry;
  done(): Promise<void>;
}

/** `seed` changes the copy before the server opens it; `intercept` is the server's. */
export async function restOnFixtureCopy({ seed, intercept }: { seed?: (db: string) => unknown; intercept?: Interceptor } = {}): Promise<RestOnCopy> {
  const copy = tempCopy(FIXTURE_2.db);
  await seed?.(copy.db);
  const server = await StatefulServer.start({ db: copy.db, intercept });
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
