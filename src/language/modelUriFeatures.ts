import * as vscode from 'vscode';
import { errorText, log } from '../vscode/log';
import type { RegistryView as CommandContext } from '../tree/registryView';
import { STAGE_DISPLAY_ORDER, type ModelVersion } from '../core/types';
import { escapeMarkdown, markdownCode } from '../core/markdownEscape';
import { formatModelUri, parseModelUri } from '../core/uri';
import { openOrRevealVersion } from '../pages/openVersion';
import type { RegistrySession } from '../registry/registrySession';
import { ModelNode } from '../tree/nodes';
import { descriptionExcerpt } from '../core/excerpt';
import { completionSpot, matchAt, scanModelUris, type ModelUriMatch, type ScanResult } from './modelUriScanner';
import { ModelUriResolver, type UriResolution } from './uriResolver';

/** Python files and the Python cells of notebooks (Jupyter's cells have the vscode-notebook-cell scheme). */
export const PYTHON_SELECTOR: vscode.DocumentSelector = [{ language: 'python' }, { scheme: 'vscode-notebook-cell', language: 'python' }];

/** Internal: what the document links and hovers call. Not in the palette. */
export const OPEN_MODEL_URI_COMMAND = 'mlflowRegistry.openModelUri';
const SERVE_COMMAND = 'mlflowRegistry.serveModel';

const CHECK_DELAY_MS = 400;
const RECHECK_DELAY_MS = 250;
/** Distinct URIs resolved per document pass; the rest wait for the next pass. */
const MAX_DISTINCT_PER_PASS = 200;

/** `title` is the extension's own text; the argument is JSON, percent-encoded, so it cannot end the link. */
function commandLink(title: string, command: string, arg: unknown): string {
  return `[${escapeMarkdown(title)}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
}

/**
 * What "Serve" serves, built from the URI in the document once parsed and
 * re-formatted (never from what the registry answered): its own form, except
 * `latest`, which becomes the version number it is now, if that is a number.
 */
export function serveUriOf(a: Extract<UriResolution, { kind: 'version' }>): string | undefined {
  const { ref, version } = a;
  try {
    if (ref.kind === 'alias' || ref.kind === 'stage' || ref.kind === 'version') return formatModelUri(ref);
    if (ref.kind === 'latest' && /^\d+$/.test(version.version)) return formatModelUri({ kind: 'version', name: ref.name, version: version.version });
  } catch {
    // No models:/ form (a legacy name with '/', a stage outside the four): no Serve link.
  }
  return undefined;
}

export function hoverMarkdown(a: UriResolution, registry: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.supportHtml = false;
  md.isTrusted = { enabledCommands: [OPEN_MODEL_URI_COMMAND, SERVE_COMMAND] };
  const lines: string[] = [];
  switch (a.kind) {
    case 'version': {
      const v = a.version;
      lines.push(`$(package) ${markdownCode(a.uri)} → **${escapeMarkdown(v.name)} version ${escapeMarkdown(v.version)}**`);
      const facts = [v.currentStage === 'None' ? 'no stage' : escapeMarkdown(v.currentStage)];
      if (v.aliases.length > 0) facts.push(v.aliases.map((x) => `@${escapeMarkdown(x)}`).join(' '));
      if (v.runId) facts.push(`run ${a.runName ? `${escapeMarkdown(a.runName)} ` : ''}${markdownCode(v.runId.slice(0, 8))}`);
      lines.push(facts.join(' · '));
      const excerpt = descriptionExcerpt(v.description) || descriptionExcerpt(a.model.description);
      if (excerpt) lines.push(escapeMarkdown(excerpt));
      const serveUri = serveUriOf(a);
      lines.push(
        [commandLink('Open version', OPEN_MODEL_URI_COMMAND, { uri: a.uri }), serveUri ? commandLink('Serve model…', SERVE_COMMAND, { uri: serveUri }) : '']
          .filter(Boolean)
          .join(' · '),
      );
      break;
    }
    case 'loggedModel': {
      const m = a.loggedModel;
      lines.push(`$(package) ${markdownCode(a.uri)} → **logged model ${escapeMarkdown(m.name)}** ${markdownCode(m.modelId)}`);
      lines.push([escapeMarkdown(m.status), m.sourceRunId ? `run ${markdownCode(m.sourceRunId.slice(0, 8))}` : ''].filter(Boolean).join(' · '));
      lines.push(`Files: ${markdownCode(m.artifactLocation)}`);
      break;
    }
    case 'problem':
      lines.push(`$(warning) ${markdownCode(a.uri)} resolves to nothing: ${escapeMarkdown(a.message)}`);
      break;
    case 'unavailable':
      lines.push(`$(error) ${markdownCode(a.uri)}: the registry could not answer: ${escapeMarkdown(a.message)}`);
      break;
  }
  lines.push(`_MLflow registry ${escapeMarkdown(registry)}_`);
  md.appendMarkdown(lines.join('\n\n'));
  return md;
}

/**
 * Hover, document links, diagnostics and completion for `models:/` URIs in
 * Python code and notebook cells. Each document is scanned once per change
 * (debounced); each distinct URI is resolved once per registry change.
 */
export class ModelUriFeatures implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mlflow');
  private readonly scans = new Map<string, { version: number; result: ScanResult }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private resolverSession: RegistrySession | undefined;
  private resolverValue: ModelUriResolver | undefined;

  constructor(private readonly ctx: CommandContext) {
    const d = this.disposables;
    d.push(
      this.diagnostics,
      vscode.languages.registerHoverProvider(PYTHON_SELECTOR, { provideHover: (doc, pos) => this.hover(doc, pos) }),
      vscode.languages.registerDocumentLinkProvider(PYTHON_SELECTOR, { provideDocumentLinks: (doc) => this.links(doc) }),
      vscode.languages.registerCompletionItemProvider(PYTHON_SELECTOR, { provideCompletionItems: (doc, pos) => this.complete(doc, pos) }, '/', '@'),
      vscode.commands.registerCommand(OPEN_MODEL_URI_COMMAND, (arg?: { uri?: string }) => this.openUri(arg?.uri)),
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, CHECK_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc)),
      ctx.manager.onDidChange(() => this.invalidate()),
      ctx.tree.onDidChangeTreeData((e) => {
        // A refresh (a write, a change by another process, a new search) may change any answer;
        // the batched count updates (arrays) change none.
        if (e === undefined) this.invalidate();
        else if (e instanceof ModelNode) this.invalidate(e.name);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** The resolver of the open registry; a new one per registry. */
  resolver(): ModelUriResolver | undefined {
    const session = this.ctx.manager.session;
    if (!session) return undefined;
    if (this.resolverSession !== session || !this.resolverValue) {
      this.resolverSession = session;
      this.resolverValue = new ModelUriResolver({ backend: session.backend, runName: (id) => session.runName(id), versionsOf: (n) => session.versionsOf(n) });
    }
    return this.resolverValue;
  }

  private registryName(): string {
    return this.ctx.manager.session?.backend.location ?? 'none';
  }

  private applies(doc: vscode.TextDocument): boolean {
    return vscode.languages.match(PYTHON_SELECTOR, doc) > 0;
  }

  private scan(doc: vscode.TextDocument): ScanResult {
    const key = doc.uri.toString();
    const cached = this.scans.get(key);
    if (cached && cached.version === doc.version) return cached.result;
    const result = scanModelUris(doc.getText());
    this.scans.set(key, { version: doc.version, result });
    return result;
  }

  private range(doc: vscode.TextDocument, m: ModelUriMatch): vscode.Range {
    return new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end));
  }

  // ---- diagnostics -----------------------------------------------------------

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!this.applies(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc).catch((e) => log().warn(`Checking models:/ URIs in ${doc.uri.fsPath}: ${errorText(e)}`));
      }, delay),
    );
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.scans.delete(key);
    this.diagnostics.delete(doc.uri);
  }

  /** After a registry change: answers are stale; re-check every open document once. */
  private invalidate(model?: string): void {
    if (model === undefined) this.resolverValue?.clear();
    else this.resolverValue?.clearModel(model);
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => {
      for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
    }, RECHECK_DELAY_MS);
  }

  async check(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    if (doc.isClosed) return [];
    const resolver = this.resolver();
    if (!resolver) {
      this.diagnostics.delete(doc.uri);
      return [];
    }
    const version = doc.version;
    const { matches } = this.scan(doc);
    // A string still being typed is not judged.
    const checked = matches.filter((m) => !m.dynamic && !m.unterminated);
    const distinct = [...new Set(checked.map((m) => m.text))].slice(0, MAX_DISTINCT_PER_PASS);
    const answers = new Map<string, UriResolution>();
    for (const uri of distinct) answers.set(uri, await resolver.resolve(uri));
    // Typed over, closed, or another registry meanwhile: a newer pass will report.
    if (doc.isClosed || doc.version !== version || resolver !== this.resolverValue) return [];
    const diagnostics: vscode.Diagnostic[] = [];
    for (const m of checked) {
      const a = answers.get(m.text);
      if (a?.kind !== 'problem') continue;
      const d = new vscode.Diagnostic(this.range(doc, m), a.message, vscode.DiagnosticSeverity.Warning);
      d.source = 'MLflow';
      d.code = `unknown-${a.problem}`;
      diagnostics.push(d);
    }
    this.diagnostics.set(doc.uri, diagnostics);
    return diagnostics;
  }

  // ---- hover and links -------------------------------------------------------

  private async hover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const line = doc.lineAt(pos.line).text;
    const m = matchAt(scanModelUris(line, { maxChars: 100_000 }).matches, pos.character);
    if (!m) return undefined;
    const range = new vscode.Range(pos.line, m.start, pos.line, m.end);
    if (m.dynamic) {
      return new vscode.Hover(new vscode.MarkdownString(`${markdownCode(m.text)}: assembled at run time, so the MLflow extension does not resolve it.`), range);
    }
    const resolver = this.resolver();
    if (!resolver) {
      return new vscode.Hover(new vscode.MarkdownString(`${markdownCode(m.text)}: no MLflow registry is open, so it cannot be resolved.`), range);
    }
    return new vscode.Hover(hoverMarkdown(await resolver.resolve(m.text), this.registryName()), range);
  }

  private links(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const links: vscode.DocumentLink[] = [];
    for (const m of this.scan(doc).matches) {
      if (m.dynamic || m.unterminated) continue;
      try {
        if (parseModelUri(m.text).kind === 'loggedModel') continue;
      } catch {
        continue;
      }
      const link = new vscode.DocumentLink(
        this.range(doc, m),
        vscode.Uri.parse(`command:${OPEN_MODEL_URI_COMMAND}?${encodeURIComponent(JSON.stringify([{ uri: m.text }]))}`),
      );
      link.tooltip = 'Open the MLflow model version this URI resolves to';
      links.push(link);
    }
    return links;
  }

  private async openUri(uri: string | undefined): Promise<void> {
    if (!uri) return;
    const resolver = this.resolver();
    if (!resolver) {
      void vscode.window.showWarningMessage(`No MLflow registry is open, so ${uri} cannot be resolved.`);
      return;
    }
    const a = await resolver.resolve(uri);
    switch (a.kind) {
      case 'version':
        await openOrRevealVersion(this.ctx, a.version.name, a.version.version);
        return;
      case 'loggedModel':
        void vscode.window.showInformationMessage(
          `${uri} is the logged model ${a.loggedModel.name} (${a.loggedModel.modelId}), not a registered version. Its files: ${a.loggedModel.artifactLocation}`,
        );
        return;
      default:
        void vscode.window.showWarningMessage(`${uri}: ${a.message}`);
    }
  }

  // ---- completion ------------------------------------------------------------

  private async complete(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionList | undefined> {
    const spot = completionSpot(doc.lineAt(pos.line).text.slice(0, pos.character));
    if (!spot) return undefined;
    const resolver = this.resolver();
    if (!resolver) return undefined;
    const range = new vscode.Range(pos.line, spot.start, pos.line, pos.character);
    const items: vscode.CompletionItem[] = [];
    try {
      if (spot.kind === 'name') {
        const { models, complete } = await resolver.modelsStartingWith(spot.partial);
        for (const m of models) {
          const item = new vscode.CompletionItem(m.name, vscode.CompletionItemKind.Module);
          item.range = range;
          item.detail = ['registered model', ...m.aliases.map((a) => `@${a.alias}`)].join(' · ');
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
          item.detail = `alias → version ${a.version}`;
          items.push(item);
        }
        return new vscode.CompletionList(items, false);
      }
      const versions = await resolver.versions(spot.name);
      const aliases = new Map<string, string[]>();
      for (const a of model.aliases) aliases.set(a.version, [...(aliases.get(a.version) ?? []), `@${a.alias}`]);
      const describe = (v: ModelVersion) => [v.currentStage, ...(aliases.get(v.version) ?? [])].join(' · ');
      if (versions.length > 0) {
        const top = versions.reduce((b, v) => (BigInt(v.version) > BigInt(b.version) ? v : b));
        const latest = new vscode.CompletionItem('latest', vscode.CompletionItemKind.Keyword);
        latest.range = range;
        latest.detail = `now version ${top.version} (${describe(top)})`;
        latest.sortText = '0';
        items.push(latest);
      }
      STAGE_DISPLAY_ORDER.forEach((stage, i) => {
        const inStage = versions.filter((v) => v.currentStage === stage);
        if (inStage.length === 0) return;
        const top = inStage.reduce((b, v) => (BigInt(v.version) > BigInt(b.version) ? v : b));
        const item = new vscode.CompletionItem(stage, vscode.CompletionItemKind.EnumMember);
        item.range = range;
        item.detail = `stage → now version ${top.version}`;
        item.sortText = `1${i}`;
        items.push(item);
      });
      versions.forEach((v, i) => {
        const item = new vscode.CompletionItem(v.version, vscode.CompletionItemKind.Value);
        item.range = range;
        item.detail = `version ${v.version} · ${describe(v)}`;
        const excerpt = descriptionExcerpt(v.description, 300);
        if (excerpt) item.documentation = excerpt;
        item.sortText = `2${String(i).padStart(6, '0')}`;
        items.push(item);
      });
      return new vscode.CompletionList(items, false);
    } catch (e) {
      log().warn(`Completing a models:/ URI: ${errorText(e)}`);
      return undefined;
    }
  }

  dispose(): void {
    clearTimeout(this.recheckTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
