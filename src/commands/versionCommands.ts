import * as vscode from 'vscode';
import { log } from '../vscode/log';
import type { RegistryBackend } from '../core/backend';
import { isKnownStage, type ModelVersion, type Stage } from '../core/types';
import { formatModelUri } from '../core/uri';
import { canonicalStage, validateAliasForSet, validateSource } from '../core/validation';
import { ModelNode, VersionNode } from '../tree/nodes';
import { resolveModelFolder } from '../registry/modelFolder';
import { pickOrNameModel } from '../explorer/modelNamePick';
import { openOrRevealVersion } from '../pages/openVersion';
import { folderFromInput, registerFromFolder } from './registerFromFolder';
import { registerVersionLikeMlflow, resolveSource } from '../registry/registerVersion';
import { ask, confirmByTyping, confirmDestructive, copy, info, pick, status, withProgress, type PickItem } from '../vscode/ui';
import { requireBackend, type Handler } from './commandContext';
import { validationMessage } from './modelCommands';
import { argObject, modelTarget, need, optionalString, uriFromArgs, versionTarget } from './targets';

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
    return registerFromFolder(ctx, {
      folder: folderFromInput(folder),
      name: optionalString(a, 'name'),
      description: optionalString(a, 'description'),
      tags,
      interactive: a.name === undefined,
    });
  }
  let rawSource = optionalString(a, 'source');
  if (rawSource === undefined) {
    rawSource = need(
      await ask({
        title: 'Register Model',
        prompt: 'Model source: a runs:/<run_id>/<path> URI or the path of a folder holding an MLmodel',
        placeHolder: 'runs:/…/model',
        validate: validationMessage(validateSource),
      }),
    ).trim();
    // A typed folder with an MLmodel gets the Explorer's treatment: the run and the registry that holds it.
    if (!/^[a-z][a-z0-9+.-]*:/i.test(rawSource) && resolveModelFolder(folderFromInput(rawSource)) !== undefined) {
      return registerFromFolder(ctx, { folder: folderFromInput(rawSource), interactive: true });
    }
  }
  const backend = requireBackend(ctx);
  // From a model's context menu in the tree: a new version of that model.
  const name = arg instanceof ModelNode ? arg.name : (optionalString(a, 'name') ?? need(await pickOrNameModel(backend, `Register ${rawSource}`)));
  const { source, runId } = await resolveSource(backend, rawSource, optionalString(a, 'runId'));
  const { version, modelCreated } = await withProgress(`Registering ${name}…`, () =>
    registerVersionLikeMlflow(backend, { name, source, runId, description: optionalString(a, 'description'), tags }),
  );
  if (modelCreated) log().info(`Created registered model ${name}`);
  log().info(`Registered ${name} version ${version.version} from ${source}`);
  status(`Registered ${name} version ${version.version}`);
  if (a.name === undefined) void ctx.tree.revealVersion(ctx.treeView, name, version.version).catch(() => undefined);
  void info(`Registered ${name} version ${version.version}.`, 'Open Version', 'Copy URI').then((choice) => {
    if (choice === 'Copy URI') void copy(formatModelUri({ kind: 'version', name, version: version.version }));
    if (choice === 'Open Version') void openOrRevealVersion(ctx, name, version.version);
  });
  return version;
};

/** The order a user looks for them in: where versions go next, then where they retire. */
export const STAGE_PICK_ORDER: readonly Stage[] = ['Staging', 'Production', 'Archived', 'None'];

/** "v3 (Production, @champion)": what the archive option would move, named. The model's aliases are the reliable list (a search may not carry them). */
export function describeVersion(v: ModelVersion, modelAliases: { alias: string; version: string }[]): string {
  const aliases = modelAliases.filter((a) => a.version === v.version).map((a) => `@${a.alias}`);
  return `v${v.version} (${[v.currentStage, ...aliases].join(', ')})`;
}

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
        STAGE_PICK_ORDER.filter((s) => s !== current.currentStage).map((s) => ({ label: s, value: s })),
        `Transition ${name} version ${version} (now ${current.currentStage})`,
      ),
    );
  }
  let archive = a.archiveExistingVersions === true;
  if (a.archiveExistingVersions === undefined && a.stage === undefined && (stage === 'Production' || stage === 'Staging')) {
    const others = (await ctx.manager.session!.versionsOf(name)).filter((v) => v.currentStage === stage && v.version !== version);
    // Nothing else is in that stage: there is nothing to ask.
    if (others.length > 0) {
      const { aliases } = await backend.getRegisteredModel(name);
      const named = others.map((v) => describeVersion(v, aliases)).join(', ');
      archive = need(
        await pick(
          [
            { label: `Archive ${named}`, description: `${name} version ${version} becomes the only ${stage} version`, value: true },
            { label: `Keep ${others.map((v) => `v${v.version}`).join(', ')} in ${stage}`, value: false },
          ],
          `Transition ${name} version ${version} to ${stage}`,
        ),
      );
    }
  }
  const result = await withProgress(`Moving ${name} version ${version} to ${stage}…`, () => backend.transitionModelVersionStage(name, version, stage, archive));
  log().info(`Transitioned ${name} version ${version} from ${current.currentStage} to ${stage}${archive ? ', archiving the others' : ''}`);
  status(`${name} version ${version} is now in ${stage}${archive ? '; the others in it were archived' : ''}`);
  return result;
};

const NEW_ALIAS = '\u0000new';

/**
 * The alias to set on a version: one of the model's aliases (each saying
 * where it moves from), or a new name typed in a box that validates it.
 */
async function pickAlias(backend: RegistryBackend, name: string, version: string): Promise<string> {
  const model = await backend.getRegisteredModel(name);
  const items: PickItem<string>[] = [...model.aliases]
    .sort((x, y) => x.alias.localeCompare(y.alias))
    .map((x) => ({
      label: x.version === version ? `@${x.alias}: already on v${version}` : `@${x.alias}: moves from v${x.version} to v${version}`,
      value: x.alias,
    }));
  items.push({ label: '$(add) New alias…', description: 'type a name', value: NEW_ALIAS });
  const chosen = need(await pick(items, `Alias for ${name} version ${version}`, 'An existing alias moves to this version; or create a new one'));
  if (chosen !== NEW_ALIAS) return chosen;
  const taken = new Map(model.aliases.map((x) => [x.alias, x.version]));
  return need(
    await ask({
      title: `New alias for ${name} version ${version}`,
      prompt: 'Letters, digits, _ and -, e.g. champion or challenger',
      validate: (v) => {
        const problem = validationMessage(validateAliasForSet)(v);
        if (problem) return problem;
        const on = taken.get(v);
        // Still allowed (setting an existing alias moves it, as in MLflow), but never silently.
        return on !== undefined && on !== version
          ? { message: `@${v} exists: it moves from v${on} to v${version}`, severity: vscode.InputBoxValidationSeverity.Warning }
          : undefined;
      },
    }),
  );
}

export const setAlias: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const { name, version } = await versionTarget(arg, backend, 'Set Alias');
  const alias = optionalString(argObject(arg), 'alias') ?? (await pickAlias(backend, name, version));
  const before = (await backend.getRegisteredModel(name)).aliases.find((x) => x.alias === alias)?.version;
  await backend.setRegisteredModelAlias(name, alias, version);
  const moved = before !== undefined && before !== version ? ` (moved from v${before})` : '';
  log().info(`Set alias @${alias} of ${name} to version ${version}${moved}`);
  status(`@${alias} of ${name} now points to v${version}${moved}`);
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
    alias = need(
      await pick(
        aliases.map((x) => ({ label: `@${x.alias}`, description: `version ${x.version}`, value: x.alias })),
        `Delete an alias of ${name}`,
      ),
    );
  }
  await backend.deleteRegisteredModelAlias(name, alias);
  log().info(`Deleted alias @${alias} of ${name}`);
  status(`Deleted @${alias} of ${name}`);
  return { name, alias };
};

export const deleteVersion: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const { name, version } = await versionTarget(arg, backend, 'Delete Version');
  const v = await backend.getModelVersion(name, version);
  if (argObject(arg).skipConfirmation !== true) {
    const aliases = v.aliases.length > 0 ? ` Its aliases ${v.aliases.map((x) => `@${x}`).join(', ')} are removed.` : '';
    const consequence = `This permanently deletes the version (stage ${v.currentStage}); its number is never reused.${aliases} The artifacts in storage are not deleted.`;
    // The MLflow UI refuses these outright; here it takes the version typed out.
    const serving = v.currentStage === 'Production' || v.currentStage === 'Staging';
    const ok = serving
      ? await confirmByTyping(`Delete ${name} version ${version}, which is in ${v.currentStage}`, consequence, version, 'the version number')
      : await confirmDestructive(`Delete ${name} version ${version}?`, consequence, `Delete version ${version}`);
    if (!ok) return false;
  }
  await withProgress(`Deleting ${name} version ${version}…`, () => backend.deleteModelVersion(name, version));
  log().info(`Deleted ${name} version ${version} (was ${v.currentStage})`);
  status(`Deleted ${name} version ${version}`);
  return true;
};

function uriChoices(name: string, v: ModelVersion | undefined, aliases: string[]): PickItem<string>[] {
  const items: PickItem<string>[] = [];
  if (v)
    items.push({
      label: formatModelUri({ kind: 'version', name, version: v.version }),
      description: 'this version',
      value: formatModelUri({ kind: 'version', name, version: v.version }),
    });
  for (const alias of aliases)
    items.push({ label: formatModelUri({ kind: 'alias', name, alias }), description: 'by alias', value: formatModelUri({ kind: 'alias', name, alias }) });
  if (v && isKnownStage(v.currentStage) && v.currentStage !== 'None')
    items.push({
      label: formatModelUri({ kind: 'stage', name, stage: v.currentStage }),
      description: 'latest in this stage',
      value: formatModelUri({ kind: 'stage', name, stage: v.currentStage }),
    });
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
      uri = need(
        await pick(
          uriChoices(
            name,
            undefined,
            model.aliases.map((x) => x.alias),
          ),
          `Copy a models:/ URI of ${name}`,
        ),
      );
    }
  }
  await copy(uri);
  void info(`Copied ${uri}`);
  return uri;
};
