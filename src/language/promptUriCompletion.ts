import * as vscode from 'vscode';
import { descriptionExcerpt } from '../core/excerpt';
import type { PromptVersion } from '../core/prompts';
import type { CompletionSpot } from './modelUriScanner';
import { highestPromptVersion, type PromptUriResolver } from './promptUriResolver';

const aliasText = (v: PromptVersion) => v.aliases.map((a) => `@${a}`);

/** Inside a `prompts:/` string: prompt names, then a prompt's versions, or its aliases and `latest`. */
export async function completePromptUri(prompts: PromptUriResolver, spot: CompletionSpot, range: vscode.Range): Promise<vscode.CompletionList | undefined> {
  const items: vscode.CompletionItem[] = [];
  const add = (label: string, kind: vscode.CompletionItemKind, detail: string, documentation?: string, sortText?: string) => {
    const item = new vscode.CompletionItem(label, kind);
    item.range = range;
    item.detail = detail;
    if (documentation) item.documentation = documentation;
    if (sortText) item.sortText = sortText;
    items.push(item);
  };
  if (spot.kind === 'name') {
    const { prompts: found, complete } = await prompts.startingWith(spot.partial);
    for (const p of found) {
      const aliases = Object.keys(p.aliases)
        .sort()
        .map((a) => `@${a}`);
      add(p.name, vscode.CompletionItemKind.Module, [vscode.l10n.t('prompt'), ...aliases].join(' · '), descriptionExcerpt(p.description, 300));
    }
    return new vscode.CompletionList(items, !complete);
  }
  const versions = await prompts.versions(spot.name);
  if (versions.length === 0) return undefined;
  if (spot.kind === 'alias') {
    const top = highestPromptVersion(versions)!;
    add('latest', vscode.CompletionItemKind.Keyword, vscode.l10n.t('now version {0}', top.version), undefined, '0');
    const byAlias = versions.flatMap((v) => v.aliases.map((a) => [a, v.version] as const)).sort(([x], [y]) => x.localeCompare(y));
    for (const [alias, version] of byAlias)
      add(alias, vscode.CompletionItemKind.Reference, vscode.l10n.t('alias → version {0}', version), undefined, `1${alias}`);
    return new vscode.CompletionList(items, false);
  }
  versions.forEach((v, i) => {
    const detail = [vscode.l10n.t('version {0}', v.version), ...aliasText(v)].join(' · ');
    add(v.version, vscode.CompletionItemKind.Value, detail, descriptionExcerpt(v.commitMessage, 300), String(i).padStart(6, '0'));
  });
  return new vscode.CompletionList(items, false);
}
