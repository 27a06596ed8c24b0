import * as vscode from 'vscode';
import type { RegistryBackend } from '../core/backend';
import { aliasesByVersion } from '../core/displayText';
import { descriptionExcerpt } from '../core/excerpt';
import { versionsOfModel } from '../core/identity';
import { stageRank } from '../core/types';
import { compareVersions } from '../core/versionText';
import { formatModelUri } from '../core/uri';
import { canonicalStage } from '../core/validation';
import { GroupNode, ModelNode, TreeNode, VersionNode } from '../tree/nodes';
import type { PromptNode, PromptVersionNode } from '../tree/promptNodes';
import { pick, type PickItem } from '../vscode/ui';

/**
 * Every command takes its target three ways: a tree node (context menu), an
 * argument object (keybindings, scripts, tests), or nothing (palette), in
 * which case it asks.
 */
export type CommandArg = ModelNode | VersionNode | GroupNode | PromptNode | PromptVersionNode | Record<string, unknown> | undefined;

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export function argObject(arg: CommandArg): Record<string, unknown> {
  return arg && !(arg instanceof TreeNode) ? arg : {};
}

export function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new Error(`Argument '${key}' must be a string, got ${typeof v}.`);
  return v;
}

export function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

export async function pickModelName(backend: RegistryBackend, title: string): Promise<string> {
  const items = backend.searchRegisteredModels({ maxResults: 1000 }).then((page) =>
    page.items.map<PickItem<string>>((m) => ({
      label: m.name,
      description: m.aliases.map((a) => `@${a.alias}`).join(' '),
      value: m.name,
    })),
  );
  return need(await pick(items, title, vscode.l10n.t('Registered model')));
}

export async function pickVersion(backend: RegistryBackend, name: string, title: string): Promise<string> {
  const [model, versions] = await Promise.all([backend.getRegisteredModel(name), versionsOfModel(backend, name)]);
  const aliases = aliasesByVersion(model);
  const items = versions
    .sort((a, b) => stageRank(a.currentStage) - stageRank(b.currentStage) || compareVersions(b.version, a.version))
    .map<PickItem<string>>((v) => ({
      label: vscode.l10n.t('Version {0}', v.version),
      description: [v.currentStage, ...(aliases.get(v.version) ?? []).map((a) => `@${a}`)].join(' · '),
      detail: descriptionExcerpt(v.description, 120) || undefined,
      value: v.version,
    }));
  return need(await pick(items, title, vscode.l10n.t('Version of {0}', name)));
}

/** The model a command acts on. */
export async function modelTarget(arg: CommandArg, backend: RegistryBackend, title: string): Promise<string> {
  if (arg instanceof ModelNode || arg instanceof VersionNode) return arg.name;
  if (arg instanceof GroupNode) return arg.model.name;
  return optionalString(argObject(arg), 'name') ?? (await pickModelName(backend, title));
}

/** The version a command acts on. */
export async function versionTarget(arg: CommandArg, backend: RegistryBackend, title: string): Promise<{ name: string; version: string }> {
  if (arg instanceof VersionNode) return { name: arg.name, version: arg.version.version };
  const name = await modelTarget(arg, backend, title);
  const version = optionalString(argObject(arg), 'version') ?? (await pickVersion(backend, name, title));
  return { name, version };
}

/** A model or, when the target is a version, that version (tags and descriptions live on both). */
export async function modelOrVersionTarget(arg: CommandArg, backend: RegistryBackend, title: string): Promise<{ name: string; version?: string }> {
  if (arg instanceof VersionNode) return { name: arg.name, version: arg.version.version };
  const name = await modelTarget(arg, backend, title);
  return { name, version: optionalString(argObject(arg), 'version') };
}

/**
 * The models:/ URI an argument object names: `{ alias }`, `{ version }`,
 * `{ stage }`, or, with only `{ name }`, the latest version. Undefined when the
 * command was not given a name and should ask instead.
 */
export function uriFromArgs(name: string, a: Record<string, unknown>): string | undefined {
  const alias = optionalString(a, 'alias');
  const version = optionalString(a, 'version');
  const stage = optionalString(a, 'stage');
  if (alias !== undefined) return formatModelUri({ kind: 'alias', name, alias });
  if (version !== undefined) return formatModelUri({ kind: 'version', name, version });
  if (stage !== undefined) return formatModelUri({ kind: 'stage', name, stage: canonicalStage(stage) });
  if (a.name !== undefined) return formatModelUri({ kind: 'latest', name });
  return undefined;
}
