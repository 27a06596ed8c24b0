// Brings l10n/bundle.l10n.json in step with the code's vscode.l10n.t messages:
// entries no code uses go, new messages are added at the end, and the order of
// the rest is kept so merges of parallel work stay small. The core test
// test/core/manifestNls.test.ts checks the result both ways.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundlePath = join(root, 'l10n', 'bundle.l10n.json');

const literal = /\bl10n\.t\(\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g;
const unquote = (c) => (c.startsWith('"') ? JSON.parse(c) : JSON.parse(`"${c.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`));

const messages = new Set(
  readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(join(root, 'src', f), 'utf8').matchAll(literal)].map((m) => unquote(m[1]))),
);
const old = JSON.parse(readFileSync(bundlePath, 'utf8'));
const kept = Object.keys(old).filter((k) => messages.has(k));
const added = [...messages].filter((m) => !(m in old));
const bundle = Object.fromEntries([...kept, ...added].map((m) => [m, m]));
writeFileSync(bundlePath, `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`l10n bundle: ${kept.length} kept, ${added.length} added, ${Object.keys(old).length - kept.length} removed`);
