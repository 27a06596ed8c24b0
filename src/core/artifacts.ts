import { existsSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containedPath } from './containedPath';

/**
 * The local folder behind an artifact location as MLflow stores it: an
 * absolute POSIX path or a `file://` URI (docs/uris.md#local-layout). Other schemes
 * (`mlflow-artifacts:`, `s3:`, `models:`) are not local: null.
 */
export function localPath(location: string | null | undefined): string | null {
  if (!location) return null;
  if (/^file:/i.test(location)) return fileURLToPath(location);
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) return null;
  return isAbsolute(location) ? location : null;
}

/**
 * Paths in mlflow.db are absolute where MLflow ran (`/opt/ml/project/mlruns/…`).
 * When the project folder moved, they dangle; if the path is missing here and
 * the part from `mlruns/` on exists beside this registry file, that is the
 * same artifact, so use it.
 */
export function resolveArtifactPath(location: string | null | undefined, registryDir: string | null): string | null {
  const path = localPath(location);
  if (!path) return null;
  if (existsSync(path) || !registryDir) return path;
  const parts = path.split(/[\\/]/);
  const at = parts.lastIndexOf('mlruns');
  if (at < 0) return path;
  // The stored path is registry content: its tail may only lead to something inside the registry's folder.
  const relocated = containedPath(registryDir, parts.slice(at).join('/'));
  return relocated.kind === 'inside' ? relocated.path : path;
}

/** A run's folder layout: `mlruns/<experiment>/<run_id>/artifacts/<path>`, or an MLflow 3 logged model's `mlruns/<experiment>/models/<model_id>/artifacts`. */
export function runFromArtifactPath(path: string): { experimentId: string; runId?: string; modelId?: string; artifactPath: string } | null {
  const parts = path.split(sep === '\\' ? /[\\/]/ : /\//).filter(Boolean);
  const at = parts.lastIndexOf('mlruns');
  if (at < 0 || parts.length < at + 4) return null;
  const experimentId = parts[at + 1];
  if (parts[at + 2] === 'models' && /^m-[0-9a-f]{32}$/.test(parts[at + 3] ?? '') && parts[at + 4] === 'artifacts') {
    return { experimentId, modelId: parts[at + 3], artifactPath: parts.slice(at + 5).join('/') };
  }
  if (/^[0-9a-f]{32}$/.test(parts[at + 2]) && parts[at + 3] === 'artifacts') {
    return { experimentId, runId: parts[at + 2], artifactPath: parts.slice(at + 4).join('/') };
  }
  return null;
}
