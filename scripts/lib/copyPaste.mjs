// The copy-paste check of `npm run lint`: jscpd with the settings in
// .jscpd.json (the same ones `npx jscpd` reads), one line per clone, and a
// non-zero exit when there is any. A deliberate copy is fenced in its file
// with `jscpd:ignore-start` / `jscpd:ignore-end` comments saying why.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './ensure.mjs';

const require = createRequire(join(ROOT, 'package.json'));

/** The clones jscpd finds, as "a.ts:1-9 ~ b.ts:3-11". */
export async function findClones() {
  const { detectClones } = require('jscpd');
  const config = JSON.parse(readFileSync(join(ROOT, '.jscpd.json'), 'utf8'));
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const clones = await detectClones({ ...config, reporters: [], silent: true });
    const at = (d) => `${d.sourceId}:${d.start.line}-${d.end.line}`;
    return clones.map((c) => `${at(c.duplicationA)} ~ ${at(c.duplicationB)}`);
  } finally {
    process.chdir(cwd);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const clones = await findClones();
  for (const c of clones) console.log(`  clone: ${c}`);
  if (clones.length > 0) console.log(`  ${clones.length} clone(s): make one piece of code serve both places (see CONTRIBUTING.md)`);
  process.exit(clones.length > 0 ? 1 : 0);
}
