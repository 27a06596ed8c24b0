import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The first folder that holds MLflow's older file store (`./mlruns`, what
 * `mlflow` used before `sqlite:///mlflow.db` became the default) and no
 * `mlflow.db`: this extension reads SQLite stores and servers, so such a
 * folder needs `mlflow server --backend-store-uri ./mlruns` in front of it.
 */
export function fileStoreFolder(folders: readonly string[]): string | undefined {
  return folders.find((f) => {
    try {
      return statSync(join(f, 'mlruns')).isDirectory() && !existsSync(join(f, 'mlflow.db'));
    } catch {
      return false;
    }
  });
}

/**
 * The server command for a file store, as a program and its arguments (never
 * a shell string: the folder's path is not a shell word). Run in the folder,
 * so `./mlruns` is the one beside it.
 */
export function fileStoreServer(port: number): { program: string; args: string[]; url: string } {
  return {
    program: 'mlflow',
    args: ['server', '--backend-store-uri', './mlruns', '--host', '127.0.0.1', '--port', String(port)],
    url: `http://127.0.0.1:${port}`,
  };
}
