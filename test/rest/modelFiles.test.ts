import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { RegistryBackend } from '../../src/core/backend';
import { ModelFileError, type ModelFiles, type ModelFilesAccess } from '../../src/core/modelFiles';
import { readMlModel } from '../../src/pages/versionData';
import { downloadFolderName, downloadModelFolder } from '../../src/registry/modelDownload';
import { FIXTURE_2, FIXTURES_DIR, tempCopy, tempDir, type TempCopy } from '../helpers/fixtures';
import { openRegistry } from '../helpers/registry';
import { restOnFixtureCopy, type RestOnCopy } from '../helpers/restOnCopy';
import { VERSION_EXCHANGE, loadExchanges, ReplayServer } from './replayServer';
import type { Interceptor } from './statefulServer';

const MLRUNS = join(FIXTURE_2.project, 'mlruns');
/** iris-classifier version 3, as the recordings 05, 14, 15, 17 and 30 read it. */
const RUN = '5bb798385d424ff19b90fbc239162498';
const MODEL_DIR = join(MLRUNS, '1', RUN, 'artifacts', 'model');

/** Every file below `dir` with its bytes, by POSIX path: what a byte-identical copy must match. */
function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full).split(sep).join('/'), readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

function available(access: ModelFilesAccess): ModelFiles {
  if (!access.available) assert.fail(`model files unavailable: ${access.reason}`);
  return access.files;
}

async function refusal(work: Promise<unknown>): Promise<ModelFileError> {
  try {
    await work;
  } catch (e) {
    if (e instanceof ModelFileError) return e;
    throw e;
  }
  return assert.fail('expected a ModelFileError');
}

/** The model folder listed through the backend equals the fixture's folder: names and sizes. */
async function assertListsFixture(files: ModelFiles): Promise<void> {
  const listed = await files.list('');
  const expected = [...filesOf(MODEL_DIR)].map(([path, bytes]) => ({ path, isDir: false, size: bytes.length }));
  assert.deepEqual(
    [...listed].sort((a, b) => a.path.localeCompare(b.path)),
    expected.sort((a, b) => a.path.localeCompare(b.path)),
  );
}

/** Downloads iris-classifier v3 and compares every file's bytes and the file set with the fixture's folder. */
async function assertByteIdenticalDownload(backend: RegistryBackend): Promise<void> {
  const dest = tempDir();
  try {
    const result = await downloadModelFolder(available(await backend.modelFiles('iris-classifier', '3')), dest.dir, downloadFolderName('iris-classifier', '3'));
    assert.equal(result.kind, 'saved');
    const saved = filesOf(join(dest.dir, 'iris-classifier-v3'));
    const original = filesOf(MODEL_DIR);
    assert.deepEqual([...saved.keys()].sort(), [...original.keys()].sort(), 'the same files');
    for (const [path, bytes] of original) assert.ok(saved.get(path)?.equals(bytes), `${path} is byte-identical`);
    assert.deepEqual(readdirSync(dest.dir), ['iris-classifier-v3'], 'no partial folder left beside it');
    const again = await downloadModelFolder(available(await backend.modelFiles('iris-classifier', '3')), dest.dir, 'iris-classifier-v3');
    assert.equal(again.kind, 'exists', 'an existing folder is never written into');
    assert.ok(filesOf(join(dest.dir, 'iris-classifier-v3')).get('MLmodel')?.equals(original.get('MLmodel')!));
  } finally {
    dest.cleanup();
  }
}

/** The page's reads through the backend: signature, input example and requirements of the fixture's MLmodel. */
async function assertPageReads(files: ModelFiles): Promise<void> {
  const info = await readMlModel(files);
  assert.equal(info?.error, undefined);
  assert.equal(info?.model?.signature?.inputs?.[0].name, 'sepal length (cm)');
  assert.deepEqual(info?.example?.table?.columns, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
  assert.equal(info?.requirements, readFileSync(join(MODEL_DIR, 'requirements.txt'), 'utf8'));
  assert.ok(info?.files && 'files' in info.files && info.files.files.some((f) => f.path === 'model.pkl'));
}

describe('model files: the embedded store reads the folder beside its registry', () => {
  let copy: TempCopy;
  let sqlite: SqliteRegistry;
  before(() => {
    copy = tempCopy(FIXTURE_2.db);
    cpSync(MLRUNS, join(copy.dir, 'mlruns'), { recursive: true });
    sqlite = openRegistry(copy.db, { readonly: true });
  });
  after(async () => {
    await sqlite.close();
    copy.cleanup();
  });

  it('finds the relocated folder, lists it and reads its files', async () => {
    const files = available(await sqlite.modelFiles('iris-classifier', '3'));
    assert.equal(files.where, join(copy.dir, 'mlruns', '1', RUN, 'artifacts', 'model'));
    await assertListsFixture(files);
    assert.ok(Buffer.from(await files.read('model.pkl', 1 << 20)).equals(readFileSync(join(MODEL_DIR, 'model.pkl'))));
    await assertPageReads(files);
  });

  it('refuses paths outside the folder and files over the limit', async () => {
    const files = available(await sqlite.modelFiles('iris-classifier', '3'));
    assert.equal((await refusal(files.read('../../../../../mlflow.db', 1 << 30))).problem, 'outside');
    assert.equal((await refusal(files.read(join(copy.dir, 'mlflow.db'), 1 << 30))).problem, 'outside');
    assert.equal((await refusal(files.list('..'))).problem, 'outside');
    assert.equal((await refusal(files.read('model.pkl', 10))).problem, 'tooLarge');
    assert.equal((await refusal(files.read('nothing-here.txt', 10))).problem, 'missing');
  });

  it('downloads a byte-identical copy', () => assertByteIdenticalDownload(sqlite));
});

describe('model files over REST: the recorded MLflow 2.17.2 answers', () => {
  const exchanges = loadExchanges(join(FIXTURES_DIR, 'rest'), (n) => [5, 14, 15, 17, 30].includes(n));
  let server: ReplayServer;
  let rest: RestRegistry;
  before(async () => {
    server = await ReplayServer.start([VERSION_EXCHANGE, ...exchanges]);
    rest = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
  });
  after(async () => {
    await rest.close();
    await server.close();
  });

  it('reaches the files through get-download-uri and the run routes, sending only recorded requests', async () => {
    server.take();
    const files = available(await rest.modelFiles('iris-classifier', '3'));
    assert.equal(files.where, `/opt/ml/project/mlruns/1/${RUN}/artifacts/model`);
    await assertListsFixture(files);
    const requirements = Buffer.from(await files.read('requirements.txt', 1 << 20)).toString('utf8');
    assert.equal(requirements.trimEnd(), readFileSync(join(MODEL_DIR, 'requirements.txt'), 'utf8').trimEnd());
    const seen = server.take();
    assert.deepEqual(seen.unrecorded, []);
    assert.deepEqual(
      [...new Set(seen.served)].sort(),
      exchanges.map((x) => x.file),
    );
  });

  it('refuses a path outside the model folder without asking the server', async () => {
    const files = available(await rest.modelFiles('iris-classifier', '3'));
    server.take();
    assert.equal((await refusal(files.read('../../secrets', 1 << 20))).problem, 'outside');
    assert.equal((await refusal(files.read('/etc/passwd', 1 << 20))).problem, 'outside');
    assert.deepEqual(server.take(), { served: [], unrecorded: [] });
  });
});

for (const proxied of [false, true]) {
  describe(`model files over REST: the MLflow-like server ${proxied ? 'with --serve-artifacts (mlflow-artifacts routes)' : 'with run artifacts on its disk'}`, () => {
    let remote: RestOnCopy;
    before(async () => {
      remote = await restOnFixtureCopy({ artifacts: { mlruns: MLRUNS, proxied } });
    });
    after(() => remote.done());

    it('lists and reads the folder as the fixture holds it', async () => {
      const files = available(await remote.backend.modelFiles('iris-classifier', '3'));
      assert.equal(files.where.startsWith('mlflow-artifacts:/'), proxied);
      await assertListsFixture(files);
      await assertPageReads(files);
      assert.equal((await refusal(files.read('not-there.bin', 1 << 20))).problem, 'missing');
      assert.equal((await refusal(files.read('model.pkl', 100))).problem, 'tooLarge');
    });

    it('downloads a byte-identical copy', () => assertByteIdenticalDownload(remote.backend));
  });
}

describe('model files over REST: hostile answers', () => {
  /** A server whose listing of the model folder is `files`. */
  const listingServer = (files: unknown[], proxied = false): Promise<RestOnCopy> => {
    const route = proxied ? '/api/2.0/mlflow-artifacts/artifacts' : '/api/2.0/mlflow/artifacts/list';
    const intercept: Interceptor = (x) => {
      if (x.path !== route) return false;
      x.send({ status: 200, contentType: 'application/json', body: JSON.stringify({ files }) });
      return true;
    };
    return restOnFixtureCopy({ artifacts: { mlruns: MLRUNS, proxied }, intercept });
  };

  const hostile: [string, unknown[], boolean][] = [
    ['a parent segment', [{ path: 'model/../x', is_dir: false, file_size: 1 }], false],
    ['a name that climbs out', [{ path: '../../x', is_dir: false, file_size: 1 }], false],
    ['an absolute path', [{ path: '/etc/passwd', is_dir: false, file_size: 1 }], false],
    ['a path of another folder', [{ path: 'other/MLmodel', is_dir: false, file_size: 1 }], false],
    ['a backslash', [{ path: 'model/..\\x', is_dir: false, file_size: 1 }], false],
    ['a bare ..', [{ path: '..', is_dir: true }], true],
    ['a nested path where a name belongs', [{ path: 'a/../../x', is_dir: false, file_size: 1 }], true],
  ];
  for (const [what, files, proxied] of hostile) {
    it(`refuses ${what} in a listing, and a download writes nothing`, async () => {
      const remote = await listingServer(files, proxied);
      const dest = tempDir();
      try {
        const access = available(await remote.backend.modelFiles('iris-classifier', '3'));
        assert.equal((await refusal(access.list(''))).problem, 'outside');
        await assert.rejects(downloadModelFolder(access, dest.dir, 'iris-classifier-v3'), ModelFileError);
        assert.deepEqual(readdirSync(dest.dir), [], 'nothing written, no partial folder');
      } finally {
        dest.cleanup();
        await remote.done();
      }
    });
  }

  it('storage the server does not pass on (s3://) is a note, not an error', async () => {
    const remote = await restOnFixtureCopy({
      intercept: (x) => {
        if (x.path !== '/api/2.0/mlflow/model-versions/get-download-uri') return false;
        x.send({ status: 200, contentType: 'application/json', body: JSON.stringify({ artifact_uri: 's3://bucket/models/iris' }) });
        return true;
      },
    });
    try {
      const access = await remote.backend.modelFiles('iris-classifier', '3');
      assert.equal(access.available, false);
      assert.ok(!access.available && /s3: storage \(s3:\/\/bucket\/models\/iris\).*--serve-artifacts/.test(access.reason), JSON.stringify(access));
    } finally {
      await remote.done();
    }
  });
});

describe('download folder names', () => {
  it('keep plain characters only, so a registry name cannot choose the place', () => {
    assert.equal(downloadFolderName('iris-classifier', '3'), 'iris-classifier-v3');
    assert.equal(downloadFolderName('../../etc', '1'), 'etc-v1');
    assert.equal(downloadFolderName('/abs/path', '2'), 'abs_path-v2');
    assert.equal(downloadFolderName('a\\b:c*?"<>|', '4'), 'a_b_c_-v4');
    assert.equal(downloadFolderName('con', '1'), 'con-v1');
    assert.equal(downloadFolderName('...', ''), 'v');
    assert.ok(!downloadFolderName('ünïcødé 模型', '5').includes('/'));
  });
});
