import * as vscode from 'vscode';
import { invalidParameter, MlflowError } from '../core/errors';
import type { PromptOperations } from '../core/promptApi';
import type { PromptVersion } from '../core/prompts';
import { newVersionFrom, parseEditedTemplate } from '../core/promptText';
import type { PyJson } from '../core/pythonJson';
import { parseVersion } from '../core/validation';
import { promptDraftUri, promptVersionUri } from '../pages/promptDocuments';
import { pick, type PickItem } from '../vscode/ui';
import { requireBackend, type CommandContext, type Handler } from './commandContext';
import { argObject, need, optionalString, type CommandArg } from './targets';

/** The open registry's prompts; a registry without them says so. */
function promptsOf(ctx: CommandContext): PromptOperations {
  const backend = requireBackend(ctx);
  if (!backend.prompts) throw new MlflowError('INVALID_STATE', vscode.l10n.t('This registry cannot hold MLflow prompts.'));
  return backend.prompts;
}

async function promptName(prompts: PromptOperations, arg: CommandArg, title: string): Promise<string> {
  const given = optionalString(argObject(arg), 'name');
  if (given !== undefined) return given;
  const items = prompts.searchPrompts().then((page) =>
    page.items.map<PickItem<string>>((p) => ({
      label: p.name,
      description: Object.keys(p.aliases)
        .map((a) => `@${a}`)
        .join(' '),
      value: p.name,
    })),
  );
  return need(await pick(items, title, vscode.l10n.t('Prompt')));
}

async function pickPromptVersion(versions: PromptVersion[], title: string, placeHolder: string): Promise<string> {
  const items = versions.map<PickItem<string>>((v) => ({
    label: vscode.l10n.t('Version {0}', v.version),
    description: v.aliases.map((a) => `@${a}`).join(' '),
    detail: v.commitMessage ?? undefined,
    value: v.version,
  }));
  return need(await pick(items, title, placeHolder));
}

/** `version`, else `alias`, else the latest version. */
async function resolveVersion(prompts: PromptOperations, name: string, obj: Record<string, unknown>, versionKey = 'version'): Promise<PromptVersion> {
  const version = optionalString(obj, versionKey);
  if (version !== undefined) return prompts.getPromptVersion(name, String(parseVersion(version)));
  return prompts.getPromptVersionByAlias(name, optionalString(obj, 'alias') ?? 'latest');
}

/** `{ name, version? | alias?, preserveFocus? }` → the page's target. */
export const openPrompt: Handler = async (ctx, arg) => {
  const prompts = promptsOf(ctx);
  const name = await promptName(prompts, arg, vscode.l10n.t('Open Prompt'));
  const v = await resolveVersion(prompts, name, argObject(arg));
  const page = await ctx.pages.open({ kind: 'prompt', name, version: v.version }, { preserveFocus: argObject(arg).preserveFocus === true });
  return page.target;
};

/** `{ name, left?, right? }` → the two documents' URIs, as strings. */
export const comparePromptVersions: Handler = async (ctx, arg) => {
  const prompts = promptsOf(ctx);
  const registry = ctx.manager.session!.identity.key;
  const title = vscode.l10n.t('Compare Prompt Versions');
  const name = await promptName(prompts, arg, title);
  const obj = argObject(arg);
  const versions = await prompts.listPromptVersions(name);
  const left = optionalString(obj, 'left') ?? (await pickPromptVersion(versions, title, vscode.l10n.t('The older side of the diff')));
  const right =
    optionalString(obj, 'right') ??
    (await pickPromptVersion(
      versions.filter((v) => v.version !== String(parseVersion(left))),
      title,
      vscode.l10n.t('Compare {0} version {1} with…', name, left),
    ));
  // Both read now: a missing version fails here with MLflow's message, not as an empty diff.
  const [l, r] = await Promise.all([prompts.getPromptVersion(name, left), prompts.getPromptVersion(name, right)]);
  const leftUri = promptVersionUri(registry, name, l.version);
  const rightUri = promptVersionUri(registry, name, r.version);
  await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, vscode.l10n.t('{0}: version {1} ↔ version {2}', name, l.version, r.version), {
    preview: false,
  });
  return { left: leftUri.toString(), right: rightUri.toString() };
};

/** A template given as an argument: a string (a chat prompt's as JSON messages) or a list of messages. */
function givenTemplate(base: PromptVersion, template: unknown): string | PromptVersion['template'] {
  if (Array.isArray(template)) return parseEditedTemplate('chat', JSON.stringify(template));
  if (typeof template !== 'string') throw invalidParameter(vscode.l10n.t("Argument 'template' must be a string or a list of messages."));
  return parseEditedTemplate(base.type, template);
}

/**
 * `{ name, template?, commitMessage?, basedOn?, responseFormat?, modelConfig? }`. With a template:
 * registers a new version from it (the base's type, response format and model
 * config unless given) and returns `{ name, version }`. Without: opens the
 * base's template in an editor whose save registers a new version; returns its URI.
 */
export const registerPromptVersion: Handler = async (ctx, arg) => {
  const prompts = promptsOf(ctx);
  const registry = ctx.manager.session!.identity.key;
  const name = await promptName(prompts, arg, vscode.l10n.t('Edit Prompt Template'));
  const obj = argObject(arg);
  const base = await resolveVersion(prompts, name, obj, 'basedOn');
  if (obj.template !== undefined) {
    const req = newVersionFrom(base, givenTemplate(base, obj.template), optionalString(obj, 'commitMessage'));
    if (obj.responseFormat !== undefined) req.responseFormat = obj.responseFormat as PyJson;
    if (obj.modelConfig !== undefined) req.modelConfig = obj.modelConfig as PyJson;
    const created = await prompts.registerPrompt(req);
    return { name: created.name, version: created.version };
  }
  const uri = promptDraftUri(registry, base);
  const doc = await vscode.workspace.openTextDocument(uri);
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const fromPage = input instanceof vscode.TabInputWebview && /mlflowRegistry\.prompt$/.test(input.viewType);
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: fromPage ? vscode.ViewColumn.Beside : undefined });
  return uri.toString();
};
