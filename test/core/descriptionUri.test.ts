import assert from 'node:assert/strict';
import { posix } from 'node:path';
import {
  descriptionPath,
  encodeNameSegment,
  parseDescriptionPath,
  registryAuthority,
  registryKeyOfAuthority,
  type DescriptionTarget,
} from '../../src/descriptions/descriptionUri';
import { AWKWARD_NAMES } from '../helpers/awkwardNames';

describe('description URIs: every model name round-trips', () => {
  it('gives each name one segment that no resolver reads as a dot segment or as a query, fragment or separator', () => {
    for (const name of AWKWARD_NAMES) {
      for (const target of [{ name }, { name, version: '3' }] as DescriptionTarget[]) {
        const path = descriptionPath(target);
        assert.deepEqual(parseDescriptionPath(path), { kind: 'file', target }, `parse(${JSON.stringify(path)})`);
        // What VS Code and the browser do to paths: resolve . and .., cut at ? and #, read \ as / (in URLs).
        assert.equal(posix.normalize(path), path, `normalize(${JSON.stringify(path)})`);
        const url = new URL(`http://h${path.replace(/%/g, '%25').replace(/[ \t]/g, encodeURIComponent)}`);
        assert.equal(decodeURIComponent(url.pathname), path, `URL path of ${JSON.stringify(name)}`);
        assert.equal(url.search + url.hash, '', `no query or fragment for ${JSON.stringify(name)}`);
        assert.equal(encodeNameSegment(name).includes('/'), false);
      }
    }
  });

  it("keeps '..' and '3' apart: the old bug opened model 3 for {name: '..', version: '3'}", () => {
    const dotdot = descriptionPath({ name: '..', version: '3' });
    const three = descriptionPath({ name: '3' });
    assert.notEqual(posix.normalize(dotdot), three);
    assert.deepEqual(parseDescriptionPath(posix.normalize(dotdot)), { kind: 'file', target: { name: '..', version: '3' } });
  });

  it('accepts only the canonical form, so one description has one document', () => {
    assert.equal(parseDescriptionPath('/%69ris/description.md'), undefined, 'an escape the encoder would not write');
    assert.equal(parseDescriptionPath('/../description.md'), undefined, 'a bare dot segment');
    assert.equal(parseDescriptionPath('/a//description.md'), undefined);
    assert.equal(parseDescriptionPath('/%E0%A4%A/description.md'), undefined, 'a broken escape');
    assert.equal(parseDescriptionPath('/a/b/c/d'), undefined);
    assert.equal(parseDescriptionPath('/a/notaversion/description.md'), undefined);
    assert.deepEqual(parseDescriptionPath('/'), { kind: 'dir', target: null });
    assert.deepEqual(parseDescriptionPath('/iris-classifier/3'), { kind: 'dir', target: { name: 'iris-classifier', version: '3' } });
    assert.equal(descriptionPath({ name: 'iris-classifier', version: '3' }), '/iris-classifier/3/description.md', 'plain names stay readable');
  });

  it('carries the registry key in a lower-case authority that VS Code leaves alone, and reads it back', () => {
    for (const key of [
      'sqlite:/srv/models/mlflow.db',
      'remote:http://127.0.0.1:5000',
      'remote:https://mlflow.example.com/prefix#team-A',
      'sqlite:/home/ünï/模型/mlflow.db',
      'sqlite:C:\\Users\\x\\mlflow.db',
    ]) {
      const authority = registryAuthority(key);
      assert.match(authority, /^[a-z2-7]+$/);
      assert.equal(registryKeyOfAuthority(authority.toLowerCase()), key);
    }
    assert.notEqual(registryAuthority('sqlite:/a/mlflow.db'), registryAuthority('sqlite:/A/mlflow.db'), 'case in the key survives');
    assert.equal(registryKeyOfAuthority(''), undefined);
    assert.equal(registryKeyOfAuthority('Not-Base32!'), undefined);
    assert.equal(registryKeyOfAuthority('7'), undefined, 'not a whole byte: not written by registryAuthority');
  });
});
