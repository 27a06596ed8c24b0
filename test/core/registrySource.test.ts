import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveRegistrySource, type SourceInputs } from '../../src/registry/registrySource';

/**
 * The six places a registry can come from, each winning over the ones after it.
 * Real folders, so the workspace rule is checked against files that exist.
 */
describe('resolveRegistrySource: which registry opens, and why', () => {
  let root: string;
  let first: string;
  let second: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlflow-source-'));
    first = join(root, 'first');
    second = join(root, 'second');
    mkdirSync(first);
    mkdirSync(second);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const every = (): SourceInputs => ({
    registryUriSetting: 'http://registry-setting:5000/',
    trackingUriSetting: 'sqlite:///tracking-setting.db',
    selected: 'https://picked.example',
    env: { MLFLOW_REGISTRY_URI: 'sqlite:////env/registry.db', MLFLOW_TRACKING_URI: 'http://env-tracking:5000' },
    workspaceFolders: [first, second],
  });

  it('takes each level in order once the ones above it are unset', () => {
    writeFileSync(join(second, 'mlflow.db'), '');
    const inputs = every();
    const seen: string[] = [];
    const step = () => {
      const s = resolveRegistrySource(inputs);
      seen.push(s.kind === 'none' ? 'none' : `${s.origin} -> ${s.kind === 'sqlite' ? s.path : s.url}`);
    };
    step();
    inputs.registryUriSetting = undefined;
    step();
    inputs.trackingUriSetting = '  ';
    step();
    inputs.selected = '';
    step();
    delete inputs.env.MLFLOW_REGISTRY_URI;
    step();
    delete inputs.env.MLFLOW_TRACKING_URI;
    step();
    rmSync(join(second, 'mlflow.db'));
    step();
    assert.deepEqual(seen, [
      'setting mlflowRegistry.registryUri -> http://registry-setting:5000',
      `setting mlflowRegistry.trackingUri -> ${join(first, 'tracking-setting.db')}`,
      'selected in this workspace -> https://picked.example',
      'MLFLOW_REGISTRY_URI -> /env/registry.db',
      'MLFLOW_TRACKING_URI -> http://env-tracking:5000',
      `mlflow.db in the workspace -> ${join(second, 'mlflow.db')}`,
      'none',
    ]);
  });

  it("finds mlflow.db only at a folder's root, the first folder first", () => {
    mkdirSync(join(first, 'nested'));
    writeFileSync(join(first, 'nested', 'mlflow.db'), '');
    writeFileSync(join(second, 'mlflow.db'), '');
    assert.deepEqual(resolveRegistrySource({ env: {}, workspaceFolders: [first, second] }), {
      kind: 'sqlite',
      path: join(second, 'mlflow.db'),
      origin: 'mlflow.db in the workspace',
    });
    writeFileSync(join(first, 'mlflow.db'), '');
    assert.deepEqual(resolveRegistrySource({ env: {}, workspaceFolders: [first, second] }), {
      kind: 'sqlite',
      path: join(first, 'mlflow.db'),
      origin: 'mlflow.db in the workspace',
    });
  });

  it("reads MLflow's URI forms relative to the first workspace folder", () => {
    const at = (uri: string) => resolveRegistrySource({ registryUriSetting: uri, env: {}, workspaceFolders: [first, second] });
    assert.deepEqual(at('sqlite:///rel/m.db'), { kind: 'sqlite', path: join(first, 'rel', 'm.db'), origin: 'setting mlflowRegistry.registryUri' });
    assert.deepEqual(at('sqlite:////abs/m.db?mode=ro'), { kind: 'sqlite', path: '/abs/m.db', origin: 'setting mlflowRegistry.registryUri' });
    assert.deepEqual(at(pathToFileURL(join(second, 'x.db')).href), {
      kind: 'sqlite',
      path: join(second, 'x.db'),
      origin: 'setting mlflowRegistry.registryUri',
    });
    assert.deepEqual(at('plain.db'), { kind: 'sqlite', path: join(first, 'plain.db'), origin: 'setting mlflowRegistry.registryUri' });
    assert.deepEqual(at('HTTP://Server:5000///'), { kind: 'remote', url: 'HTTP://Server:5000', origin: 'setting mlflowRegistry.registryUri' });
  });

  it('names the setting or variable that holds a URI it cannot open', () => {
    assert.throws(
      () => resolveRegistrySource({ env: { MLFLOW_TRACKING_URI: 'databricks://profile' }, workspaceFolders: [first] }),
      /^Error: MLFLOW_TRACKING_URI: 'databricks:\/\/profile' uses a scheme/,
    );
    assert.throws(
      () => resolveRegistrySource({ selected: 'sqlite://relative.db', env: {}, workspaceFolders: [first] }),
      /^Error: selected in this workspace: 'sqlite:\/\/relative.db' is not a SQLite URI MLflow understands/,
    );
  });
});
