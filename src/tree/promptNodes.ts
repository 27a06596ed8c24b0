import * as vscode from 'vscode';
import { age, time } from '../core/displayText';
import { descriptionExcerpt } from '../core/excerpt';
import { escapeMarkdown, markdownCode } from '../core/markdownEscape';
import type { Prompt, PromptType, PromptVersion } from '../core/prompts';
import { descriptionLine, markdown, MessageNode, tagLines, TreeNode } from './nodes';

const TYPE_ICONS: Record<PromptType, string> = { text: 'note', chat: 'comment-discussion' };

const aliasText = (aliases: string[]): string => aliases.map((a) => `@${a}`).join(' ');

/** A prompt: its versions are read with it, since the row's badge is its newest version's type. */
export class PromptNode extends TreeNode {
  constructor(
    readonly prompt: Prompt,
    /** Live versions, newest first; undefined when they could not be read. */
    readonly versions: PromptVersion[] | undefined,
  ) {
    super(undefined);
  }

  get name(): string {
    return this.prompt.name;
  }

  get aliases(): string[] {
    return Object.keys(this.prompt.aliases).sort();
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.prompt;
    const newest = this.versions?.[0];
    const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `prompt:${p.name}`;
    const n = this.versions?.length;
    const count = n === undefined ? '' : n === 1 ? vscode.l10n.t('{0} version', n) : vscode.l10n.t('{0} versions', n);
    item.description = [newest?.type ?? '', count, aliasText(this.aliases)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(newest ? TYPE_ICONS[newest.type] : 'note');
    const tags = Object.keys(p.tags).length > 0;
    item.contextValue = `mlflowPrompt${this.aliases.length > 0 ? '.hasAliases' : ''}${tags ? '.hasTags' : ''}`;
    item.accessibilityInformation = { label: `${p.name}${item.description ? `, ${item.description}` : ''}` };
    return item;
  }

  override tooltip(): vscode.MarkdownString {
    const p = this.prompt;
    const newest = this.versions?.[0];
    return markdown([
      `**${escapeMarkdown(p.name)}**`,
      descriptionLine(p.description),
      ...(newest?.commitMessage ? [vscode.l10n.t('Latest commit message: {0}', escapeMarkdown(descriptionExcerpt(newest.commitMessage, 300)))] : []),
      ...tagLines(p.tags),
      vscode.l10n.t('Created {0} · updated {1}', time(p.creationTimestamp), time(p.lastUpdatedTimestamp)),
    ]);
  }

  override getChildren(): TreeNode[] {
    if (!this.versions) return [new MessageNode(this, vscode.l10n.t('Could not read the versions of {0}', this.name), 'error')];
    if (this.versions.length === 0) return [new MessageNode(this, vscode.l10n.t('No versions yet'), 'info')];
    return this.versions.map((v) => new PromptVersionNode(this, v));
  }
}

export class PromptVersionNode extends TreeNode {
  constructor(
    readonly prompt: PromptNode,
    readonly version: PromptVersion,
  ) {
    super(prompt);
  }

  get name(): string {
    return this.version.name;
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.version;
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `prompt-version:${v.name}:${v.version}`;
    item.description = [descriptionExcerpt(v.commitMessage, 80), aliasText(v.aliases), v.type].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(TYPE_ICONS[v.type]);
    item.contextValue = `mlflowPromptVersion${v.aliases.length > 0 ? '.hasAliases' : ''}`;
    item.command = {
      command: 'mlflowRegistry.openPrompt',
      title: vscode.l10n.t('Open Prompt'),
      arguments: [{ name: v.name, version: v.version }],
    };
    item.accessibilityInformation = { label: `v${v.version}${item.description ? `, ${item.description}` : ''}` };
    return item;
  }

  override tooltip(): vscode.MarkdownString {
    const v = this.version;
    return markdown([
      `${vscode.l10n.t('{0} version {1} · {2}', `**${escapeMarkdown(v.name)}**`, escapeMarkdown(v.version), v.type)}${v.aliases.length ? ` · ${escapeMarkdown(aliasText(v.aliases))}` : ''}`,
      descriptionLine(v.commitMessage),
      v.variables.length > 0 ? vscode.l10n.t('Variables: {0}', v.variables.map(markdownCode).join(', ')) : vscode.l10n.t('No variables'),
      ...tagLines(v.tags),
      vscode.l10n.t('Created {0} ({1})', time(v.creationTimestamp), age(v.creationTimestamp)),
    ]);
  }
}
