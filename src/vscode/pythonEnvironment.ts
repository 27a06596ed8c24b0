import * as vscode from 'vscode';
import { errorText, log } from './log';

const PYTHON_EXTENSION = 'ms-python.python';
const ACTIVATION_TIMEOUT_MS = 5000;

interface PythonApi {
  environments?: { getActiveEnvironmentPath?(resource?: vscode.Uri): { path?: string } | undefined };
}

/**
 * The Python environment selected in the Python extension, when that
 * extension is installed; undefined otherwise. Optional in every way: any
 * failure of its API only means "not known".
 */
export async function selectedPythonEnvironment(resource?: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  if (!ext) return undefined;
  try {
    const api = ext.isActive
      ? ext.exports
      : await Promise.race([ext.activate(), new Promise<undefined>((r) => setTimeout(() => r(undefined), ACTIVATION_TIMEOUT_MS))]);
    const path = api?.environments?.getActiveEnvironmentPath?.(resource)?.path;
    return typeof path === 'string' && path !== '' ? path : undefined;
  } catch (e) {
    log().debug(`The Python extension did not name its environment: ${errorText(e)}`);
    return undefined;
  }
}
