import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURE_2, tempCopy, type TempCopy } from '../helpers/fixtures';
import { openRegistry, testDriver } from '../helpers/registry';

const PER_PROCESS = 200;

function runWorker(db: string, model: string, label: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, 'concurrencyWorker.js'), db, model, String(PER_PROCESS), label], {
      env: { ...process.env, MLFLOW_REGISTRY_SQLITE_DRIVER: testDriver().name },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe(`concurrent writers in two OS processes (${testDriver().name})`, function () {
  this.timeout(120_000);
  let copy: TempCopy;
  afterEach(() => copy.cleanup());

  it(`gives 2 × ${PER_PROCESS} versions distinct consecutive numbers, and a reader never sees half a version`, async () => {
    copy = tempCopy(FIXTURE_2.db);
    const reg = openRegistry(copy.db);
    await reg.createRegisteredModel({ name: 'contended' });
    let done = false;
    let reads = 0;
    let maxSeen = 0;
    const reader = (async () => {
      while (!done) {
        const page = await reg.searchModelVersions({ filter: "name = 'contended'", maxResults: 1000 });
        for (const v of page.items) {
          // A version is written with its tags in one transaction: all or nothing.
          assert.ok(v.source && v.runId, `version ${v.version} visible without source/run`);
          assert.deepEqual(Object.keys(v.tags).sort(), ['seq', 'writer'], `version ${v.version} visible without its tags`);
        }
        maxSeen = Math.max(maxSeen, page.items.length);
        reads++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const results = await Promise.all([runWorker(copy.db, 'contended', 'a'), runWorker(copy.db, 'contended', 'b')]);
    done = true;
    await reader;
    for (const r of results) assert.equal(r.code, 0, r.stderr);

    const all = await reg.searchModelVersions({ filter: "name = 'contended'", maxResults: 1000 });
    const numbers = all.items.map((v) => Number(v.version)).sort((x, y) => x - y);
    assert.equal(numbers.length, 2 * PER_PROCESS);
    assert.deepEqual(
      numbers,
      Array.from({ length: 2 * PER_PROCESS }, (_, i) => i + 1),
    );
    const byWriter = (w: string) => all.items.filter((v) => v.tags.writer === w).length;
    assert.equal(byWriter('a'), PER_PROCESS);
    assert.equal(byWriter('b'), PER_PROCESS);
    assert.ok(reads > 1, 'the reader ran while the writers did');
    assert.ok(maxSeen <= 2 * PER_PROCESS);
    await reg.close();
  });
});
