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
        title: vscode.l10n.t('Register Model'),
        prompt: vscode.l10n.t('Model source: a runs:/<run_id>/<path> URI or the path of a folder holding an MLmodel'),
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
  const name =
    arg instanceof ModelNode ? arg.name : (optionalString(a, 'name') ?? need(await pickOrNameModel(backend, vscode.l10n.t('Register {0}', rawSource))));
  const { source, runId } = await resolveSource(backend, rawSource, optionalString(a, 'runId'));
  const { version, modelCreated } = await withProgress(vscode.l10n.t('Registering {0}…', name), () =>
    registerVersionLikeMlflow(backend, { name, source, runId, description: optionalString(a, 'description'), tags }),
  );
  if (modelCreated) log().info(`Created registered model ${name}`);
  log().info(`Registered ${name} version ${version.version} from ${source}`);
  status(vscode.l10n.t('Registered {0} version {1}', name, version.version));
  if (a.name === undefined) void ctx.tree.revealVersion(ctx.treeView, name, version.version).catch(() => undefined);
  const openVersion = vscode.l10n.t('Open Version');
  const copyUri = vscode.l10n.t('Copy URI');
  void info(vscode.l10n.t('Registered {0} version {1}.', name, version.version), openVersion, copyUri).then((choice) => {
    if (choice === copyUri) void copy(formatModelUri({ kind: 'version', name, version: version.version }));
    if (choice === openVersion) void openOrRevealVersion(ctx, name, version.version);
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
  const { name, version } = await versionTarget(arg, backend, vscode.l10n.t('Transition Stage'));
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
        vscode.l10n.t('Transition {0} version {1} (now {2})', name, version, current.currentStage),
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
            {
              label: vscode.l10n.t('Archive {0}', named),
              description: vscode.l10n.t('{0} version {1} becomes the only {2} version', name, version, stage),
              value: true,
            },
            { label: vscode.l10n.t('Keep {0} in {1}', others.map((v) => `v${v.version}`).join(', '), stage), value: false },
          ],
          vscode.l10n.t('Transition {0} version {1} to {2}', name, version, stage),
        ),
      );
    }
  }
  const result = await withProgress(vscode.l10n.t('Moving {0} version {1} to {2}…', name, version, stage), () =>
    backend.transitionModelVersionStage(name, version, stage, archive),
  );
  log().info(`Transitioned ${name} version ${version} from ${current.currentStage} to ${stage}${archive ? ', archiving the others' : ''}`);
  status(
    archive
      ? vscode.l10n.t('{0} version {1} is now in {2}; the others in it were archived', name, version, stage)
      : vscode.l10n.t('{0} version {1} is now in {2}', name, version, stage),
  );
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
      label:
        x.version === version
          ? vscode.l10n.t('@{0}: already on v{1}', x.alias, version)
          : vscode.l10n.t('@{0}: moves from v{1} to v{2}', x.alias, x.version, version),
      value: x.alias,
    }));
  items.push({ label: `$(add) ${vscode.l10n.t('New alias…')}`, description: vscode.l10n.t('type a name'), value: NEW_ALIAS });
  const chosen = need(
    await pick(items, vscode.l10n.t('Alias for {0} version {1}', name, version), vscode.l10n.t('An existing alias moves to this version; or create a new one')),
  );
  if (chosen !== NEW_ALIAS) return chosen;
  const taken = new Map(model.aliases.map((x) => [x.alias, x.version]));
  return need(
    await ask({
      title: vscode.l10n.t('New alias for {0} version {1}', name, version),
      prompt: vscode.l10n.t('Letters, digits, _ and -, e.g. champion or challenger'),
      validate: (v) => {
        const problem = validationMessage(validateAliasForSet)(v);
        if (problem) return problem;
        const on = taken.get(v);
        // Still allowed (setting an existing alias moves it, as in MLflow), but never silently.
        return on !== undefined && on !== version
          ? { message: vscode.l10n.t('@{0} exists: it moves from v{1} to v{2}', v, on, version), severity: vscode.InputBoxValidationSeverity.Warning }
          : undefined;
      },
    }),
  );
}

export const setAlias: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const { name, version } = await versionTarget(arg, backend, vscode.l10n.t('Set Alias'));
  const alias = optionalString(argObject(arg), 'alias') ?? (await pickAlias(backend, name, version));
  const before = (await backend.getRegisteredModel(name)).aliases.find((x) => x.alias === alias)?.version;
  await backend.setRegisteredModelAlias(name, alias, version);
  const moved = before !== undefined && before !== version;
  log().info(`Set alias @${alias} of ${name} to version ${version}${moved ? ` (moved from v${before})` : ''}`);
  status(
    moved
      ? vscode.l10n.t('@{0} of {1} now points to v{2} (moved from v{3})', alias, name, version, before)
      : vscode.l10n.t('@{0} of {1} now points to v{2}', alias, name, version),
  );
  return { name, alias, version };
};

export const deleteAlias: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const name = await modelTarget(arg, backend, vscode.l10n.t('Delete Alias'));
  let alias = optionalString(argObject(arg), 'alias');
  if (alias === undefined) {
    const model = await backend.getRegisteredModel(name);
    const onVersion = arg instanceof VersionNode ? arg.version.version : undefined;
    const aliases = model.aliases.filter((x) => onVersion === undefined || x.version === onVersion);
    if (aliases.length === 0) {
      void info(onVersion ? vscode.l10n.t('{0} has no aliases on version {1}.', name, onVersion) : vscode.l10n.t('{0} has no aliases.', name));
      return undefined;
    }
    alias = need(
      await pick(
        aliases.map((x) => ({ label: `@${x.alias}`, description: vscode.l10n.t('version {0}', x.version), value: x.alias })),
        vscode.l10n.t('Delete an alias of {0}', name),
      ),
    );
  }
  await backend.deleteRegisteredModelAlias(name, alias);
  log().info(`Deleted alias @${alias} of ${name}`);
  status(vscode.l10n.t('Deleted @{0} of {1}', alias, name));
  return { name, alias };
};

export const deleteVersion: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const { name, version } = await versionTarget(arg, backend, vscode.l10n.t('Delete Version'));
  const v = await backend.getModelVersion(name, version);
  if (argObject(arg).skipConfirmation !== true) {
    const aliases = v.aliases.map((x) => `@${x}`).join(', ');
    const consequence =
      v.aliases.length > 0
        ? vscode.l10n.t(
            'This permanently deletes the version (stage {0}); its number is never reused. Its aliases {1} are removed. The artifacts in storage are not deleted.',
            v.currentStage,
            aliases,
          )
        : vscode.l10n.t(
            'This permanently deletes the version (stage {0}); its number is never reused. The artifacts in storage are not deleted.',
            v.currentStage,
          );
    // The MLflow UI refuses these outright; here it takes the version typed out.
    const serving = v.currentStage === 'Production' || v.currentStage === 'Staging';
    const ok = serving
      ? await confirmByTyping(
          vscode.l10n.t('Delete {0} version {1}, which is in {2}', name, version, v.currentStage),
          consequence,
          version,
          vscode.l10n.t('the version number'),
        )
      : await confirmDestructive(vscode.l10n.t('Delete {0} version {1}?', name, version), consequence, vscode.l10n.t('Delete version {0}', version));
    if (!ok) return false;
  }
  await withProgress(vscode.l10n.t('Deleting {0} version {1}…', name, version), () => backend.deleteModelVersion(name, version));
  log().info(`Deleted ${name} version ${version} (was ${v.currentStage})`);
  status(vscode.l10n.t('Deleted {0} version {1}', name, version));
  return true;
};

function uriChoices(name: string, v: ModelVersion | undefined, aliases: string[]): PickItem<string>[] {
  const items: PickItem<string>[] = [];
  if (v)
    items.push({
      label: formatModelUri({ kind: 'version', name, version: v.version }),
      description: vscode.l10n.t('this version'),
      value: formatModelUri({ kind: 'version', name, version: v.version }),
    });
  for (const alias of aliases)
    items.push({
      label: formatModelUri({ kind: 'alias', name, alias }),
      description: vscode.l10n.t('by alias'),
      value: formatModelUri({ kind: 'alias', name, alias }),
    });
  if (v && isKnownStage(v.currentStage) && v.currentStage !== 'None')
    items.push({
      label: formatModelUri({ kind: 'stage', name, stage: v.currentStage }),
      description: vscode.l10n.t('latest in this stage'),
      value: formatModelUri({ kind: 'stage', name, stage: v.currentStage }),
    });
  if (!v)
    items.push({
      label: formatModelUri({ kind: 'latest', name }),
      description: vscode.l10n.t('highest version'),
      value: formatModelUri({ kind: 'latest', name }),
    });
  return items;
}

export const copyModelUri: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const a = argObject(arg);
  let uri: string;
  if (arg instanceof VersionNode) {
    uri = need(
      await pick(uriChoices(arg.name, arg.version, arg.aliases), vscode.l10n.t('Copy a models:/ URI of {0} version {1}', arg.name, arg.version.version)),
    );
  } else {
    const name = await modelTarget(arg, backend, vscode.l10n.t('Copy Model URI'));
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
          vscode.l10n.t('Copy a models:/ URI of {0}', name),
        ),
      );
    }
  }
  await copy(uri);
  void info(vscode.l10n.t('Copied {0}', uri));
  return uri;
};
