import { basename, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { errorText, log } from '../vscode/log';
import { SqliteRegistry } from '../backends/sqlite/sqliteRegistry';
import type { RegistryBackend } from '../core/backend';
import type { ModelVersion, Tags } from '../core/types';
import { formatModelUri } from '../core/uri';
import { requireBackend, type CommandContext } from './commandContext';
import { need } from './targets';
import { ask, copy, info, status, withProgress } from '../vscode/ui';
import { describeModelFolder, MLMODEL_FILE, resolveModelFolder, type ModelFolder } from '../registry/modelFolder';
import { pickOrNameModel } from '../explorer/modelNamePick';
import { openOrRevealVersion } from '../pages/openVersion';
import { planRegistration, registryHolds, type RegistrationPlan } from '../registry/registrationPlan';
import { registerVersionLikeMlflow } from '../registry/registerVersion';

export interface FolderRegistration {
  folder: string;
  name?: string;
  description?: string;
  tags?: Tags;
  /** Asks for what is missing (name, description); otherwise only what is given is used. */
  interactive: boolean;
}

interface TargetRegistry {
  backend: RegistryBackend;
  /** True when it is the registry open in the view. */
  active: boolean;
  location: string;
  close(): Promise<void>;
}

/**
 * "The registry that holds that run": the mlflow.db beside the folder's
 * mlruns when it has the run (opened for this operation only when it is not
 * the open one), otherwise the open registry.
 */
async function targetRegistry(ctx: CommandContext, folder: ModelFolder): Promise<TargetRegistry> {
  const session = ctx.manager.session;
  const activePath = session?.source.kind === 'sqlite' ? resolve(session.source.path) : undefined;
  const active = (): TargetRegistry => {
    const backend = requireBackend(ctx);
    return { backend, active: true, location: backend.location, close: async () => {} };
  };
  if (!folder.registryDb || resolve(folder.registryDb) === activePath) return active();
  let beside: SqliteRegistry | undefined;
  try {
    beside = await SqliteRegistry.openWhenFree(folder.registryDb, { driver: ctx.manager.sqliteDriver() });
    if (!session || (await registryHolds(beside, folder))) {
      log().info(`Registering into ${folder.registryDb}, the registry beside ${folder.mlruns}`);
      const opened = beside;
      return { backend: opened, active: false, location: folder.registryDb, close: () => opened.close() };
    }
  } catch (e) {
    log().warn(`Could not use ${folder.registryDb}: ${errorText(e)}`);
    if (!session) throw e;
  }
  await beside?.close().catch(() => {});
  return active();
}

/** "run logreg-C10 (model)", "logged model m-… of run …", or the folder. */
function describeOrigin(folder: ModelFolder, plan: RegistrationPlan): string {
  if (plan.loggedModel) {
    const id = plan.loggedModel.modelId;
    return plan.run?.runName ? vscode.l10n.t('logged model {0} of run {1}', id, plan.run.runName) : vscode.l10n.t('logged model {0}', id);
  }
  if (plan.run && folder.layout === 'run') {
    const run = plan.run.runName ?? plan.run.runId;
    return folder.runArtifactPath ? vscode.l10n.t('run {0} ({1})', run, folder.runArtifactPath) : vscode.l10n.t('run {0}', run);
  }
  return shortPath(folder.folder);
}

function shortPath(path: string): string {
  for (const wf of vscode.workspace.workspaceFolders ?? []) {
    const rel = relative(wf.uri.fsPath, path);
    if (!rel.startsWith('..') && !rel.startsWith('/')) return rel || basename(path);
  }
  return path;
}

export async function registerFromFolder(ctx: CommandContext, request: FolderRegistration): Promise<ModelVersion> {
  const modelFolder = resolveModelFolder(request.folder);
  if (modelFolder === undefined) {
    throw new Error(
      vscode.l10n.t(
        '{0} holds no {1} file, and no folder reached from it through single subfolders does, so there is no MLflow model to register.',
        request.folder,
        MLMODEL_FILE,
      ),
    );
  }
  const folder = describeModelFolder(modelFolder);
  const target = await targetRegistry(ctx, folder);
  let version: ModelVersion;
  let name: string;
  try {
    const plan = await planRegistration(target.backend, folder);
    const origin = describeOrigin(folder, plan);
    name = request.name ?? need(await pickOrNameModel(target.backend, vscode.l10n.t('Register {0}', origin)));
    let description = request.description;
    if (description === undefined && request.interactive) {
      description =
        need(
          await ask({
            title: vscode.l10n.t('Register {0} as {1}', origin, name),
            prompt: vscode.l10n.t('Description of the new version (Markdown, optional: leave empty for none)'),
          }),
        ) || undefined;
    }
    const modelName = name;
    const registration = await withProgress(vscode.l10n.t('Registering {0}…', modelName), () =>
      registerVersionLikeMlflow(target.backend, {
        name: modelName,
        source: plan.source,
        runId: plan.runId,
        modelId: plan.modelId,
        description,
        tags: request.tags,
      }),
    );
    version = registration.version;
    if (registration.modelCreated) log().info(`Created registered model ${modelName}`);
    log().info(
      `Registered ${name} version ${version.version} from ${folder.folder} (source ${plan.source}, run ${plan.runId ?? 'none'}) in ${target.location}${plan.note ? `; ${plan.note}` : ''}`,
    );
    announce(ctx, target, name, version, origin, plan.note);
    status(vscode.l10n.t('Registered {0} version {1}', name, version.version));
  } finally {
    await target.close().catch((e) => log().warn(`Closing ${target.location}: ${errorText(e)}`));
  }
  if (target.active) {
    void ctx.tree.revealVersion(ctx.treeView, name, version.version).catch((e) => log().warn(`Revealing ${name} version ${version.version}: ${errorText(e)}`));
  }
  return version;
}

function announce(ctx: CommandContext, target: TargetRegistry, name: string, version: ModelVersion, origin: string, note: string | undefined): void {
  const registered = target.active
    ? vscode.l10n.t('Registered {0} version {1} from {2}.', name, version.version, origin)
    : vscode.l10n.t('Registered {0} version {1} from {2} in {3}.', name, version.version, origin, target.location);
  const extra = note ? ` ${vscode.l10n.t('Note: {0}, so the version has no run.', note)}` : '';
  const uri = formatModelUri({ kind: 'version', name, version: version.version });
  const openVersion = vscode.l10n.t('Open Version');
  const copyUri = vscode.l10n.t('Copy URI');
  void info(`${registered}${extra}`, openVersion, copyUri).then(async (choice) => {
    if (choice === copyUri) {
      await copy(uri);
      return;
    }
    if (choice !== openVersion) return;
    try {
      // A version registered in another registry: switch to it first.
      if (!target.active) await ctx.manager.select(target.location);
      await openOrRevealVersion(ctx, name, version.version);
    } catch (e) {
      void vscode.window.showErrorMessage(errorText(e));
    }
  });
}

/** A folder typed in the palette, relative to the first workspace folder when not absolute. */
export function folderFromInput(input: string): string {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return resolve(base, input);
}
