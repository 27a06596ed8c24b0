import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';

export const EXTENSION_ID = 'mlflow-registry-vscode.mlflow-model-registry';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api, `${EXTENSION_ID} returned no test API: run the suite in test mode or with MLFLOW_REGISTRY_TEST_API=1`);
  return api;
}

/** The extension's test API once it has opened the workspace's registry, as every suite starts. */
export async function openedExtension(): Promise<ExtensionApi> {
  const api = await extensionApi();
  await waitFor('the workspace registry to open', () => api.manager.state.kind === 'open');
  return api;
}

/** The workspace's registry, which the harness copied from the fixture. */
export function workspaceDb(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'mlflow.db').fsPath;
}

/** Runs `fn` on a connection of the test's own to the registry file at `path`, closed afterwards. */
export async function withRegistry<T>(path: string, fn: (reg: SqliteRegistry) => Promise<T>): Promise<T> {
  const reg = SqliteRegistry.open(path);
  try {
    return await fn(reg);
  } finally {
    await reg.close();
  }
}

/** Checks go through the core, on a connection of the test's own. */
export function withCore<T>(fn: (reg: SqliteRegistry) => Promise<T>): Promise<T> {
  return withRegistry(workspaceDb(), fn);
}

/** Polls `probe` until it gives a value; the deadline is generous because other suites load the same two cores. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function labels(api: ExtensionApi, node?: TreeNode): Promise<string[]> {
  const children = await api.tree.getChildren(node);
  const items = await Promise.all(children.map((c) => Promise.resolve(c.getTreeItem())));
  return items.map((i) => (typeof i.label === 'string' ? i.label : (i.label?.label ?? '')));
}

export async function childByLabel(api: ExtensionApi, label: string, node?: TreeNode): Promise<TreeNode> {
  for (const child of await api.tree.getChildren(node)) {
    const item = await child.getTreeItem();
    const l = typeof item.label === 'string' ? item.label : item.label?.label;
    if (l === label) return child;
  }
  throw new Error(`no tree item '${label}' under ${node ? 'the node' : 'the root'}; have ${(await labels(api, node)).join(', ')}`);
}

export function run<T = unknown>(command: string, arg?: unknown): Thenable<T> {
  return vscode.commands.executeCommand<T>(`mlflowRegistry.${command}`, arg);
}

/** Every log file below `dir` (the extension's log folder), joined. */
export function allLogText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .map((p) => (statSync(p).isDirectory() ? allLogText(p) : readFileSync(p, 'utf8')))
    .join('\n');
}
