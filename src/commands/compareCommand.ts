import * as vscode from 'vscode';
import type { RegistryBackend } from '../core/backend';
import { aliasesByVersion } from '../core/displayText';
import { invalidParameter } from '../core/errors';
import { versionsOfModel } from '../core/identity';
import { compareVersions as byVersion } from '../core/versionText';
import { checkCompareVersions, type CompareProblem } from '../pages/compareTarget';
import { MAX_COMPARED_VERSIONS, type VersionRef } from '../pages/messages';
import { VersionNode } from '../tree/nodes';
import { pickMany, type PickItem } from '../vscode/ui';
import { requireBackend, type Handler } from './commandContext';
import { argObject, need, type CommandArg } from './targets';

/** What was wrong with `versions`, naming the entry. */
function problemText(p: CompareProblem): string {
  switch (p.problem) {
    case 'notList':
      return vscode.l10n.t("Argument 'versions' must be a list of { name, version } objects.");
    case 'tooFew':
      return vscode.l10n.t("Argument 'versions' must name two or more versions to compare, got {0}.", p.count);
    case 'tooMany':
      return vscode.l10n.t("Argument 'versions' names {0} versions; at most {1} can be compared at once.", p.count, MAX_COMPARED_VERSIONS);
    case 'notObject':
      return vscode.l10n.t("Argument 'versions[{0}]' must be an object { name, version }.", p.index);
    case 'name':
      return vscode.l10n.t("Argument 'versions[{0}].name' must be a registered model's name.", p.index);
    case 'version':
      return vscode.l10n.t("Argument 'versions[{0}].version' must be a version number, got '{1}'.", p.index, p.value);
    case 'duplicate':
      return vscode.l10n.t("Argument 'versions[{0}]' names {1} version {2} a second time.", p.index, p.name, p.version);
  }
}

/** The versions selected in the tree, the clicked one included (VS Code passes it first, the whole selection second). */
function fromTree(clicked: VersionNode, more: unknown[] = []): VersionRef[] {
  const selected = Array.isArray(more[0]) ? (more[0] as unknown[]) : [clicked];
  return selected.filter((n): n is VersionNode => n instanceof VersionNode).map((n) => ({ name: n.name, version: n.version.version }));
}

/** The palette: models first (several allowed), then their versions; from one tree row, that model's versions with the row's checked. */
async function pickVersions(backend: RegistryBackend, title: string, start?: VersionRef): Promise<VersionRef[]> {
  const models = backend
    .searchRegisteredModels({ maxResults: 1000 })
    .then((page) => page.items.map<PickItem<string>>((m) => ({ label: m.name, description: m.aliases.map((a) => `@${a.alias}`).join(' '), value: m.name })));
  const names = start ? [start.name] : need(await pickMany(models, title, vscode.l10n.t('Models whose versions to compare')));
  const items = Promise.all(
    names.map(async (name) => {
      const [model, versions] = await Promise.all([backend.getRegisteredModel(name), versionsOfModel(backend, name)]);
      const aliases = aliasesByVersion(model);
      return versions
        .sort((a, b) => byVersion(b.version, a.version))
        .map<PickItem<VersionRef>>((v) => ({
          label: vscode.l10n.t('{0} version {1}', name, v.version),
          description: [v.currentStage, ...(aliases.get(v.version) ?? []).map((a) => `@${a}`)].join(' · '),
          value: { name, version: v.version },
          picked: start?.name === name && start.version === v.version,
        }));
    }),
  ).then((lists) => lists.flat());
  return need(await pickMany(items, title, vscode.l10n.t('Two or more versions to compare')));
}

function checked(raw: unknown): VersionRef[] {
  const result = checkCompareVersions(raw);
  if ('problem' in result) throw invalidParameter(problemText(result));
  return result.versions;
}

/** `{ versions: [{ name, version }, …] }` (two or more) → the page's target. */
export const compareVersions: Handler = async (ctx, arg: CommandArg, more) => {
  const backend = requireBackend(ctx);
  const title = vscode.l10n.t('Compare Versions');
  let versions: unknown;
  if (arg instanceof VersionNode) {
    const selected = fromTree(arg, more);
    versions = selected.length >= 2 ? selected : await pickVersions(backend, title, { name: arg.name, version: arg.version.version });
  } else if (arg === undefined) {
    versions = await pickVersions(backend, title);
  } else {
    versions = argObject(arg).versions;
  }
  const page = await ctx.pages.open({ kind: 'compare', versions: checked(versions) });
  return page.target;
};
