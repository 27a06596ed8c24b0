import * as vscode from 'vscode';
import { errorText, log } from '../vscode/log';
import { appliesTo, matchRange, type ModelUriScans } from './modelUriScans';
import type { ResolverCache } from './resolverCache';
import type { UriResolution } from './uriResolver';

const CHECK_DELAY_MS = 400;
const RECHECK_DELAY_MS = 250;
/** Distinct URIs resolved per document pass; the rest wait for the next pass. */
const MAX_DISTINCT_PER_PASS = 200;

/**
 * A warning on each literal `models:/` URI that resolves to nothing. Each
 * document is checked after it stops changing (debounced), and every open
 * document once more after the registry changes.
 */
export class ModelUriDiagnostics implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mlflow');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly resolvers: ResolverCache,
    private readonly scans: ModelUriScans,
  ) {
    this.subscriptions = [
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, CHECK_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc)),
      resolvers.onDidInvalidate(() => this.recheckAll()),
    ];
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!appliesTo(doc)) return;
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
    this.diagnostics.delete(doc.uri);
  }

  /** After a registry change: answers are stale; re-check every open document once. */
  private recheckAll(): void {
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => {
      for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
    }, RECHECK_DELAY_MS);
  }

  async check(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    if (doc.isClosed) return [];
    const resolver = this.resolvers.current();
    if (!resolver) {
      this.diagnostics.delete(doc.uri);
      return [];
    }
    const version = doc.version;
    const { matches } = this.scans.of(doc);
    // A string still being typed is not judged.
    const checked = matches.filter((m) => !m.dynamic && !m.unterminated);
    const distinct = [...new Set(checked.map((m) => m.text))].slice(0, MAX_DISTINCT_PER_PASS);
    const answers = new Map<string, UriResolution>();
    for (const uri of distinct) answers.set(uri, await resolver.resolve(uri));
    // Typed over, closed, or another registry meanwhile: a newer pass will report.
    if (doc.isClosed || doc.version !== version || !this.resolvers.isCurrent(resolver)) return [];
    const diagnostics: vscode.Diagnostic[] = [];
    for (const m of checked) {
      const a = answers.get(m.text);
      if (a?.kind !== 'problem') continue;
      const d = new vscode.Diagnostic(matchRange(doc, m), a.message, vscode.DiagnosticSeverity.Warning);
      d.source = 'MLflow';
      d.code = `unknown-${a.problem}`;
      diagnostics.push(d);
    }
    this.diagnostics.set(doc.uri, diagnostics);
    return diagnostics;
  }

  dispose(): void {
    clearTimeout(this.recheckTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}
