import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'mlflow-model-registry';
let cached: string | undefined;

/**
 * The extension's own version for the User-Agent. The package.json is looked
 * up from this file's folder because the compiled tests (out/src/…) and the
 * bundle (dist/) sit at different depths below it.
 */
export function clientVersion(): string {
  if (cached !== undefined) return cached;
  cached = 'unknown';
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') {
        cached = pkg.version;
        break;
      }
    } catch {
      // no package.json here; keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return cached;
}
