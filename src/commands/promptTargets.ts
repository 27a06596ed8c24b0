import * as vscode from 'vscode';
import { MlflowError } from '../core/errors';
import type { PromptOperations } from '../core/promptApi';
import { PromptNode, PromptVersionNode } from '../tree/promptNodes';
import { pick, type PickItem } from '../vscode/ui';
import { requireBackend, type CommandContext } from './commandContext';
import { argObject, need, optionalString, type CommandArg } from './targets';

/** The open registry's prompts, or a message saying why it has none. */
export async function requirePrompts(ctx: CommandContext): Promise<PromptOperations> {
  const backend = requireBackend(ctx);
  // Checked before any write: a prompt put in a pre-MLflow 3 file is one its own MLflow never shows.
  if (!backend.prompts || !(await backend.prompts.holdsPrompts())) {
    throw new MlflowError('INVALID_STATE', vscode.l10n.t('Prompts need MLflow 3: {0} predates MLflow 3 and holds no prompts.', backend.location));
  }
  return backend.prompts;
}

async function pickPromptName(ops: PromptOperations, title: string): Promise<string> {
  const items = ops.searchPrompts().then((page) =>
    page.items.map<PickItem<string>>((p) => ({
      label: p.name,
      description: Object.keys(p.aliases)
        .sort()
        .map((a) => `@${a}`)
        .join(' '),
      value: p.name,
    })),
  );
  return need(await pick(items, title, vscode.l10n.t('Prompt')));
}

async function pickPromptVersion(ops: PromptOperations, name: string, title: string): Promise<string> {
  const items = ops.listPromptVersions(name).then((versions) =>
    versions.map<PickItem<string>>((v) => ({
      label: `v${v.version}`,
      description: [...v.aliases.map((a) => `@${a}`), v.type].join(' · '),
      detail: v.commitMessage ?? undefined,
      value: v.version,
    })),
  );
  return need(await pick(items, title, vscode.l10n.t('Version of {0}', name)));
}

/** The prompt a command acts on: a row of the Prompts view, `{ name }`, or asked. */
export async function promptTarget(arg: CommandArg, ops: PromptOperations, title: string): Promise<string> {
  if (arg instanceof PromptNode || arg instanceof PromptVersionNode) return arg.name;
  const named = optionalString(argObject(arg), 'name');
  if (named === undefined) return pickPromptName(ops, title);
  // MLflow's prompt errors (missing, or a model's name) before anything is asked or written.
  await ops.getPrompt(named);
  return named;
}

/** The prompt version a command acts on: a version row, `{ name, version }`, or asked. */
export async function promptVersionTarget(arg: CommandArg, ops: PromptOperations, title: string): Promise<{ name: string; version: string }> {
  if (arg instanceof PromptVersionNode) return { name: arg.name, version: arg.version.version };
  const name = await promptTarget(arg, ops, title);
  return { name, version: optionalString(argObject(arg), 'version') ?? (await pickPromptVersion(ops, name, title)) };
}
