// Writes a fresh copy of the fixture project (mlflow.db and mlruns/) to the
// folder given, replacing what was there: the F5 test launch writes to it.
import { cpSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareWorkspace } from './lib/vscodeSuites.mjs';

const target = resolve(process.argv[2] ?? '.vscode-test/f5-workspace');
rmSync(target, { recursive: true, force: true });
cpSync(prepareWorkspace(), target, { recursive: true });
console.log(`fixture workspace ready at ${target}`);
