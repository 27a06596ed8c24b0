import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveArtifactPath } from '../../src/core/artifacts';
import { LocalModelFiles } from '../../src/backends/sqlite/localModelFiles';
import { containedPath } from '../../src/core/containedPath';
import type { ModelVersion } from '../../src/core/types';
import { readMlModel, type VersionPageData } from '../../src/pages/versionData';
import { renderMarkdownBounded } from '../../src/pages/markdown';
import { renderVersionPage } from '../../src/pages/versionPage';
import { tempDir } from '../helpers/fixtures';

const SECRET = 'SECRET-CONTENT-outside-the-model';
const mlmodel = (examplePath: string) =>
  `artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\nsaved_input_example_info:\n  artifact_path: ${examplePath}\n  type: dataframe\n`;

describe('artifact paths named by the registry or an MLmodel stay inside their folder', () => {
  let root: string;
  let cleanup: () => void;
  /** <root>/a/b/c/<name>, holding an MLmodel whose input example is `examplePath`. */
  const model = (name: string, examplePath: string): string => {
    const dir = join(root, 'a', 'b', 'c', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'MLmodel'), mlmodel(examplePath));
    return dir;
  };

  beforeEach(() => {
    ({ dir: root, cleanup } = tempDir());
    writeFileSync(join(root, 'secret-outside.txt'), SECRET);
  });
  afterEach(() => cleanup());

  it('reads an input example that lies inside the model folder', async () => {
    const dir = model('fine', 'input_example.json');
    writeFileSync(join(dir, 'input_example.json'), JSON.stringify({ columns: ['x'], data: [[1]] }));
    const info = await readMlModel(new LocalModelFiles(dir));
    assert.equal(info?.example?.refused, undefined);
    assert.deepEqual(info?.example?.table?.columns, ['x']);
  });

  it('refuses ../../../../secret-outside.txt: says it lies outside and reads nothing', async () => {
    const dir = model('dotdot', '../../../../secret-outside.txt');
    const example = (await readMlModel(new LocalModelFiles(dir)))?.example;
    assert.ok(example, 'the page is told about the example');
    assert.match(example.refused ?? '', /\.\.\/\.\.\/\.\.\/\.\.\/secret-outside\.txt.*outside the model folder/);
    assert.equal(example.text, undefined);
    assert.equal(example.table, undefined);
  });

  it('refuses an input example that is a symlink to a file outside', async () => {
    const dir = model('linked', 'input_example.json');
    symlinkSync(join(root, 'secret-outside.txt'), join(dir, 'input_example.json'));
    const example = (await readMlModel(new LocalModelFiles(dir)))?.example;
    assert.match(example?.refused ?? '', /outside the model folder/);
    assert.equal(example?.text, undefined);
  });

  it('refuses an MLmodel that is itself a symlink to a file outside', async () => {
    const dir = join(root, 'a', 'mlmodel-link');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(root, 'MLmodel.elsewhere'), mlmodel('input_example.json'));
    symlinkSync(join(root, 'MLmodel.elsewhere'), join(dir, 'MLmodel'));
    const info = await readMlModel(new LocalModelFiles(dir));
    assert.equal(info?.model, null);
    assert.match(info?.error ?? '', /outside the model folder/);
  });

  it('the version page shows the refusal and not the file', async () => {
    const dir = model('page', '../../../../secret-outside.txt');
    const version = {
      name: 'm',
      version: '1',
      currentStage: 'None',
      aliases: [],
      tags: {},
      status: 'READY',
      creationTimestamp: 0,
      lastUpdatedTimestamp: 0,
    } as unknown as ModelVersion;
    const data = {
      version,
      run: null,
      experiment: null,
      siblings: [version],
      source: { stored: dir, local: dir, exists: true },
      storage: null,
      mlmodel: await readMlModel(new LocalModelFiles(dir)),
      uris: [],
      access: { writable: true },
      trackingUri: '',
    } as VersionPageData;
    const page = String(renderVersionPage(data, renderMarkdownBounded(version.description)));
    assert.match(page, /id="input-example-refused"[^>]*>[^<]*outside the model folder/);
    assert.ok(!page.includes(SECRET), 'the secret is not on the page');
  });

  describe('containedPath', () => {
    it('judges names, .., absolute paths and symlinked folders', () => {
      const dir = model('plain', 'x');
      writeFileSync(join(dir, '..weird-but-inside'), '');
      assert.equal(containedPath(dir, '..weird-but-inside').kind, 'inside');
      assert.equal(containedPath(dir, 'MLmodel').kind, 'inside');
      assert.equal(containedPath(dir, 'sub/../MLmodel').kind, 'inside');
      assert.equal(containedPath(dir, 'not-there.json').kind, 'missing');
      assert.equal(containedPath(dir, '../plain-sibling').kind, 'outside');
      assert.equal(containedPath(dir, join(root, 'secret-outside.txt')).kind, 'outside');
      assert.equal(containedPath(dir, '').kind, 'outside');
      // A model folder reached through a link is judged by where it really is.
      symlinkSync(dir, join(root, 'via-link'));
      assert.equal(containedPath(join(root, 'via-link'), 'MLmodel').kind, 'inside');
    });
  });

  it('relocating a stored path beside the registry never leaves the registry folder', () => {
    const registry = join(root, 'project');
    mkdirSync(join(registry, 'mlruns', '1'), { recursive: true });
    writeFileSync(join(registry, 'mlruns', '1', 'inside.txt'), '');
    assert.equal(resolveArtifactPath('/gone/mlruns/1/inside.txt', registry), join(registry, 'mlruns', '1', 'inside.txt'));
    const hostile = '/gone/mlruns/../../secret-outside.txt';
    assert.equal(resolveArtifactPath(hostile, registry), hostile, 'left as stored (and missing), not relocated outside');
  });
});
