import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeLoadFailure, DRIVER_ENV, loadDriver, NoSqliteDriverError } from '../../src/backends/sqlite/driver/loadDriver';
import { hasUnflaggedNodeSqlite } from '../../src/backends/sqlite/driver/nodeSqliteSupport';
import { FIXTURE_2 } from '../helpers/fixtures';

/** This file runs from out/test/sqlite/. */
const ROOT = resolve(__dirname, '..', '..', '..');

const nodeMajor = Number(process.versions.node.split('.')[0]);
const hasNodeSqlite = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- probing whether this Node has the module at all
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
        assert.match(e.message, /node:sqlite: not available without a flag in Node\.js .* \(needs 22\.13 \(or 23\.4 on Node 23\) or newer\)/);
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

  it('knows which Node.js releases have node:sqlite without a flag (22.13+, 23.4+, 24+)', () => {
    const table: Record<string, boolean> = {
      '20.19.0': false,
      '22.5.0': false,
      '22.12.0': false,
      '22.13.0': true,
      'v22.15.1': true,
      '23.3.0': false,
      '23.4.0': true,
      '24.0.0': true,
      'not a version': false,
    };
    for (const [version, expected] of Object.entries(table)) assert.equal(hasUnflaggedNodeSqlite(version), expected, version);
  });

  it('names the release that is needed when node:sqlite is missing or flagged', () => {
    const missing = new Error('No such built-in module: node:sqlite');
    assert.equal(
      describeLoadFailure('node:sqlite', missing, '22.12.0'),
      'not available without a flag in Node.js 22.12.0 (needs 22.13 (or 23.4 on Node 23) or newer)',
    );
    assert.match(describeLoadFailure('node:sqlite', new Error('boom'), '22.5.1'), /22\.5\.1 \(needs 22\.13/);
    assert.equal(describeLoadFailure('node:sqlite', new Error('boom'), '22.15.0'), 'boom');
  });

  it("keeps Node's ExperimentalWarning for node:sqlite off stderr and hands it to the log, loading the module once", function () {
    const node22 = join(ROOT, '.cache', 'node-22.23.3', 'node_modules', 'node', 'bin', 'node');
    const node = hasUnflaggedNodeSqlite(process.versions.node) ? process.execPath : existsSync(node22) ? node22 : undefined;
    if (!node) this.skip();
    const driverModule = join(ROOT, 'out', 'src', 'backends', 'sqlite', 'driver', 'nodeSqlite.js');
    const script = `
      const { NodeSqliteDriver } = require(${JSON.stringify(driverModule)});
      const first = NodeSqliteDriver.load();
      const second = NodeSqliteDriver.load();
      // The filter is gone after the require: a later warning, even about SQLite, reaches stderr.
      process.emitWarning('a later SQLite note', 'ExperimentalWarning');
      console.log(JSON.stringify({ first: first.loadNotice, second: second.loadNotice }));
    `;
    const r = spawnSync(node, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { first?: string; second?: string };
    assert.match(out.first ?? '', /SQLite is an experimental feature/);
    assert.equal(out.second, out.first);
    assert.doesNotMatch(r.stderr, /SQLite is an experimental feature/);
    assert.match(r.stderr, /ExperimentalWarning: a later SQLite note/);
  });
});
