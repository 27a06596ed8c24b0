/** Text documents as the extension-host suites edit and read them: whole-text edits, open documents, hovers, completions. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

export function workspaceRoot(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

/** Writes a Python file into the workspace and shows it. */
export async function openPython(name: string, text: string): Promise<vscode.TextDocument> {
  const path = join(workspaceRoot(), name);
  writeFileSync(path, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, 'python');
  return doc;
}

export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is in the document`);
  return doc.positionAt(at + delta);
}

export async function completions(doc: vscode.TextDocument, pos: vscode.Position, trigger: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, trigger);
  return list.items;
}

export const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

/** Replaces a document's whole text with one workspace edit, as typing over a selection of everything would. */
export async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
}

/** The open document of `uri`; fails when it is not open. */
export function openDoc(uri: string): vscode.TextDocument {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  assert.ok(doc, `${uri} is open`);
  return doc;
}

/** Every hover's contents at `pos`, as one Markdown text. */
export async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** The document's diagnostics by the text they cover, once there are at least `count`. */
export async function diagnosticsByText(doc: vscode.TextDocument, count: number): Promise<Record<string, vscode.Diagnostic>> {
  const diags = await waitFor(
    `${count} diagnostics`,
    () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length >= count ? d : undefined;
    },
    10_000,
  );
  return Object.fromEntries(diags.map((d) => [doc.getText(d.range), d]));
}
