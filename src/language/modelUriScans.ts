import * as vscode from 'vscode';
import { scanModelUris, type ModelUriMatch, type ScanResult } from './modelUriScanner';

/** Python files and the Python cells of notebooks (Jupyter's cells have the vscode-notebook-cell scheme). */
export const PYTHON_SELECTOR: vscode.DocumentSelector = [{ language: 'python' }, { scheme: 'vscode-notebook-cell', language: 'python' }];

export function appliesTo(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(PYTHON_SELECTOR, doc) > 0;
}

export function matchRange(doc: vscode.TextDocument, m: ModelUriMatch): vscode.Range {
  return new vscode.Range(doc.positionAt(m.start), doc.positionAt(m.end));
}

/** The `models:/` URIs of each open document, scanned once per document version and shared by links and diagnostics. */
export class ModelUriScans implements vscode.Disposable {
  private readonly scans = new Map<string, { version: number; result: ScanResult }>();
  private readonly closed = vscode.workspace.onDidCloseTextDocument((doc) => this.scans.delete(doc.uri.toString()));

  of(doc: vscode.TextDocument): ScanResult {
    const key = doc.uri.toString();
    const cached = this.scans.get(key);
    if (cached && cached.version === doc.version) return cached.result;
    const result = scanModelUris(doc.getText());
    this.scans.set(key, { version: doc.version, result });
    return result;
  }

  dispose(): void {
    this.closed.dispose();
    this.scans.clear();
  }
}
