import { log } from '../vscode/log';
import { isMlflowError } from '../core/errors';
import { validateNewModelName, validateTagKey } from '../core/validation';
import * as vscode from 'vscode';
import type { RegistryBackend } from '../core/backend';
import { ask, confirmByTyping, confirmDestructive, info, pick, status, withProgress } from '../vscode/ui';
import { requireBackend, type CommandContext, type Handler } from './commandContext';
import { argObject, modelOrVersionTarget, modelTarget, need, optionalString, type CommandArg } from './targets';

/** Validation errors shown while typing, so a bad name never reaches the registry. */
export function validationMessage(check: (v: string) => void): (v: string) => string | undefined {
  return (v) => {
    try {
      check(v);
      return undefined;
    } catch (e) {
      return isMlflowError(e) ? e.message : String(e);
    }
  };
}

/**
 * The name box's check as the user types: MLflow's rules at once, then
 * (debounced, and only for the latest text) whether the registry already has
 * the name, so a duplicate is said before any further step.
 */
export function newModelNameCheck(backend: RegistryBackend, current?: string): (v: string) => Promise<string | undefined> {
  const syntax = validationMessage(validateNewModelName);
  let latest = '';
  return async (v) => {
    latest = v;
    const problem = syntax(v);
    if (problem || v === current) return problem;
    await new Promise((r) => setTimeout(r, 250));
    if (latest !== v) return undefined;
    try {
      await backend.getRegisteredModel(v);
      return vscode.l10n.t("A registered model named '{0}' already exists.", v);
    } catch {
      // Not found is the good answer; anything else is left to the write, which reports it.
      return undefined;
    }
  };
}

export function parseTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error("Argument 'tags' must be an object of string values.");
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export const createModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const a = argObject(arg);
  const name =
    optionalString(a, 'name') ??
    need(await ask({ title: vscode.l10n.t('Create Model'), prompt: vscode.l10n.t('Name of the new model'), validate: newModelNameCheck(backend) }));
  const description =
    a.name !== undefined
      ? optionalString(a, 'description')
      : await ask({ title: vscode.l10n.t('Create {0}', name), prompt: vscode.l10n.t('Description (Markdown, optional)') });
  const model = await withProgress(vscode.l10n.t('Creating {0}…', name), () =>
    backend.createRegisteredModel({ name, description: description || undefined, tags: parseTags(a.tags) }),
  );
  log().info(`Created registered model ${name}`);
  status(vscode.l10n.t('Created registered model {0}', name));
  return model;
};

export const renameModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const name = await modelTarget(arg, backend, vscode.l10n.t('Rename Model'));
  const newName =
    optionalString(argObject(arg), 'newName') ??
    need(
      await ask({
        title: vscode.l10n.t('Rename {0}', name),
        prompt: vscode.l10n.t('New name; versions, tags and aliases move with it'),
        value: name,
        validate: newModelNameCheck(backend, name),
      }),
    );
  if (newName === name) return backend.getRegisteredModel(name);
  const model = await withProgress(vscode.l10n.t('Renaming {0}…', name), () => backend.renameRegisteredModel(name, newName));
  log().info(`Renamed ${name} to ${newName}`);
  status(vscode.l10n.t('Renamed {0} to {1}', name, newName));
  return model;
};

export const editDescription: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const target = await modelOrVersionTarget(arg, backend, vscode.l10n.t('Edit Description'));
  const a = argObject(arg);
  let description: string | undefined = 'description' in a ? (optionalString(a, 'description') ?? '') : undefined;
  if (description === undefined) {
    const current = target.version
      ? (await backend.getModelVersion(target.name, target.version)).description
      : (await backend.getRegisteredModel(target.name)).description;
    // A one-line box cannot show more than one line: those descriptions are edited as a document.
    if (current?.includes('\n')) {
      return vscode.commands.executeCommand(
        'mlflowRegistry.openDescription',
        target.version !== undefined ? { name: target.name, version: target.version } : { name: target.name },
      );
    }
    description = need(
      await ask({
        title: vscode.l10n.t('Description of {0}', label(target)),
        prompt: vscode.l10n.t('One line of Markdown; for more lines, use "Edit Description in Editor"'),
        value: current ?? '',
      }),
    );
  }
  const value = description === '' ? null : description;
  const result = target.version
    ? await backend.updateModelVersion(target.name, target.version, value)
    : await backend.updateRegisteredModel(target.name, value);
  log().info(`Updated the description of ${label(target)}`);
  status(vscode.l10n.t('Saved the description of {0}', label(target)));
  return result;
};

export const setTag: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const target = await modelOrVersionTarget(arg, backend, vscode.l10n.t('Set Tag'));
  const a = argObject(arg);
  const key =
    optionalString(a, 'key') ??
    need(await ask({ title: vscode.l10n.t('Set a tag on {0}', label(target)), prompt: vscode.l10n.t('Tag key'), validate: validationMessage(validateTagKey) }));
  const value =
    optionalString(a, 'value') ?? need(await ask({ title: vscode.l10n.t('Set {0} on {1}', key, label(target)), prompt: vscode.l10n.t('Tag value') }));
  if (target.version) await backend.setModelVersionTag(target.name, target.version, key, value);
  else await backend.setRegisteredModelTag(target.name, key, value);
  log().info(`Set tag ${key} on ${label(target)}`);
  status(vscode.l10n.t('Set tag {0} on {1}', key, label(target)));
  return { key, value };
};

export const deleteTag: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const target = await modelOrVersionTarget(arg, backend, vscode.l10n.t('Delete Tag'));
  let key = optionalString(argObject(arg), 'key');
  if (key === undefined) {
    const tags = target.version ? (await backend.getModelVersion(target.name, target.version)).tags : (await backend.getRegisteredModel(target.name)).tags;
    const keys = Object.entries(tags);
    if (keys.length === 0) {
      void info(vscode.l10n.t('{0} has no tags.', label(target)));
      return undefined;
    }
    key = need(
      await pick(
        keys.map(([k, v]) => ({ label: k, description: v, value: k })),
        vscode.l10n.t('Delete a tag of {0}', label(target)),
      ),
    );
  }
  if (target.version) await backend.deleteModelVersionTag(target.name, target.version, key);
  else await backend.deleteRegisteredModelTag(target.name, key);
  log().info(`Deleted tag ${key} of ${label(target)}`);
  status(vscode.l10n.t('Deleted tag {0} of {1}', key, label(target)));
  return { key };
};

export const deleteModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const name = await modelTarget(arg, backend, vscode.l10n.t('Delete Model'));
  const model = await backend.getRegisteredModel(name);
  const versions = await ctx.manager.session!.versionCount(name);
  const counts = [versions, Object.keys(model.tags).length, model.aliases.length];
  const consequence =
    versions === 1
      ? vscode.l10n.t(
          'This permanently deletes the model, its {0} version, {1} tag(s) and {2} alias(es). It cannot be undone. The artifacts in storage are not deleted.',
          ...counts,
        )
      : vscode.l10n.t(
          'This permanently deletes the model, its {0} versions, {1} tag(s) and {2} alias(es). It cannot be undone. The artifacts in storage are not deleted.',
          ...counts,
        );
  // A model with versions takes its name typed out; an empty one a plain (Cancel-first) yes.
  const confirmed =
    argObject(arg).skipConfirmation === true ||
    (versions > 0
      ? await confirmByTyping(
          versions === 1
            ? vscode.l10n.t("Delete registered model '{0}' and its {1} version", name, versions)
            : vscode.l10n.t("Delete registered model '{0}' and its {1} versions", name, versions),
          consequence,
          name,
          vscode.l10n.t('the model name'),
        )
      : await confirmDestructive(vscode.l10n.t("Delete registered model '{0}'?", name), consequence, vscode.l10n.t('Delete model')));
  if (!confirmed) return false;
  await withProgress(vscode.l10n.t('Deleting {0}…', name), () => backend.deleteRegisteredModel(name));
  log().info(`Deleted registered model ${name}`);
  status(vscode.l10n.t('Deleted registered model {0}', name));
  return true;
};

export function label(target: { name: string; version?: string }): string {
  return target.version ? vscode.l10n.t('{0} version {1}', target.name, target.version) : target.name;
}

export type { CommandArg, CommandContext };
