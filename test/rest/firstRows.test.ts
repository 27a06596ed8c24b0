import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import { ModelListing } from '../../src/registry/modelListing';
import { RegistrySession } from '../../src/registry/registrySession';
import { FIXTURE_2, tempDir } from '../helpers/fixtures';
import { StatefulServer } from './statefulServer';

const SEARCH = '/api/2.0/mlflow/registered-models/search';
const VERSIONS = '/api/2.0/mlflow/model-versions/search';

/**
 * Issue 12: against a server as slow as MLflow's (one worker, ~13 ms per model
 * returned) and holding MLflow's 2,000-model registry, the Models view's first
 * rows come from one small request, and what follows never crowds the server.
 */
describe('first rows from a server with MLflow’s cost (2,000 models)', function () {
  this.timeout(120_000);
  let dir: ReturnType<typeof tempDir>;
  let server: StatefulServer;
  let session: RegistrySession;

  before(() => {
    dir = tempDir();
    execFileSync('tar', ['-xzf', FIXTURE_2.scale, '-C', dir.dir]);
  });

  beforeEach(async () => {
    server = await StatefulServer.start({ db: join(dir.dir, 'scale', 'mlflow.db'), mlflowCost: true });
    const backend = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
    session = new RegistrySession({ kind: 'remote', url: server.url, origin: 'setting mlflowRegistry.registryUri' }, backend);
    server.resetCounts();
  });

  afterEach(async () => {
    await session.close();
    await server.close();
  });

  after(() => dir.cleanup());

  const searches = () => server.requests.filter((r) => r.path === SEARCH);

  it('shows the first page before it asks for the second, then fills the first screen in the background', async () => {
    const grown: number[] = [];
    const listing = new ModelListing(session, undefined, session.listingSizes, (added) => grown.push(added.length));
    await listing.first();

    assert.equal(listing.models.length, session.listingSizes.first);
    assert.ok(listing.models.length <= 20, `the first page holds ${listing.models.length} models`);
    assert.equal(searches().length, 1, 'the second page was requested before the first arrived');
    assert.equal(searches()[0].query.get('page_token'), null);

    for (const m of listing.models) listing.countLater(m.name, () => undefined);
    await session.background.idle();

    assert.equal(listing.models.length, session.listingSizes.fill);
    assert.ok(
      searches().length > 1 &&
        searches()
          .slice(1)
          .every((r) => r.query.get('page_token')),
      'later pages follow the first',
    );
    assert.equal(server.count('GET', VERSIONS), session.listingSizes.first, 'one count read per model shown');
    assert.ok(server.maxInFlight < 5, `${server.maxInFlight} requests were in flight at once`);
    assert.ok(session.background.peak <= 4, `${session.background.peak} background reads were out at once`);
  });

  it('reads only the first page for a view not shown yet, and the rest once it shows', async () => {
    const listing = new ModelListing(session, undefined, session.listingSizes, () => undefined);
    // What the Models view does when it reads ahead at activation, before anyone opened it.
    listing.pause();
    await listing.first();
    await session.background.idle();
    assert.equal(searches().length, 1, 'a page past the first was read while hidden');
    assert.equal(listing.models.length, session.listingSizes.first);

    listing.resume();
    await session.background.idle();
    assert.equal(listing.models.length, session.listingSizes.fill, 'the first screen fills once shown');
  });

  it('drops the background reads of a search the user replaced', async () => {
    const old = new ModelListing(session, undefined, session.listingSizes, () => undefined);
    await old.first();
    const counted: (number | undefined)[] = [];
    for (const m of old.models) old.countLater(m.name, (n) => counted.push(n));
    // The user searches while those reads are queued.
    old.dispose();
    const mark = server.requests.length;
    const found = new ModelListing(session, "name LIKE 'anomaly%'", session.listingSizes, () => undefined);
    await found.first();
    await session.background.idle();

    assert.ok(found.models.length > 0);
    const sentFor = (r: { path: string; query: URLSearchParams }) => r.path === VERSIONS && old.models.some((m) => r.query.get('filter')?.includes(m.name));
    assert.ok(server.requests.filter(sentFor).length <= 2, 'at most the reads already out were sent');
    assert.equal(
      server.requests.slice(mark).filter((r) => sentFor(r) || (r.path === SEARCH && !r.query.get('filter'))).length,
      0,
      'nothing for the old search after it',
    );
    assert.equal(counted.length, 0, 'no count reached the replaced listing');
    assert.ok(server.maxInFlight < 5, `${server.maxInFlight} requests were in flight at once`);
  });
});
