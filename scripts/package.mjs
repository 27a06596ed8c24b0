// `npm run package`: both .vsix files at the repository root (see
// scripts/lib/packageVsix.mjs for which host each serves);
// `npm run package:universal` / `npm run package:linux-x64` build one.
// Users install them with Extensions view › … › Install from VSIX…, or
// `code --install-extension <file>`.
import { packageVsix, TARGETS } from './lib/packageVsix.mjs';

const at = process.argv.indexOf('--target');
const targets = at >= 0 ? [process.argv[at + 1]] : Object.keys(TARGETS);

try {
  for (const target of targets) await packageVsix({ target });
} catch (e) {
  console.error(e.message ?? e);
  process.exit(1);
}
