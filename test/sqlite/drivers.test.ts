import assert from 'node:assert/strict';
import { DRIVER_ENV, loadDriver, NoSqliteDriverError } from '../../src/backends/sqlite/driver/loadDriver';
import { FIXTURE_2 } from '../helpers/fixtures';

const nodeMajor = Number(process.versions.node.split('.')[0]);
const hasNodeSqlite = (() => {
  try {
    require('node:sqlite');
    return true;
  } catch {
    return false;
  }
})();

describe(`SQLite driver selection (Node ${process.versions.node})`, () => {
  it('rejects an unknown forced driver name', () => {
    assert.throws(() => loadDriver({ env: { [DRIVER_ENV]: 'sqlite3' } }), /sqlite3 is not a driver; use better-sqlite3 or node:sqlite/);
  });

  it('falls back to node:sqlite when better-sqlite3 cannot load, or names both causes and the fix', () => {
    // A native binding that does not exist stands in for a build of the wrong ABI.
    const load = () => loadDriver({ env: {}, nativeBinding: '/nonexistent/better_sqlite3.node' });
    if (hasNodeSqlite) {
      const driver = load();
      assert.equal(driver.name, 'node:sqlite');
      const conn = driver.open(FIXTURE_2.db, { readonly: true });
      assert.deepEqual({ ...conn.prepare('SELECT version_num FROM alembic_version').get() }, { version_num: FIXTURE_2.revision });
      conn.close();
    } else {
      assert.throws(load, (e: unknown) => {
        assert.ok(e instanceof NoSqliteDriverError);
        assert.match(e.message, /better-sqlite3: .*nonexistent/);
        assert.match(e.message, /node:sqlite: not built into Node\.js .* \(needs 22\.5 or newer\)/);
        assert.match(e.message, /Fix: /);
        assert.match(e.message, /Remote MLflow servers keep working/);
        return true;
      });
    }
  });

  it('feature-detects node:sqlite rather than assuming it', () => {
    if (nodeMajor >= 23 || (nodeMajor === 22 && hasNodeSqlite)) {
      assert.equal(loadDriver({ env: { [DRIVER_ENV]: 'node:sqlite' } }).name, 'node:sqlite');
    } else {
      assert.throws(() => loadDriver({ env: { [DRIVER_ENV]: 'node:sqlite' } }), NoSqliteDriverError);
    }
  });
});
