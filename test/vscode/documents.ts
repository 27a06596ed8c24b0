/** Text documents as the extension-host suites edit and read them: whole-text edits, open documents, hovers. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

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
