import * as vscode from 'vscode';
import { log } from '../app/log';
import type { RegistryBackend } from '../core/backend';
import { isKnownStage, STAGES, type ModelVersion, type Stage } from '../core/types';
import { formatModelUri, parseRunsUri, resolveRunsUri } from '../core/uri';
import { canonicalStage, validateAliasForSet, validateSource } from '../core/validation';
import { ModelNode, VersionNode } from '../tree/nodes';
import { isModelFolder } from '../explorer/modelFolder';
import { pickOrNameModel } from '../explorer/modelNamePick';
import { openOrRevealVersion } from '../explorer/openVersion';
import { folderFromInput, registerFromFolder } from '../explorer/registerFromFolder';
import { registerVersionLikeMlflow } from '../explorer/registerVersion';
import { ask, confirm, copy, info, pick, withProgress, type PickItem } from '../vscode/ui';
import { requireBackend, type Handler } from './commandContext';
import { validationMessage } from './modelCommands';
import { argObject, modelTarget, need, optionalString, pickModelName, uriFromArgs, versionTarget } from './targets';

/**
 * A source as MLflow stores it: `runs:/<id>/<path>` resolves to the run's
 * artifact location (docs/uris.md#what-a-version-source-holds), everything else is kept as given.
 */
export async function resolveSource(backend: RegistryBackend, source: string, runId: string | undefined): Promise<{ source: string; runId?: string }> {
  if (!/^runs:\//i.test(source)) return { source, runId };
  const ref = parseRunsUri(source);
  const run = await backend.getRun(ref.runId);
  if (!run.artifactUri) throw new Error(`Run ${ref.runId} has no artifact location, so ${source} cannot be resolved.`);
  return { source: resolveRunsUri(run.artifactUri, ref.artifactPath), runId: runId ?? ref.runId };
}

/**
 * Register Model…: from a folder holding an MLmodel (the Explorer's context
 * menu passes its Uri; scripts pass `{ folder }`; a folder path typed in the
 * palette), or from a source (`runs:/<run_id>/<path>` or a path, kept as given).
 */
export const registerModel: Handler = async (ctx, arg) => {
  if (arg instanceof vscode.Uri) return registerFromFolder(ctx, { folder: arg.fsPath, interactive: true });
  const a = argObject(arg);
  const tags = a.tags as Record<string, string> | undefined;
  const folder = optionalString(a, 'folder');
  if (folder !== undefined) {
    return registerFromFolder(ctx, { folder: folderFromInput(folder), name: optionalString(a, 'name'), description: optionalString(a, 'description'), tags, interactive: a.name === undefined });
  }
  let rawSource = optionalString(a, 'source');
  if (rawSource === undefined) {
    rawSource = need(await ask({ title: 'Register Model', prompt: 'Model source: a runs:/<run_id>/<path> URI or the path of a folder holding an MLmodel', placeHolder: 'runs:/…/model', validate: validationMessage(validateSource) })).trim();
    // A typed folder with an MLmodel gets the Explorer's treatment: the run and the registry that holds it.
    if (!/^[a-z][a-z0-9+.-]*:/i.test(rawSource) && isModelFolder(folderFromInput(rawSource))) {
      return registerFromFolder(ctx, { folder: folderFromInput(rawSource), interactive: true });
    }
  }
  const backend = requireBackend(ctx);
  // From a model's context menu in the tree: a new version of that model.
  const name = arg instanceof ModelNode ? arg.name : (optionalString(a, 'name') ?? need(await pickOrNameModel(backend, `Register ${rawSource}`)));
  const { source, runId } = await resolveSource(backend, rawSource, optionalString(a, 'runId'));
  const version = await withProgress(`Registering ${name}…`, () =>
    registerVersionLikeMlflow(backend, { name, source, runId, description: optionalString(a, 'description'), tags }),
  );
  log().info(`Registered ${name} version ${version.version} from ${source}`);
  ctx.tree.refreshList();
  if (a.name === undefined) void ctx.tree.revealVersion(ctx.treeView, name, version.version).catch(() => undefined);
  void info(`Registered ${name} version ${version.version}.`, 'Open Version', 'Copy URI').then((choice) => {
    if (choice === 'Copy URI') void copy(formatModelUri({ kind: 'version', name, version: version.version }));
    if (choice === 'Open Version') void openOrRevealVersion(ctx, name, version.version);
  });
  return version;
};

export const transitionStage: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const { name, version } = await versionTarget(arg, backend, 'Transition Stage');
  const a = argObject(arg);
  const current = arg instanceof VersionNode ? arg.version : await backend.getModelVersion(name, version);
  let stage: Stage;
  const requested = optionalString(a, 'stage');
  if (requested !== undefined) {
    stage = canonicalStage(requested);
  } else {
    stage = need(
      await pick(
        STAGES.filter((s) => s !== current.currentStage).map((s) => ({ label: s, description: s === 'Archived' ? '' : '', value: s })),
        `Transition ${name} version ${version} (now ${current.currentStage})`,
      ),
    );
  }
  let archive = a.archiveExistingVersions === true;
  if (a.archiveExistingVersions === undefined && a.stage === undefined && (stage === 'Production' || stage === 'Staging')) {
    archive = need(
      await pick(
        [
          { label: `Archive the other ${stage} versions`, value: true },
          { label: `Keep the other ${stage} versions in ${stage}`, value: false },
        ],
        `Transition to ${stage}`,
      ),
    );
  }
  const result = await withProgress(`Moving ${name} version ${version} to ${stage}…`, () => backend.transitionModelVersionStage(name, version, stage, archive));
  log().info(`Transitioned ${name} version ${version} from ${current.currentStage} to ${stage}${archive ? ', archiving the others' : ''}`);
  await ctx.tree.refreshModel(name);
  return result;
};

export const setAlias: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const { name, version } = await versionTarget(arg, backend, 'Set Alias');
  const alias =
    optionalString(argObject(arg), 'alias') ??
    need(await ask({ title: `Alias for ${name} version ${version}`, prompt: 'An existing alias moves to this version', placeHolder: 'champion', validate: validationMessage(validateAliasForSet) }));
  await backend.setRegisteredModelAlias(name, alias, version);
  log().info(`Set alias @${alias} of ${name} to version ${version}`);
  await ctx.tree.refreshModel(name);
  return { name, alias, version };
};

export const deleteAlias: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const name = await modelTarget(arg, backend, 'Delete Alias');
  let alias = optionalString(argObject(arg), 'alias');
  if (alias === undefined) {
    const model = await backend.getRegisteredModel(name);
    const onVersion = arg instanceof VersionNode ? arg.version.version : undefined;
    const aliases = model.aliases.filter((x) => onVersion === undefined || x.version === onVersion);
    if (aliases.length === 0) {
      void info(`${name} has no aliases${onVersion ? ` on version ${onVersion}` : ''}.`);
      return undefined;
    }
    alias = need(await pick(aliases.map((x) => ({ label: `@${x.alias}`, description: `version ${x.version}`, value: x.alias })), `Delete an alias of ${name}`));
  }
  await backend.deleteRegisteredModelAlias(name, alias);
  log().info(`Deleted alias @${alias} of ${name}`);
  await ctx.tree.refreshModel(name);
  return { name, alias };
};

export const deleteVersion: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const { name, version } = await versionTarget(arg, backend, 'Delete Version');
  const v = await backend.getModelVersion(name, version);
  if (argObject(arg).skipConfirmation !== true) {
    const aliases = v.aliases.length > 0 ? ` Its aliases ${v.aliases.map((x) => `@${x}`).join(', ')} are removed.` : '';
    const ok = await confirm(
      `Delete ${name} version ${version}?`,
      `This permanently deletes the version (stage ${v.currentStage}) from the registry. It cannot be undone, and its number is never reused.${aliases} The artifacts in storage are not deleted.`,
      'Delete Version',
    );
    if (!ok) return false;
    // The MLflow UI refuses these outright; here it takes a second, explicit yes.
    if (v.currentStage === 'Production' || v.currentStage === 'Staging') {
      const sure = await confirm(
        `${name} version ${version} is in ${v.currentStage}.`,
        `Versions in ${v.currentStage} are usually serving or about to; the MLflow UI does not allow deleting them. Delete it anyway?`,
        `Delete ${v.currentStage} Version`,
      );
      if (!sure) return false;
    }
  }
  await withProgress(`Deleting ${name} version ${version}…`, () => backend.deleteModelVersion(name, version));
  log().info(`Deleted ${name} version ${version} (was ${v.currentStage})`);
  await ctx.tree.refreshModel(name);
  return true;
};

function uriChoices(name: string, v: ModelVersion | undefined, aliases: string[]): PickItem<string>[] {
  const items: PickItem<string>[] = [];
  if (v) items.push({ label: formatModelUri({ kind: 'version', name, version: v.version }), description: 'this version', value: formatModelUri({ kind: 'version', name, version: v.version }) });
  for (const alias of aliases) items.push({ label: formatModelUri({ kind: 'alias', name, alias }), description: 'by alias', value: formatModelUri({ kind: 'alias', name, alias }) });
  if (v && isKnownStage(v.currentStage) && v.currentStage !== 'None') items.push({ label: formatModelUri({ kind: 'stage', name, stage: v.currentStage }), description: 'latest in this stage', value: formatModelUri({ kind: 'stage', name, stage: v.currentStage }) });
  if (!v) items.push({ label: formatModelUri({ kind: 'latest', name }), description: 'highest version', value: formatModelUri({ kind: 'latest', name }) });
  return items;
}

export const copyModelUri: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const a = argObject(arg);
  let uri: string;
  if (arg instanceof VersionNode) {
    uri = need(await pick(uriChoices(arg.name, arg.version, arg.aliases), `Copy a models:/ URI of ${arg.name} version ${arg.version.version}`));
  } else {
    const name = await modelTarget(arg, backend, 'Copy Model URI');
    const named = uriFromArgs(name, a);
    if (named !== undefined) uri = named;
    else {
      const model = await backend.getRegisteredModel(name);
      uri = need(await pick(uriChoices(name, undefined, model.aliases.map((x) => x.alias)), `Copy a models:/ URI of ${name}`));
    }
  }
  await copy(uri);
  void info(`Copied ${uri}`);
  return uri;
};

export { pickModelName };
