// `npm run package`: builds <name>-<version>.vsix at the repository root, the
// file users install (Extensions view › … › Install from VSIX…, or
// `code --install-extension <file>`).
import { packageVsix } from './lib/packageVsix.mjs';

try {
  await packageVsix();
} catch (e) {
  console.error(e.message ?? e);
  process.exit(1);
}
