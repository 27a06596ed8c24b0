import { log } from '../app/log';
import { isMlflowError } from '../core/errors';
import type { RegistryBackend } from '../core/backend';
import { STAGES, type ModelVersion, type Stage } from '../core/types';
import { formatModelUri, parseRunsUri, resolveRunsUri } from '../core/uri';
import { canonicalStage, validateAliasForSet, validateSource } from '../core/validation';
import { VersionNode } from '../tree/nodes';
import { ask, confirm, copy, info, pick, withProgress, type PickItem } from '../vscode/ui';
import { requireBackend, type Handler } from './commandContext';
import { validationMessage } from './modelCommands';
import { argObject, modelTarget, need, optionalString, pickModelName, versionTarget } from './targets';

/**
 * A source as MLflow stores it: `runs:/<id>/<path>` resolves to the run's
 * artifact location (facts §0.8), everything else is kept as given.
 */
export async function resolveSource(backend: RegistryBackend, source: string, runId: string | undefined): Promise<{ source: string; runId?: string }> {
  if (!/^runs:\//i.test(source)) return { source, runId };
  const ref = parseRunsUri(source);
  const run = await backend.getRun(ref.runId);
  if (!run.artifactUri) throw new Error(`Run ${ref.runId} has no artifact location, so ${source} cannot be resolved.`);
  return { source: resolveRunsUri(run.artifactUri, ref.artifactPath), runId: runId ?? ref.runId };
}

const NEW_MODEL = '\u0000new';

export const registerModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const a = argObject(arg);
  const rawSource =
    optionalString(a, 'source') ??
    need(await ask({ title: 'Register Model', prompt: 'Model source: a runs:/<run_id>/<path> URI or the path of a folder holding an MLmodel', placeHolder: 'runs:/…/model', validate: validationMessage(validateSource) }));
  let name = optionalString(a, 'name');
  if (name === undefined) {
    const models = await backend.searchRegisteredModels({ maxResults: 1000 });
    const items: PickItem<string>[] = [
      { label: '$(add) New model…', value: NEW_MODEL },
      ...models.items.map((m) => ({ label: m.name, description: m.aliases.map((x) => `@${x.alias}`).join(' '), value: m.name })),
    ];
    name = need(await pick(items, 'Register Model', 'Register as a new version of…'));
    if (name === NEW_MODEL) name = need(await ask({ title: 'Register Model', prompt: 'Name of the new model' }));
  }
  const { source, runId } = await resolveSource(backend, rawSource, optionalString(a, 'runId'));
  const modelName = name;
  const version = await withProgress(`Registering ${modelName}…`, async () => {
    // As mlflow.register_model: the registered model is created when it does not exist yet.
    try {
      await backend.createRegisteredModel({ name: modelName });
      log().info(`Created registered model ${modelName}`);
    } catch (e) {
      if (!isMlflowError(e, 'RESOURCE_ALREADY_EXISTS')) throw e;
    }
    return backend.createModelVersion({
      name: modelName,
      source,
      runId,
      description: optionalString(a, 'description'),
      tags: a.tags as Record<string, string> | undefined,
    });
  });
  log().info(`Registered ${modelName} version ${version.version} from ${source}`);
  ctx.tree.refreshList();
  void info(`Registered ${modelName} version ${version.version}.`, 'Copy URI').then((choice) => {
    if (choice) void copy(formatModelUri({ kind: 'version', name: modelName, version: version.version }));
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
  if (v && v.currentStage !== 'None') items.push({ label: formatModelUri({ kind: 'stage', name, stage: v.currentStage }), description: 'latest in this stage', value: formatModelUri({ kind: 'stage', name, stage: v.currentStage }) });
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
    const alias = optionalString(a, 'alias');
    const version = optionalString(a, 'version');
    const stage = optionalString(a, 'stage');
    if (alias !== undefined) uri = formatModelUri({ kind: 'alias', name, alias });
    else if (version !== undefined) uri = formatModelUri({ kind: 'version', name, version });
    else if (stage !== undefined) uri = formatModelUri({ kind: 'stage', name, stage: canonicalStage(stage) });
    else if (a.name !== undefined) uri = formatModelUri({ kind: 'latest', name });
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
