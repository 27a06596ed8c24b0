import * as vscode from 'vscode';
import { errorText, log } from '../vscode/log';
import { aliasesByVersion } from '../core/displayText';
import { descriptionExcerpt } from '../core/excerpt';
import { STAGE_DISPLAY_ORDER, type ModelVersion } from '../core/types';
import { completionSpot } from './modelUriScanner';
import { completePromptUri } from './promptUriCompletion';
import type { ResolverCache } from './resolverCache';

/** Completes inside a `models:/` string: model names, then a model's aliases, stages, `latest` and versions; `prompts:/` likewise. */
export function modelUriCompletionProvider(resolvers: ResolverCache): vscode.CompletionItemProvider {
  return { provideCompletionItems: (doc, pos) => completeModelUri(resolvers, doc, pos) };
}

async function completeModelUri(resolvers: ResolverCache, doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionList | undefined> {
  const spot = completionSpot(doc.lineAt(pos.line).text.slice(0, pos.character));
  if (!spot) return undefined;
  const resolver = resolvers.current();
  if (!resolver) return undefined;
  const range = new vscode.Range(pos.line, spot.start, pos.line, pos.character);
  const items: vscode.CompletionItem[] = [];
  try {
    if (spot.scheme === 'prompts') return await completePromptUri(resolver.prompts, spot, range);
    if (spot.kind === 'name') {
      const { models, complete } = await resolver.modelsStartingWith(spot.partial);
      for (const m of models) {
        const item = new vscode.CompletionItem(m.name, vscode.CompletionItemKind.Module);
        item.range = range;
        item.detail = [vscode.l10n.t('registered model'), ...m.aliases.map((a) => `@${a.alias}`)].join(' · ');
        const excerpt = descriptionExcerpt(m.description, 300);
        if (excerpt) item.documentation = excerpt;
        items.push(item);
      }
      return new vscode.CompletionList(items, !complete);
    }
    const model = await resolver.model(spot.name);
    if (!model) return undefined;
    if (spot.kind === 'alias') {
      for (const a of [...model.aliases].sort((x, y) => x.alias.localeCompare(y.alias))) {
        const item = new vscode.CompletionItem(a.alias, vscode.CompletionItemKind.Reference);
        item.range = range;
        item.detail = vscode.l10n.t('alias → version {0}', a.version);
        items.push(item);
      }
      return new vscode.CompletionList(items, false);
    }
    const versions = await resolver.versions(spot.name);
    const aliases = aliasesByVersion(model);
    const describe = (v: ModelVersion) => [v.currentStage, ...(aliases.get(v.version) ?? []).map((a) => `@${a}`)].join(' · ');
    if (versions.length > 0) {
      const top = versions.reduce((b, v) => (BigInt(v.version) > BigInt(b.version) ? v : b));
      const latest = new vscode.CompletionItem('latest', vscode.CompletionItemKind.Keyword);
      latest.range = range;
      latest.detail = vscode.l10n.t('now version {0} ({1})', top.version, describe(top));
      latest.sortText = '0';
      items.push(latest);
    }
    STAGE_DISPLAY_ORDER.forEach((stage, i) => {
      const inStage = versions.filter((v) => v.currentStage === stage);
      if (inStage.length === 0) return;
      const top = inStage.reduce((b, v) => (BigInt(v.version) > BigInt(b.version) ? v : b));
      const item = new vscode.CompletionItem(stage, vscode.CompletionItemKind.EnumMember);
      item.range = range;
      item.detail = vscode.l10n.t('stage → now version {0}', top.version);
      item.sortText = `1${i}`;
      items.push(item);
    });
    versions.forEach((v, i) => {
      const item = new vscode.CompletionItem(v.version, vscode.CompletionItemKind.Value);
      item.range = range;
      item.detail = vscode.l10n.t('version {0} · {1}', v.version, describe(v));
      const excerpt = descriptionExcerpt(v.description, 300);
      if (excerpt) item.documentation = excerpt;
      item.sortText = `2${String(i).padStart(6, '0')}`;
      items.push(item);
    });
    return new vscode.CompletionList(items, false);
  } catch (e) {
    log().warn(`Completing a ${spot.scheme}:/ URI: ${errorText(e)}`);
    return undefined;
  }
}
