import { bundleExtension } from './lib/bundle.mjs';
import { ensureNpmDependencies } from './lib/ensure.mjs';

ensureNpmDependencies();
await bundleExtension({ minify: process.argv.includes('--minify') });
