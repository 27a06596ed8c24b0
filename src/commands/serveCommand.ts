import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { log } from '../vscode/log';
import type { RegistryBackend } from '../core/backend';
import { STAGE_DISPLAY_ORDER } from '../core/types';
import { formatModelUri, parseModelUri } from '../core/uri';
import type { RegistrySource } from '../registry/registrySource';
import { remoteId } from '../registry/savedRegistries';
import { VersionNode } from '../tree/nodes';
import { selectedPythonEnvironment } from '../vscode/pythonEnvironment';
import { info, pick, type PickItem } from '../vscode/ui';
import { requireBackend, type Handler } from './commandContext';
import { readMlflowPath } from '../vscode/config';
import { findMlflow, MlflowPathRefused, serveArgs } from './findMlflow';
import { argObject, modelTarget, need, optionalString, uriFromArgs } from './targets';

/** The MLflow tracking URI of a registry, as `mlflow` in a terminal needs it. */
export function trackingUriOf(source: RegistrySource): string {
  switch (source.kind) {
    case 'sqlite':
      // sqlite:/// + an absolute path: sqlite:////home/me/project/mlflow.db
      return `sqlite:///${source.path}`;
    case 'remote':
      return source.url;
    case 'none':
      throw new Error(vscode.l10n.t('No MLflow registry is open.'));
  }
}

const ENV_MANAGERS = ['local', 'virtualenv', 'conda', 'uv'];

async function pickServeUri(backend: RegistryBackend, name: string): Promise<string> {
  const [model, latest] = await Promise.all([backend.getRegisteredModel(name), backend.getLatestVersions(name)]);
  const items: PickItem<string>[] = [];
  for (const a of [...model.aliases].sort((x, y) => x.alias.localeCompare(y.alias))) {
    const uri = formatModelUri({ kind: 'alias', name, alias: a.alias });
    items.push({ label: uri, description: vscode.l10n.t('alias → version {0}', a.version), value: uri });
  }
  for (const stage of STAGE_DISPLAY_ORDER) {
    const v = latest.find((x) => x.currentStage === stage);
    if (!v || stage === 'None' || stage === 'Archived') continue;
    const uri = formatModelUri({ kind: 'stage', name, stage });
    items.push({ label: uri, description: vscode.l10n.t('stage → version {0}', v.version), value: uri });
  }
  if (latest.length > 0) {
    const top = latest.reduce((b, v) => (BigInt(v.version) > BigInt(b.version) ? v : b));
    const uri = formatModelUri({ kind: 'latest', name });
    items.push({ label: uri, description: vscode.l10n.t('highest version, now {0}', top.version), value: uri });
  }
  if (items.length === 0) throw new Error(vscode.l10n.t('{0} has no versions to serve.', name));
  return need(await pick(items, vscode.l10n.t('Serve {0}', name), vscode.l10n.t('Which models:/ URI to serve')));
}

/**
 * Serve Model…: a terminal whose process is `mlflow models serve -m <models:/ URI>`
 * itself, started with an argument array (the terminal's shellPath is the
 * mlflow executable): no shell, on any OS, ever parses the model name. It has
 * MLFLOW_TRACKING_URI (and MLFLOW_REGISTRY_URI) set to the open registry, so
 * MLflow resolves the URI where the extension does. Saved passwords and
 * tokens are not put in the terminal's environment.
 */
export const serveModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const session = ctx.manager.session!;
  const a = argObject(arg);
  let uri: string;
  if (arg instanceof VersionNode) {
    uri = formatModelUri({ kind: 'version', name: arg.name, version: arg.version.version });
  } else if (optionalString(a, 'uri') !== undefined) {
    uri = optionalString(a, 'uri')!;
    parseModelUri(uri);
  } else {
    const name = await modelTarget(arg, backend, vscode.l10n.t('Serve Model'));
    uri = uriFromArgs(name, a) ?? (await pickServeUri(backend, name));
  }
  const port = a.port === undefined ? undefined : Number(a.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`port must be a TCP port number, not ${String(a.port)}.`);
  const envManager = optionalString(a, 'envManager');
  if (envManager !== undefined && !ENV_MANAGERS.includes(envManager)) throw new Error(`envManager must be one of ${ENV_MANAGERS.join(', ')}.`);

  const trackingUri = trackingUriOf(session.source);
  const env: Record<string, string> = { MLFLOW_TRACKING_URI: trackingUri, MLFLOW_REGISTRY_URI: trackingUri };
  if (session.insecure) env.MLFLOW_TRACKING_INSECURE_TLS = 'true';
  const args = serveArgs(uri, port, envManager);
  const cwd = session.source.kind === 'sqlite' ? dirname(session.source.path) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const found = await findMlflow({
    pathEnv: process.env.PATH,
    platform: process.platform,
    pythonEnvironment: await selectedPythonEnvironment(vscode.workspace.workspaceFolders?.[0]?.uri),
    configured: readMlflowPath(),
  }).catch((e: unknown) => {
    if (!(e instanceof MlflowPathRefused)) throw e;
    throw new Error(
      e.reason === 'not-executable'
        ? vscode.l10n.t('The setting mlflowRegistry.serve.mlflowPath names {0}, which is not an executable file given by its full path.', e.path)
        : vscode.l10n.t('The setting mlflowRegistry.serve.mlflowPath must name an .exe file ({0} would run through cmd.exe).', e.path),
    );
  });
  if (!found) {
    throw new Error(
      process.platform === 'win32'
        ? vscode.l10n.t(
            'Serve Model needs MLflow\'s "mlflow" command, and it is not on PATH (as mlflow.exe) nor in the Python environment selected in the Python extension. Install MLflow (pip install mlflow) in an environment VS Code sees, or select that environment with "Python: Select Interpreter", then serve again.',
          )
        : vscode.l10n.t(
            'Serve Model needs MLflow\'s "mlflow" command, and it is not on PATH nor in the Python environment selected in the Python extension. Install MLflow (pip install mlflow) in an environment VS Code sees, or select that environment with "Python: Select Interpreter", then serve again.',
          ),
    );
  }
  // For the log and the result only: what runs is the executable with `args`, not this text.
  const command = ['mlflow', ...args].join(' ');
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('MLflow: serve {0}', uri), shellPath: found.executable, shellArgs: args, env, cwd });
  terminal.show();
  log().info(
    `Serving ${uri}: ${found.executable} (from ${found.from}) with arguments ${JSON.stringify(args)} (MLFLOW_TRACKING_URI=${session.source.kind === 'remote' ? session.backend.location : trackingUri})`,
  );

  if (session.source.kind === 'remote') {
    const url = session.source.url;
    const saved = ctx.manager.saved().find((e) => e.kind === 'remote' && e.uri === remoteId(url));
    if (saved && saved.auth !== 'none') {
      void info(
        saved.auth === 'basic'
          ? vscode.l10n.t(
              'The terminal does not get the password saved in VS Code: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD there, or use ~/.mlflow/credentials.',
            )
          : vscode.l10n.t('The terminal does not get the token saved in VS Code: set MLFLOW_TRACKING_TOKEN there, or use ~/.mlflow/credentials.'),
      );
    }
  }
  return { uri, trackingUri, executable: found.executable, args, command, terminalName: terminal.name };
};
