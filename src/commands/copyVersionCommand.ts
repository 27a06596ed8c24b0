import * as vscode from 'vscode';
import type { RegistryBackend } from '../core/backend';
import type { ModelVersion, VersionRef } from '../core/types';
import { validateAliasForSet } from '../core/validation';
import { pickOrNameModel } from '../explorer/modelNamePick';
import { openOrRevealVersion } from '../pages/openVersion';
import { log } from '../vscode/log';
import { ask, info, status, withProgress } from '../vscode/ui';
import { requireBackend, type Handler } from './commandContext';
import { validationMessage } from './modelCommands';
import { argObject, need, optionalString, versionTarget, type CommandArg } from './targets';

/** The version to copy: a tree row, `{ name, version }`, `{ name, alias }`, or picked. */
async function copySource(arg: CommandArg, backend: RegistryBackend, title: string): Promise<VersionRef> {
  const a = argObject(arg);
  const name = optionalString(a, 'name');
  const alias = optionalString(a, 'alias');
  // As MLflow's client resolves models:/name@alias before it copies.
  if (name !== undefined && alias !== undefined && a.version === undefined) {
    return { name, version: (await backend.getModelVersionByAlias(name, alias)).version };
  }
  return versionTarget(arg, backend, title);
}

/** Offered after an interactive copy; an empty box or Escape sets nothing. */
async function offerAlias(name: string, version: string): Promise<string | undefined> {
  const alias = await ask({
    title: vscode.l10n.t('Alias for the copy, {0} version {1}', name, version),
    prompt: vscode.l10n.t('Type an alias to point at the copy, or press Escape to skip'),
    validate: (v) => (v.trim() === '' ? undefined : validationMessage(validateAliasForSet)(v.trim())),
  });
  return alias?.trim() || undefined;
}

/**
 * Copy Version…: MLflow's copy_model_version (docs/sqlite-store.md#copying-a-version).
 * Scripts pass `{ name, version | alias, destinationName, destinationAlias? }` and are
 * asked nothing; otherwise the destination is picked or typed, and an alias offered.
 */
export const copyVersion: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const title = vscode.l10n.t('Copy Version');
  const src = await copySource(arg, backend, title);
  const a = argObject(arg);
  const scripted = optionalString(a, 'destinationName');
  const scriptedAlias = optionalString(a, 'destinationAlias');
  // Refused before the copy, so a bad alias does not leave a copy without it.
  if (scriptedAlias !== undefined) validateAliasForSet(scriptedAlias);
  const destination = scripted ?? need(await pickOrNameModel(backend, vscode.l10n.t('Copy {0} version {1} to', src.name, src.version)));
  const copied: ModelVersion = await withProgress(vscode.l10n.t('Copying {0} version {1} to {2}…', src.name, src.version, destination), () =>
    backend.copyModelVersion(src, destination),
  );
  log().info(`Copied ${src.name} version ${src.version} to ${destination} version ${copied.version}`);
  status(vscode.l10n.t('Copied {0} version {1} to {2} version {3}', src.name, src.version, destination, copied.version));
  if (scripted === undefined) void ctx.tree.revealVersion(ctx.treeView, destination, copied.version).catch(() => undefined);
  const alias = scripted === undefined ? await offerAlias(destination, copied.version) : scriptedAlias;
  if (alias !== undefined) {
    await backend.setRegisteredModelAlias(destination, alias, copied.version);
    log().info(`Set alias @${alias} of ${destination} to version ${copied.version}`);
  }
  if (scripted === undefined) {
    const openVersion = vscode.l10n.t('Open Version');
    void info(vscode.l10n.t('Copied {0} version {1} to {2} version {3}.', src.name, src.version, destination, copied.version), openVersion).then((choice) => {
      if (choice === openVersion) void openOrRevealVersion(ctx, destination, copied.version);
    });
  }
  return alias === undefined ? copied : { ...copied, aliases: [...copied.aliases, alias] };
};
