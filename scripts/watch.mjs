// `npm run watch`: rebuilds on every save, for F5 (.vscode/launch.json, task
// "watch"). esbuild rebuilds dist/extension.js, the file VS Code runs, and
// `tsc --watch` type-checks and compiles the tests to out/. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { copyNativeBuild, esbuildOptions, workerOptions } from './lib/bundle.mjs';
import { log, ROOT } from './lib/ensure.mjs';

const require = createRequire(import.meta.url);
const esbuild = require(join(ROOT, 'node_modules', 'esbuild'));

// The native build is copied once: it does not change while watching.
copyNativeBuild();
const ctx = await esbuild.context({ ...esbuildOptions(), logLevel: 'info' });
const workerCtx = await esbuild.context({ ...workerOptions(), logLevel: 'info' });
await ctx.watch();
await workerCtx.watch();
log('esbuild: watching src/ (dist/extension.js, dist/markdownWorker.js)');

// --preserveWatchOutput keeps esbuild's lines on screen; the $tsc-watch problem matcher reads tsc's.
const tsc = spawn(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT, '--watch', '--preserveWatchOutput'], {
  cwd: ROOT,
  stdio: 'inherit',
});

const stop = async () => {
  tsc.kill();
  await Promise.all([ctx.dispose(), workerCtx.dispose()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
tsc.on('exit', (code) => {
  void Promise.all([ctx.dispose(), workerCtx.dispose()]).then(() => process.exit(code ?? 0));
});
