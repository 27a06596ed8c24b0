import * as vscode from 'vscode';
import { invalidParameter, MlflowError } from '../core/errors';
import { promptSearchFilter, validatePromptName, type ChatMessage, type PromptType } from '../core/prompts';
import { formatPromptUri } from '../core/promptUri';
import { parseModelFilter } from '../core/filter';
import { searchTextToFilter } from '../core/filter/searchText';
import { validateAliasForSet, validateAliasName, validateTagKey } from '../core/validation';
import type { PromptOperations } from '../core/promptApi';
import { PromptVersionNode } from '../tree/promptNodes';
import { setContext } from '../vscode/config';
import { log } from '../vscode/log';
import { ask, confirmDestructive, copy, info, pick, status, withProgress, type PickItem } from '../vscode/ui';
import type { Handler } from './commandContext';
import { parseTags, validationMessage } from './modelCommands';
import { promptTarget, promptVersionTarget, requirePrompts } from './promptTargets';
import { argObject, need, optionalString } from './targets';

/** A chat template: a list of `{ role, content }`, given as such or as its JSON text. */
function chatMessages(template: unknown): ChatMessage[] {
  let value = template;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalidParameter('A chat template must be a JSON list of {"role": …, "content": …} messages.');
    }
  }
  const isMessage = (m: unknown): m is ChatMessage =>
    typeof m === 'object' && m !== null && typeof (m as ChatMessage).role === 'string' && typeof (m as ChatMessage).content === 'string';
  if (!Array.isArray(value) || value.length === 0 || !value.every(isMessage)) {
    throw invalidParameter('A chat template must be a non-empty list of {"role": …, "content": …} messages with string values.');
  }
  return value.map((m) => ({ role: m.role, content: m.content }));
}

function templateOf(raw: unknown, type: PromptType): string | ChatMessage[] {
  if (type === 'chat') return chatMessages(raw);
  if (typeof raw !== 'string' || raw === '') throw invalidParameter('A text template must be a non-empty string.');
  return raw;
}

export const createPrompt: Handler = async (ctx, arg) => {
  const ops = await requirePrompts(ctx);
  const a = argObject(arg);
  const typeArg = optionalString(a, 'type') ?? (Array.isArray(a.template) ? 'chat' : 'text');
  if (typeArg !== 'text' && typeArg !== 'chat') throw invalidParameter(`type must be 'text' or 'chat', not '${typeArg}'.`);
  const interactive = a.name === undefined;
  const name =
    optionalString(a, 'name') ??
    need(
      await ask({ title: vscode.l10n.t('Create Prompt'), prompt: vscode.l10n.t('Name of the new prompt'), validate: validationMessage(validatePromptName) }),
    );
  validatePromptName(name);
  // register_prompt on an existing name adds a version: this command only ever creates.
  const existing = await ops.getPrompt(name).then(
    () => true,
    () => false,
  );
  if (existing) throw new MlflowError('RESOURCE_ALREADY_EXISTS', vscode.l10n.t("Prompt '{0}' already exists.", name));
  const rawTemplate =
    a.template ??
    need(
      await ask({
        title: vscode.l10n.t('Create {0}', name),
        prompt:
          typeArg === 'chat'
            ? vscode.l10n.t('Messages as JSON, e.g. {0}', '[{"role": "system", "content": "…"}]')
            : vscode.l10n.t('Template; write variables as {0}', '{{ name }}'),
        validate: validationMessage((v) => templateOf(v, typeArg)),
      }),
    );
  const template = templateOf(rawTemplate, typeArg);
  const commitMessage = interactive
    ? (await ask({ title: vscode.l10n.t('Create {0}', name), prompt: vscode.l10n.t('Commit message (optional)') })) || undefined
    : optionalString(a, 'commitMessage');
  const version = await withProgress(vscode.l10n.t('Creating prompt {0}…', name), () =>
    ops.registerPrompt({ name, template, commitMessage, tags: parseTags(a.tags) }),
  );
  log().info(`Created prompt ${name} (${version.type}) version ${version.version}`);
  status(vscode.l10n.t('Created prompt {0}', name));
  return version;
};

export const setPromptAlias: Handler = async (ctx, arg) => {
  const ops = await requirePrompts(ctx);
  const { name, version } = await promptVersionTarget(arg, ops, vscode.l10n.t('Set Prompt Alias'));
  const alias =
    optionalString(argObject(arg), 'alias') ??
    need(
      await ask({
        title: vscode.l10n.t('Alias for {0} version {1}', name, version),
        prompt: vscode.l10n.t('An existing alias moves to this version; latest is reserved'),
        validate: validationMessage(validateAliasForSet),
      }),
    );
  await ops.setPromptAlias(name, alias, version);
  log().info(`Set alias @${alias} of prompt ${name} to version ${version}`);
  status(vscode.l10n.t('@{0} of {1} now points to v{2}', alias, name, version));
  return { name, alias, version };
};

export const deletePromptAlias: Handler = async (ctx, arg) => {
  const ops = await requirePrompts(ctx);
  const name = await promptTarget(arg, ops, vscode.l10n.t('Delete Prompt Alias'));
  let alias = optionalString(argObject(arg), 'alias');
  if (alias === undefined) {
    const onVersion = arg instanceof PromptVersionNode ? arg.version.version : undefined;
    const aliases = Object.entries((await ops.getPrompt(name)).aliases).filter(([, v]) => onVersion === undefined || v === onVersion);
    alias = await pickOneToDelete(
      aliases.map(([x, v]) => ({ label: `@${x}`, description: vscode.l10n.t('version {0}', v), value: x })),
      vscode.l10n.t('{0} has no aliases.', name),
      vscode.l10n.t('Delete an alias of {0}', name),
    );
    if (alias === undefined) return undefined;
  }
  await ops.deletePromptAlias(name, alias);
  log().info(`Deleted alias @${alias} of prompt ${name}`);
  status(vscode.l10n.t('Deleted @{0} of {1}', alias, name));
  return { name, alias };
};

export const setPromptTag: Handler = async (ctx, arg) => {
  const ops = await requirePrompts(ctx);
  const name = await promptTarget(arg, ops, vscode.l10n.t('Set Prompt Tag'));
  const a = argObject(arg);
  const key =
    optionalString(a, 'key') ??
    need(await ask({ title: vscode.l10n.t('Set a tag on {0}', name), prompt: vscode.l10n.t('Tag key'), validate: validationMessage(validateTagKey) }));
  const value = optionalString(a, 'value') ?? need(await ask({ title: vscode.l10n.t('Set {0} on {1}', key, name), prompt: vscode.l10n.t('Tag value') }));
  await ops.setPromptTag(name, key, value);
  log().info(`Set tag ${key} on prompt ${name}`);
  status(vscode.l10n.t('Set tag {0} on {1}', key, name));
  return { name, key, value };
};

export const deletePromptTag: Handler = async (ctx, arg) => {
  const ops = await requirePrompts(ctx);
  const name = await promptTarget(arg, ops, vscode.l10n.t('Delete Prompt Tag'));
  let key = optionalString(argObject(arg), 'key');
  if (key === undefined) {
    key = await pickOneToDelete(
      Object.entries((await ops.getPrompt(name)).tags).map(([label, description]) => ({ label, description, value: label })),
      vscode.l10n.t('{0} has no tags.', name),
      vscode.l10n.t('Delete a tag of {0}', name),
    );
    if (key === undefined) return undefined;
  }
  await ops.deletePromptTag(name, key);
  log().info(`Deleted tag ${key} of prompt ${name}`);
  status(vscode.l10n.t('Deleted tag {0} of {1}', key, name));
  return { name, key };
};

/** The alias or tag to delete, picked from the prompt's; undefined, once the user is told, when it has none. */
async function pickOneToDelete(items: PickItem<string>[], none: string, title: string): Promise<string | undefined> {
  if (items.length === 0) {
    void info(none);
    return undefined;
  }
  return need(await pick(items, title));
}

export const deletePromptVersion: Handler = async (ctx, arg) => {
  const ops = await requirePrompts(ctx);
  const { name, version } = await promptVersionTarget(arg, ops, vscode.l10n.t('Delete Prompt Version'));
  // Read first: a missing prompt or version is MLflow's error, before anything is asked.
  const v = await ops.getPromptVersion(name, version);
  if (argObject(arg).skipConfirmation !== true) {
    const consequence =
      v.aliases.length > 0
        ? vscode.l10n.t(
            'This permanently deletes the prompt version; its number is never reused. Its aliases {0} are removed.',
            v.aliases.map((x) => `@${x}`).join(', '),
          )
        : vscode.l10n.t('This permanently deletes the prompt version; its number is never reused.');
    const ok = await confirmDestructive(
      vscode.l10n.t('Delete prompt {0} version {1}?', name, v.version),
      consequence,
      vscode.l10n.t('Delete version {0}', v.version),
    );
    if (!ok) return false;
  }
  await withProgress(vscode.l10n.t('Deleting {0} version {1}…', name, v.version), () => ops.deletePromptVersion(name, v.version));
  log().info(`Deleted prompt ${name} version ${v.version}`);
  status(vscode.l10n.t('Deleted {0} version {1}', name, v.version));
  return true;
};

/** The URI a `{ name, version }` or `{ name, alias }` names, once MLflow has found what it names. */
async function namedPromptUri(ops: PromptOperations, name: string, ref: { alias?: string; version?: string }): Promise<string> {
  if (ref.alias !== undefined) {
    validateAliasName(ref.alias);
    await ops.getPromptVersionByAlias(name, ref.alias);
    return formatPromptUri(name, { alias: ref.alias });
  }
  const found = await ops.getPromptVersion(name, ref.version!);
  return formatPromptUri(name, { version: found.version });
}

export const copyPromptUri: Handler = async (ctx, arg) => {
  const ops = await requirePrompts(ctx);
  const a = argObject(arg);
  const ref = { alias: optionalString(a, 'alias'), version: optionalString(a, 'version') };
  const name = await promptTarget(arg, ops, vscode.l10n.t('Copy Prompt URI'));
  let uri: string;
  if (ref.alias !== undefined || ref.version !== undefined) {
    uri = await namedPromptUri(ops, name, ref);
  } else {
    const onVersion = arg instanceof PromptVersionNode ? arg.version : undefined;
    const versions = onVersion ? [onVersion] : await ops.listPromptVersions(name);
    const aliases = Object.entries((await ops.getPrompt(name)).aliases).filter(([, v]) => !onVersion || v === onVersion.version);
    const choice = (uri: string, description: string) => ({ label: uri, description, value: uri });
    const items = [
      ...versions.map((v) => choice(formatPromptUri(name, { version: v.version }), vscode.l10n.t('this version'))),
      ...aliases.map(([x, v]) => choice(formatPromptUri(name, { alias: x }), vscode.l10n.t('by alias, now v{0}', v))),
    ];
    uri = need(await pick(items, vscode.l10n.t('Copy a prompts:/ URI of {0}', name)));
  }
  await copy(uri);
  void info(vscode.l10n.t('Copied {0}', uri));
  return uri;
};

export const searchPrompts: Handler = async (ctx, arg) => {
  const a = argObject(arg);
  let text = 'filter' in a ? (optionalString(a, 'filter') ?? '') : undefined;
  // The words become a quoted literal (searchTextToFilter); a filter is parsed before it is sent.
  const check = (v: string) => parseModelFilter(promptSearchFilter(searchTextToFilter(v)));
  text ??= need(
    await ask({
      title: vscode.l10n.t('Search Prompts'),
      prompt: vscode.l10n.t("Words match names; or an MLflow filter such as name LIKE 'sum%' AND tags.team = 'docs'. Empty clears."),
      value: ctx.prompts.tree.filter ?? '',
      validate: validationMessage(check),
    }),
  );
  check(text);
  const compiled = searchTextToFilter(text);
  ctx.prompts.tree.setFilter(compiled);
  await setContext('mlflowRegistry.promptSearchActive', compiled !== '');
  ctx.prompts.treeView.message = compiled ? vscode.l10n.t('Filtered: {0}', compiled) : undefined;
  return compiled;
};
