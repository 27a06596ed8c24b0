import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

/**
 * Where the `mlflow` executable is, so that serving can start it directly with
 * an argument array: no shell ever reads a model name. No vscode import.
 *
 * On Windows only `mlflow.exe` counts (pip writes one into Scripts\): a
 * `.cmd` or `.bat` would be run through cmd.exe, which parses its arguments.
 */
export interface MlflowSearch {
  /** PATH as the extension host has it. */
  pathEnv: string | undefined;
  platform: NodeJS.Platform;
  /** The interpreter (or environment folder) the Python extension has selected, if any. */
  pythonEnvironment?: string;
  /** The user's own choice (setting mlflowRegistry.serve.mlflowPath, machine scope only). */
  configured?: string;
}

export interface MlflowFound {
  executable: string;
  /** Where it was found, for the log and messages. */
  from: 'setting' | 'python-environment' | 'PATH';
}

/** The configured mlflowPath cannot be used; `reason` lets the caller say why in the user's language. */
export class MlflowPathRefused extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'not-executable' | 'not-exe',
  ) {
    super(
      reason === 'not-executable'
        ? `The setting mlflowRegistry.serve.mlflowPath names ${path}, which is not an executable file given by its full path.`
        : `The setting mlflowRegistry.serve.mlflowPath must name an .exe file (${path} would run through cmd.exe).`,
    );
  }
}

const executableName = (platform: NodeJS.Platform) => (platform === 'win32' ? 'mlflow.exe' : 'mlflow');

async function isExecutableFile(path: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    if (platform !== 'win32') await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Folders of a Python environment where its console scripts live. */
async function environmentBinDirs(pythonEnvironment: string): Promise<string[]> {
  const base = (await isDirectory(pythonEnvironment)) ? pythonEnvironment : dirname(pythonEnvironment);
  return [base, join(base, 'bin'), join(base, 'Scripts')];
}

export async function findMlflow(search: MlflowSearch): Promise<MlflowFound | undefined> {
  if (search.configured) {
    // Named by the user: used as it is or refused, never replaced by another mlflow behind their back.
    if (!isAbsolutePath(search.configured, search.platform) || !(await isExecutableFile(search.configured, search.platform))) {
      throw new MlflowPathRefused(search.configured, 'not-executable');
    }
    if (search.platform === 'win32' && !/\.exe$/i.test(search.configured)) {
      throw new MlflowPathRefused(search.configured, 'not-exe');
    }
    return { executable: search.configured, from: 'setting' };
  }
  const name = executableName(search.platform);
  // The environment the user chose in the Python extension first: it is the one their code runs in.
  if (search.pythonEnvironment) {
    for (const dir of await environmentBinDirs(search.pythonEnvironment)) {
      const candidate = join(dir, name);
      if (await isExecutableFile(candidate, search.platform)) return { executable: candidate, from: 'python-environment' };
    }
  }
  // Relative PATH entries would depend on the terminal's folder: only absolute ones count.
  const dirs = (search.pathEnv ?? '').split(search.platform === 'win32' ? ';' : delimiter).filter((d) => d !== '' && isAbsolutePath(d, search.platform));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate, search.platform)) return { executable: candidate, from: 'PATH' };
  }
  return undefined;
}

function isAbsolutePath(p: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? /^([a-zA-Z]:[\\/]|\\\\)/.test(p) : p.startsWith('/');
}

/** The arguments of `mlflow models serve`, one array element each: never joined for a shell. */
export function serveArgs(uri: string, port?: number, envManager?: string): string[] {
  return ['models', 'serve', '-m', uri, ...(port ? ['-p', String(port)] : []), ...(envManager ? ['--env-manager', envManager] : [])];
}
