import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl } from './savedRegistries';
import { l10n } from '../core/l10n';

/**
 * Where the registry is, and which rule chose it, so the UI can say why it
 * opened what it opened. No vscode import: the extension passes the inputs in.
 */
export type RegistrySource = { kind: 'sqlite'; path: string; origin: SourceOrigin } | { kind: 'remote'; url: string; origin: SourceOrigin } | { kind: 'none' };

export type SourceOrigin =
  | 'setting mlflowRegistry.registryUri'
  | 'setting mlflowRegistry.trackingUri'
  | 'selected in this workspace'
  | 'MLFLOW_REGISTRY_URI'
  | 'MLFLOW_TRACKING_URI'
  | 'mlflow.db in the workspace';

export interface SourceInputs {
  registryUriSetting?: string;
  trackingUriSetting?: string;
  /** What the user picked with "Select Registry" in this workspace. */
  selected?: string;
  env: Record<string, string | undefined>;
  /** Absolute paths of the workspace folders, first one first. */
  workspaceFolders: string[];
}

/**
 * MLflow's URI forms for a SQLite store: `sqlite:///relative.db` (relative to
 * the working directory, here the first workspace folder), `sqlite:////abs.db`,
 * and, for convenience, a plain path or `file:` URI of a .db file.
 */
export function parseRegistryUri(uri: string, baseDir: string, origin: SourceOrigin): RegistrySource {
  const text = uri.trim();
  if (/^https?:\/\//i.test(text)) return { kind: 'remote', url: text.replace(/\/+$/, ''), origin };
  if (/^sqlite:\/\//i.test(text)) {
    const rest = text.slice('sqlite://'.length);
    if (!rest.startsWith('/'))
      throw new Error(`${origin}: '${uri}' is not a SQLite URI MLflow understands (use sqlite:///relative.db or sqlite:////absolute.db)`);
    const path = rest.slice(1).split('?')[0];
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(baseDir, path), origin };
  }
  if (/^file:/i.test(text)) return { kind: 'sqlite', path: fileURLToPath(text), origin };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new Error(`${origin}: '${uri}' uses a scheme this extension cannot open; use a sqlite:/// URI, a path to mlflow.db or an http(s) server URL`);
  }
  return { kind: 'sqlite', path: isAbsolute(text) ? text : resolve(baseDir, text), origin };
}

/**
 * The order the extension looks in: settings, then the user's pick in this
 * workspace, then MLflow's own environment variables, then an mlflow.db at the
 * root of a workspace folder. The registry URI wins over the tracking URI,
 * as in MLflow, where the registry defaults to the tracking store.
 */
export function resolveRegistrySource(inputs: SourceInputs, fileExists: (p: string) => boolean = existsSync): RegistrySource {
  const base = inputs.workspaceFolders[0] ?? process.cwd();
  const candidates: [string | undefined, SourceOrigin][] = [
    [inputs.registryUriSetting, 'setting mlflowRegistry.registryUri'],
    [inputs.trackingUriSetting, 'setting mlflowRegistry.trackingUri'],
    [inputs.selected, 'selected in this workspace'],
    [inputs.env.MLFLOW_REGISTRY_URI, 'MLFLOW_REGISTRY_URI'],
    [inputs.env.MLFLOW_TRACKING_URI, 'MLFLOW_TRACKING_URI'],
  ];
  for (const [value, origin] of candidates) {
    if (value && value.trim() !== '') return parseRegistryUri(value, base, origin);
  }
  for (const folder of inputs.workspaceFolders) {
    const path = join(folder, 'mlflow.db');
    if (fileExists(path)) return { kind: 'sqlite', path, origin: 'mlflow.db in the workspace' };
  }
  return { kind: 'none' };
}

export function describeSource(source: RegistrySource): string {
  switch (source.kind) {
    case 'sqlite':
      return source.path;
    case 'remote':
      return redactUrl(source.url);
    case 'none':
      return l10n.t('no registry');
  }
}

/** Where the registry came from, as the status bar's tooltip and errors say it. */
export function originText(origin: SourceOrigin): string {
  switch (origin) {
    case 'setting mlflowRegistry.registryUri':
    case 'setting mlflowRegistry.trackingUri':
      return l10n.t('setting {0}', origin.slice('setting '.length));
    case 'selected in this workspace':
      return l10n.t('selected in this workspace');
    case 'mlflow.db in the workspace':
      return l10n.t('mlflow.db in the workspace');
    default:
      return origin; // an environment variable's name
  }
}
