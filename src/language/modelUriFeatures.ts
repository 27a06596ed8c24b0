import * as vscode from 'vscode';
import type { RegistryView as CommandContext } from '../tree/registryView';
import { modelUriCompletionProvider } from './modelUriCompletion';
import { ModelUriDiagnostics } from './modelUriDiagnostics';
import { modelUriHoverProvider } from './modelUriHover';
import { modelUriLinkProvider } from './modelUriLinks';
import { ModelUriScans, PYTHON_SELECTOR } from './modelUriScans';
import { registerOpenModelUri } from './openModelUri';
import { ResolverCache } from './resolverCache';
import type { ModelUriResolver } from './uriResolver';

/**
 * Hover, document links, diagnostics and completion for `models:/` URIs in
 * Python code and notebook cells, over one resolver per registry whose
 * answers are kept until the registry changes.
 */
export class ModelUriFeatures implements vscode.Disposable {
  private readonly resolvers: ResolverCache;
  private readonly diagnostics: ModelUriDiagnostics;
  private readonly disposables: vscode.Disposable[];

  constructor(ctx: CommandContext) {
    this.resolvers = new ResolverCache(ctx.manager);
    const scans = new ModelUriScans();
    this.diagnostics = new ModelUriDiagnostics(this.resolvers, scans);
    this.disposables = [
      this.resolvers,
      scans,
      this.diagnostics,
      vscode.languages.registerHoverProvider(PYTHON_SELECTOR, modelUriHoverProvider(this.resolvers)),
      vscode.languages.registerDocumentLinkProvider(PYTHON_SELECTOR, modelUriLinkProvider(scans)),
      vscode.languages.registerCompletionItemProvider(PYTHON_SELECTOR, modelUriCompletionProvider(this.resolvers), '/', '@'),
      registerOpenModelUri(ctx, this.resolvers),
    ];
  }

  /** The resolver of the open registry; a new one per registry. */
  resolver(): ModelUriResolver | undefined {
    return this.resolvers.current();
  }

  check(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    return this.diagnostics.check(doc);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
