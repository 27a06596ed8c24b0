import * as vscode from 'vscode';
import { escapeMarkdown, markdownCode } from '../core/markdownEscape';
import { isKnownStage, type ModelVersion, type RegisteredModel, type Stage } from '../core/types';
import type { RegistrySession } from '../registry/registrySession';
import type { GroupBy } from '../vscode/config';
import { descriptionExcerpt } from '../core/excerpt';
import { aliasesByVersion, time, versionDescription } from '../core/displayText';
import { groupByStage } from './stageGroups';

/** Codicon and theme colour per stage, for group rows and version rows. */
const STAGE_ICONS: Record<Stage, { icon: string; color: string }> = {
  Production: { icon: 'rocket', color: 'charts.green' },
  Staging: { icon: 'beaker', color: 'charts.yellow' },
  None: { icon: 'circle-outline', color: 'descriptionForeground' },
  Archived: { icon: 'archive', color: 'disabledForeground' },
};

/**
 * One class per tree level. Each node builds its own TreeItem and children,
 * and keeps its parent so the view can reveal it.
 */
export abstract class TreeNode {
  constructor(readonly parent: TreeNode | undefined) {}
  abstract getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  getChildren(): TreeNode[] | Promise<TreeNode[]> {
    return [];
  }
  /** A Markdown tooltip, built when the row is hovered (see NodeTreeProvider), not with the row. */
  tooltip(): vscode.MarkdownString | Promise<vscode.MarkdownString> | undefined {
    return undefined;
  }
}

export interface TreeContext {
  session: RegistrySession;
  groupBy: GroupBy;
}

export function markdown(lines: string[]): vscode.MarkdownString {
  // Descriptions and tags come from a shared registry: never trusted, no HTML.
  const md = new vscode.MarkdownString(lines.join('\n\n'));
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

export function tagLines(tags: Record<string, string>): string[] {
  const entries = Object.entries(tags);
  return entries.length === 0 ? [] : [entries.map(([k, v]) => `${markdownCode(k)} = ${escapeMarkdown(v)}`).join('  \n')];
}

/** A description in a tooltip: its plain text, so that no link or image in it renders (or loads). */
export function descriptionLine(description: string | null): string {
  const text = descriptionExcerpt(description, 300);
  return text ? escapeMarkdown(text) : `_${vscode.l10n.t('No description.')}_`;
}

/** Stage text in a context value: only the four are matched by menus, anything else is "Other". */
const stageKey = (stage: string): string => (isKnownStage(stage) ? stage : 'Other');

export class ModelNode extends TreeNode {
  /** Filled once the model's versions are read; the description shows it then. */
  versionCount: number | undefined;

  constructor(
    public model: RegisteredModel,
    private readonly ctx: () => TreeContext,
  ) {
    super(undefined);
  }

  get name(): string {
    return this.model.name;
  }

  getTreeItem(): vscode.TreeItem {
    const m = this.model;
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `model:${m.name}`;
    const n = this.versionCount;
    const count = n === undefined ? '' : n === 1 ? vscode.l10n.t('{0} version', n) : vscode.l10n.t('{0} versions', n);
    item.description = [count, m.aliases.map((a) => `@${a.alias}`).join(' ')].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = m.aliases.length > 0 ? 'mlflowModel.hasAliases' : 'mlflowModel';
    item.accessibilityInformation = { label: `${m.name}${item.description ? `, ${item.description}` : ''}` };
    // A click opens the model's page; the twistie (or arrow keys) expands it.
    item.command = { command: 'mlflowRegistry.openModel', title: vscode.l10n.t('Open Model Page'), arguments: [{ name: m.name, preserveFocus: true }] };
    return item;
  }

  override tooltip(): vscode.MarkdownString {
    const m = this.model;
    return markdown([
      `**${escapeMarkdown(m.name)}**`,
      descriptionLine(m.description),
      ...tagLines(m.tags),
      vscode.l10n.t('Created {0} · updated {1}', time(m.creationTimestamp), time(m.lastUpdatedTimestamp)),
    ]);
  }

  override async getChildren(): Promise<TreeNode[]> {
    const { session, groupBy } = this.ctx();
    const versions = await session.versionsOf(this.model.name);
    this.versionCount = versions.length;
    if (versions.length === 0) return [new MessageNode(this, vscode.l10n.t('No versions yet'), 'info')];
    const aliases = aliasesByVersion(this.model);
    const node = (v: ModelVersion, parent: TreeNode, label?: string) => new VersionNode(parent, this, v, aliases.get(v.version) ?? [], session, label);
    switch (groupBy) {
      case 'flat':
        return versions.map((v) => node(v, this));
      case 'alias': {
        const byNumber = new Map(versions.map((v) => [v.version, v]));
        const aliased: TreeNode[] = [];
        for (const a of [...this.model.aliases].sort((x, y) => x.alias.localeCompare(y.alias))) {
          const v = byNumber.get(a.version);
          // An alias left on a deleted version by MLflow ≤ 2.17 points at nothing: say so.
          aliased.push(v ? node(v, this, `@${a.alias}`) : new MessageNode(this, vscode.l10n.t('@{0} → version {1} (deleted)', a.alias, a.version), 'warning'));
        }
        const rest = versions.filter((v) => (aliases.get(v.version) ?? []).length === 0);
        if (rest.length > 0) aliased.push(new GroupNode(this, vscode.l10n.t('Without alias'), rest, (v, p) => node(v, p), 'tag', 'mlflowGroup.noAlias'));
        return aliased;
      }
      case 'stage': {
        return groupByStage(versions).map((g) =>
          isKnownStage(g.stage)
            ? new GroupNode(this, g.stage, g.versions, (v, p) => node(v, p), STAGE_ICONS[g.stage].icon, `mlflowStage.${g.stage}`, g.stage)
            : new GroupNode(this, g.stage, g.versions, (v, p) => node(v, p), 'question', 'mlflowStage.Other'),
        );
      }
    }
  }
}

/** A stage (or "Without alias") under a model, with its count. */
export class GroupNode extends TreeNode {
  constructor(
    readonly model: ModelNode,
    readonly label: string,
    private readonly versions: ModelVersion[],
    private readonly makeNode: (v: ModelVersion, parent: TreeNode) => TreeNode,
    private readonly icon: string,
    private readonly contextValue: string,
    readonly stage?: Stage,
  ) {
    super(model);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label,
      this.stage === 'Production' || this.stage === 'Staging' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    // The label may be any stage text: the id keeps known groups apart from it.
    item.id = `group:${this.model.name}:${this.stage || this.contextValue === 'mlflowGroup.noAlias' ? '' : 'other:'}${this.label}`;
    item.description = String(this.versions.length);
    item.iconPath = new vscode.ThemeIcon(this.icon, this.stage ? new vscode.ThemeColor(STAGE_ICONS[this.stage].color) : undefined);
    item.contextValue = this.contextValue;
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.versions.map((v) => this.makeNode(v, this));
  }
}

export class VersionNode extends TreeNode {
  constructor(
    parent: TreeNode,
    readonly model: ModelNode,
    readonly version: ModelVersion,
    readonly aliases: string[],
    private readonly session: RegistrySession,
    private readonly labelOverride?: string,
  ) {
    super(parent);
  }

  get name(): string {
    return this.version.name;
  }

  async getTreeItem(): Promise<vscode.TreeItem> {
    const v = this.version;
    const runName = await this.session.runName(v.runId);
    const item = new vscode.TreeItem(this.labelOverride ?? vscode.l10n.t('Version {0}', v.version), vscode.TreeItemCollapsibleState.None);
    item.id = `version:${v.name}:${v.version}:${this.labelOverride ?? ''}`;
    item.description = this.labelOverride ? vscode.l10n.t('Version {0} · {1}', v.version, v.currentStage) : versionDescription(v, this.aliases, runName);
    const stageIcon = isKnownStage(v.currentStage) ? STAGE_ICONS[v.currentStage] : { icon: 'question', color: 'descriptionForeground' };
    item.iconPath = new vscode.ThemeIcon(stageIcon.icon, new vscode.ThemeColor(stageIcon.color));
    item.contextValue = `mlflowVersion.${stageKey(v.currentStage)}${this.aliases.length > 0 ? '.hasAliases' : ''}`;
    item.command = {
      command: 'mlflowRegistry.openVersion',
      title: vscode.l10n.t('Open Version Page'),
      arguments: [{ name: v.name, version: v.version, preserveFocus: true }],
    };
    return item;
  }

  override async tooltip(): Promise<vscode.MarkdownString> {
    const v = this.version;
    const runName = await this.session.runName(v.runId);
    return markdown([
      `${vscode.l10n.t('{0} version {1} · {2}', `**${escapeMarkdown(v.name)}**`, escapeMarkdown(v.version), escapeMarkdown(v.currentStage))}${this.aliases.length ? ` · ${this.aliases.map((a) => escapeMarkdown(`@${a}`)).join(' ')}` : ''}`,
      descriptionLine(v.description),
      [
        vscode.l10n.t('Run: {0}', escapeMarkdown(runName ?? v.runId ?? vscode.l10n.t('none'))),
        vscode.l10n.t('Source: {0}', markdownCode(v.source ?? '')),
        vscode.l10n.t('Status: {0}', escapeMarkdown(v.status)),
      ].join('  \n'),
      ...tagLines(v.tags),
      vscode.l10n.t('Created {0} · updated {1}', time(v.creationTimestamp), time(v.lastUpdatedTimestamp)),
    ]);
  }
}

export class LoadMoreNode extends TreeNode {
  constructor(readonly loaded: number) {
    super(undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.id = 'load-more';
    item.description = vscode.l10n.t('{0} shown', this.loaded);
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'mlflowRegistry.loadMore', title: vscode.l10n.t('Load more'), arguments: [] };
    item.contextValue = 'mlflowLoadMore';
    return item;
  }
}

export type MessageKind = 'info' | 'warning' | 'error';

/** Empty and error states, in the tree itself; an error opens the log when clicked. */
export class MessageNode extends TreeNode {
  constructor(
    parent: TreeNode | undefined,
    readonly text: string,
    readonly kind: MessageKind,
    private readonly command?: vscode.Command,
    private readonly detail?: string,
    private readonly icon?: string,
  ) {
    super(parent);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon ?? this.kind, this.kind === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.command = this.command ?? (this.kind === 'error' ? { command: 'mlflowRegistry.showLog', title: vscode.l10n.t('Show Log') } : undefined);
    item.tooltip = this.detail ?? this.text;
    item.contextValue = `mlflowMessage.${this.kind}`;
    return item;
  }
}
