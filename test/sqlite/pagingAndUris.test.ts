import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { resolveModelUri } from '../../src/core/uri';
import { FIXTURE_2, FIXTURE_3, FIXTURES_DIR } from '../helpers/fixtures';
import { openRegistry, rejectsWith, testDriver } from '../helpers/registry';

/** The next_page_token a real MLflow server answered in a recorded exchange. */
function recordedToken(file: string): string {
  const text = readFileSync(join(FIXTURES_DIR, 'rest', file), 'utf8');
  return /"next_page_token": "([^"]+)"/.exec(text)![1];
}

describe(`paging and models:/ resolution on the fixtures (${testDriver().name})`, () => {
  let reg: SqliteRegistry;
  before(() => {
    reg = openRegistry(FIXTURE_2.db, { readonly: true });
  });
  after(() => reg.close());

  it('pages registered models with the same tokens MLflow hands out', async () => {
    const first = await reg.searchRegisteredModels({ filter: "name LIKE '%model%'", maxResults: 1, orderBy: ['name ASC'] });
    assert.deepEqual(
      first.items.map((m) => m.name),
      ['churn-model'],
    );
    assert.equal(first.nextPageToken, recordedToken('02-registered-models-search-filter-page.txt'));
    const second = await reg.searchRegisteredModels({ filter: "name LIKE '%model%'", maxResults: 1, orderBy: ['name ASC'], pageToken: first.nextPageToken });
    assert.deepEqual(
      second.items.map((m) => m.name),
      ['empty-model'],
    );
    assert.equal(second.nextPageToken, undefined);
  });

  it('pages model versions in the requested order to the end', async () => {
    const first = await reg.searchModelVersions({ maxResults: 2, orderBy: ['version_number DESC'] });
    assert.equal(first.nextPageToken, recordedToken('22-model-versions-search-page.txt'));
    const seen = [...first.items];
    let token: string | undefined = first.nextPageToken;
    while (token) {
      const page = await reg.searchModelVersions({ maxResults: 2, orderBy: ['version_number DESC'], pageToken: token });
      seen.push(...page.items);
      token = page.nextPageToken;
    }
    assert.equal(seen.length, 7);
    const numbers = seen.map((v) => Number(v.version));
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => b - a),
    );
  });

  const cases: [string, string][] = [
    ['models:/iris-classifier/3', '3'],
    ['models:/iris-classifier/Production', '3'],
    ['models:/iris-classifier/staging', '2'],
    ['models:/iris-classifier/latest', '5'],
    ['models:/iris-classifier@champion', '3'],
    ['models:/iris-classifier@baseline', '1'],
    ['models:/churn-model@champion', '1'],
  ];
  for (const [uri, version] of cases) {
    it(`resolves ${uri} to version ${version}`, async () => {
      const resolved = await resolveModelUri(reg, uri);
      assert.equal(resolved.kind, 'modelVersion');
      if (resolved.kind === 'modelVersion') {
        assert.equal(resolved.version.version, version);
        assert.equal(resolved.downloadUri, resolved.version.source);
      }
    });
  }

  it('fails to resolve what does not exist', async () => {
    await rejectsWith(() => resolveModelUri(reg, 'models:/iris-classifier/4'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(() => resolveModelUri(reg, 'models:/iris-classifier@nobody'), 'INVALID_PARAMETER_VALUE', /alias nobody not found/);
    await rejectsWith(() => resolveModelUri(reg, 'models:/empty-model/latest'), 'RESOURCE_DOES_NOT_EXIST');
    await rejectsWith(() => resolveModelUri(reg, 'models:/diabetes-regressor/Production'), 'RESOURCE_DOES_NOT_EXIST', /Production/);
    await rejectsWith(() => resolveModelUri(reg, 'models:/no-such-model/1'), 'RESOURCE_DOES_NOT_EXIST');
  });

  it('resolves an MLflow 3 logged-model URI to its artifact location', async () => {
    const reg3 = openRegistry(FIXTURE_3.db, { readonly: true });
    try {
      const resolved = await resolveModelUri(reg3, 'models:/m-610dae704b7f458ab2229ac7a2efb4f7');
      assert.equal(resolved.kind, 'loggedModel');
      assert.equal(resolved.downloadUri, '/opt/ml/project3/mlruns/1/models/m-610dae704b7f458ab2229ac7a2efb4f7/artifacts');
      const v = await resolveModelUri(reg3, 'models:/iris-classifier@champion');
      assert.equal(v.downloadUri, resolved.downloadUri);
    } finally {
      await reg3.close();
    }
  });
});
