import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** This file runs from out/test/core/. */
const ROOT = resolve(__dirname, '..', '..', '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

/** Every string value anywhere under `value`, with where it sits. */
function strings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const PLACEHOLDER = /^%([^%\s]+)%$/;

describe('package.json and its localizations', () => {
  const manifest = readJson('package.json') as { contributes: unknown; l10n?: string };
  const nls = readJson('package.nls.json') as Record<string, unknown>;
  const used = strings(manifest.contributes, 'contributes').flatMap(({ path, text }) => {
    const m = PLACEHOLDER.exec(text);
    return m ? [{ path, key: m[1] }] : [];
  });

  it('finds every %key% of package.json in package.nls.json', () => {
    const missing = used.filter((u) => !(u.key in nls)).map((u) => `${u.path}: %${u.key}%`);
    assert.deepEqual(missing, []);
  });

  it('uses every key of package.nls.json, each a non-empty string', () => {
    const keys = new Set(used.map((u) => u.key));
    assert.deepEqual(
      Object.keys(nls).filter((k) => !keys.has(k)),
      [],
    );
    assert.deepEqual(
      Object.entries(nls)
        .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
        .map(([k]) => k),
      [],
    );
  });

  it('leaves no title, name or description of contributes as plain text', () => {
    const shown = /\.(title|name|contextualTitle|category|description|markdownDescription|contents)$|\.enumDescriptions\[\d+\]$/;
    const plain = strings(manifest.contributes, 'contributes').filter(({ path, text }) => shown.test(path) && !PLACEHOLDER.test(text));
    assert.deepEqual(
      plain.map((p) => `${p.path}: ${p.text}`),
      [],
    );
  });

  it('ships the walkthrough media that the steps name', () => {
    const { walkthroughs = [] } = manifest.contributes as { walkthroughs?: { steps: { id: string; media: Record<string, unknown> }[] }[] };
    const steps = walkthroughs.flatMap((w) => w.steps);
    assert.ok(steps.length >= 4, 'the Get Started walkthrough has its steps');
    const media = steps.flatMap((s) => strings(s.media).map(({ text }) => ({ step: s.id, file: text })));
    assert.equal(new Set(media.map((m) => m.file)).size, steps.length, 'each step has media of its own');
    assert.deepEqual(
      media.filter((m) => !existsSync(join(ROOT, m.file))),
      [],
    );
  });

  it('has the English l10n bundle hold exactly the vscode.l10n.t messages of the code', () => {
    assert.equal(manifest.l10n, './l10n');
    const bundle = readJson('l10n/bundle.l10n.json') as Record<string, string>;
    const sources = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));
    // Messages are string literals (double-quoted when prettier prefers it for an apostrophe); a template or a variable would not be translatable.
    const calls = sources('src').flatMap((text) => [...text.matchAll(/\bl10n\.t\(\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,)]*)/g)].map((m) => m[1].trim()));
    const notLiteral = calls.filter((c) => !/^'(?:[^'\\]|\\.)*'$|^"(?:[^"\\]|\\.)*"$/.test(c));
    assert.deepEqual(notLiteral, [], 'vscode.l10n.t takes a literal message');
    const unquote = (c: string): string =>
      c.startsWith('"') ? (JSON.parse(c) as string) : (JSON.parse(`"${c.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
    const messages = new Set(calls.map(unquote));
    assert.ok(messages.size > 0);
    assert.deepEqual(
      [...messages].filter((m) => !(m in bundle)),
      [],
      'messages missing from l10n/bundle.l10n.json',
    );
    assert.deepEqual(
      Object.keys(bundle).filter((k) => !messages.has(k)),
      [],
      'l10n/bundle.l10n.json entries no code uses',
    );
    assert.deepEqual(
      Object.entries(bundle).filter(([k, v]) => k !== v),
      [],
      'the English bundle maps each message to itself',
    );
  });
});
