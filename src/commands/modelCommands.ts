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
      return `A registered model named '${v}' already exists.`;
    } catch {
      // Not found is the good answer; anything else is left to the write, which reports it.
      return undefined;
    }
  };
}

function parseTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error("Argument 'tags' must be an object of string values.");
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export const createModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const a = argObject(arg);
  const name = optionalString(a, 'name') ?? need(await ask({ title: 'Create Model', prompt: 'Name of the new model', validate: newModelNameCheck(backend) }));
  const description =
    a.name !== undefined ? optionalString(a, 'description') : await ask({ title: `Create ${name}`, prompt: 'Description (Markdown, optional)' });
  const model = await withProgress(`Creating ${name}…`, () =>
    backend.createRegisteredModel({ name, description: description || undefined, tags: parseTags(a.tags) }),
  );
  log().info(`Created registered model ${name}`);
  status(`Created registered model ${name}`);
  return model;
};

export const renameModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const name = await modelTarget(arg, backend, 'Rename Model');
  const newName =
    optionalString(argObject(arg), 'newName') ??
    need(
      await ask({
        title: `Rename ${name}`,
        prompt: 'New name; versions, tags and aliases move with it',
        value: name,
        validate: newModelNameCheck(backend, name),
      }),
    );
  if (newName === name) return backend.getRegisteredModel(name);
  const model = await withProgress(`Renaming ${name}…`, () => backend.renameRegisteredModel(name, newName));
  log().info(`Renamed ${name} to ${newName}`);
  status(`Renamed ${name} to ${newName}`);
  return model;
};

export const editDescription: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const target = await modelOrVersionTarget(arg, backend, 'Edit Description');
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
        title: `Description of ${label(target)}`,
        prompt: 'One line of Markdown; for more lines, use "Edit Description in Editor"',
        value: current ?? '',
      }),
    );
  }
  const value = description === '' ? null : description;
  const result = target.version
    ? await backend.updateModelVersion(target.name, target.version, value)
    : await backend.updateRegisteredModel(target.name, value);
  log().info(`Updated the description of ${label(target)}`);
  status(`Saved the description of ${label(target)}`);
  return result;
};

export const setTag: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const target = await modelOrVersionTarget(arg, backend, 'Set Tag');
  const a = argObject(arg);
  const key =
    optionalString(a, 'key') ?? need(await ask({ title: `Set a tag on ${label(target)}`, prompt: 'Tag key', validate: validationMessage(validateTagKey) }));
  const value = optionalString(a, 'value') ?? need(await ask({ title: `Set ${key} on ${label(target)}`, prompt: 'Tag value' }));
  if (target.version) await backend.setModelVersionTag(target.name, target.version, key, value);
  else await backend.setRegisteredModelTag(target.name, key, value);
  log().info(`Set tag ${key} on ${label(target)}`);
  status(`Set tag ${key} on ${label(target)}`);
  return { key, value };
};

export const deleteTag: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const target = await modelOrVersionTarget(arg, backend, 'Delete Tag');
  let key = optionalString(argObject(arg), 'key');
  if (key === undefined) {
    const tags = target.version ? (await backend.getModelVersion(target.name, target.version)).tags : (await backend.getRegisteredModel(target.name)).tags;
    const keys = Object.entries(tags);
    if (keys.length === 0) {
      void info(`${label(target)} has no tags.`);
      return undefined;
    }
    key = need(
      await pick(
        keys.map(([k, v]) => ({ label: k, description: v, value: k })),
        `Delete a tag of ${label(target)}`,
      ),
    );
  }
  if (target.version) await backend.deleteModelVersionTag(target.name, target.version, key);
  else await backend.deleteRegisteredModelTag(target.name, key);
  log().info(`Deleted tag ${key} of ${label(target)}`);
  status(`Deleted tag ${key} of ${label(target)}`);
  return { key };
};

export const deleteModel: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const name = await modelTarget(arg, backend, 'Delete Model');
  const model = await backend.getRegisteredModel(name);
  const versions = await ctx.manager.session!.versionCount(name);
  const consequence =
    `This permanently deletes the model, its ${versions} version${versions === 1 ? '' : 's'}, ` +
    `${Object.keys(model.tags).length} tag(s) and ${model.aliases.length} alias(es). It cannot be undone. The artifacts in storage are not deleted.`;
  // A model with versions takes its name typed out; an empty one a plain (Cancel-first) yes.
  const confirmed =
    argObject(arg).skipConfirmation === true ||
    (versions > 0
      ? await confirmByTyping(`Delete registered model '${name}' and its ${versions} version${versions === 1 ? '' : 's'}`, consequence, name, 'the model name')
      : await confirmDestructive(`Delete registered model '${name}'?`, consequence, 'Delete model'));
  if (!confirmed) return false;
  await withProgress(`Deleting ${name}…`, () => backend.deleteRegisteredModel(name));
  log().info(`Deleted registered model ${name}`);
  status(`Deleted registered model ${name}`);
  return true;
};

export function label(target: { name: string; version?: string }): string {
  return target.version ? `${target.name} version ${target.version}` : target.name;
}

export type { CommandArg, CommandContext };
