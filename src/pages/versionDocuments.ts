import * as vscode from 'vscode';
import { encodeNameSegment, registryAuthority, registryKeyOfAuthority } from '../descriptions/descriptionUri';
import type { RegistryManager } from '../vscode/registryManager';
import type { VersionRef } from './messages';

/**
 * A version's description and requirements.txt as read-only documents, what
 * the comparison page's diff buttons hand to `vscode.diff`:
 * `mlflow-version://<registry>/<model>/<version>/<file>`, registry and model
 * written as the description and prompt documents write theirs (one escaped
 * segment each). Editing a description stays with the `mlflow-registry:` documents.
 */
export const VERSION_DOC_SCHEME = 'mlflow-version';
export type VersionDocFile = 'description.md' | 'requirements.txt';
const FILES: VersionDocFile[] = ['description.md', 'requirements.txt'];
const MAX_BYTES = 1024 * 1024;

export function versionDocUri(registry: string, v: VersionRef, file: VersionDocFile): vscode.Uri {
  return vscode.Uri.from({ scheme: VERSION_DOC_SCHEME, authority: registryAuthority(registry), path: `/${encodeNameSegment(v.name)}/${v.version}/${file}` });
}

function parse(uri: vscode.Uri): { registry: string; ref: VersionRef; file: VersionDocFile } | undefined {
  const registry = registryKeyOfAuthority(uri.authority);
  const parts = uri.path.split('/');
  if (registry === undefined || parts.length !== 4 || parts[0] !== '' || !/^[1-9]\d*$/.test(parts[2])) return undefined;
  const file = FILES.find((f) => f === parts[3]);
  let name: string;
  try {
    name = decodeURIComponent(parts[1]);
  } catch {
    return undefined;
  }
  if (!file || encodeNameSegment(name) !== parts[1]) return undefined;
  return { registry, ref: { name, version: parts[2] }, file };
}

export class VersionDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly manager: RegistryManager) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = parse(uri);
    const session = this.manager.session;
    if (!target) throw new Error(vscode.l10n.t('Not a model version document: {0}', uri.toString()));
    if (session?.identity.key !== target.registry) {
      throw new Error(vscode.l10n.t('This document belongs to a registry that is not open now. Open that registry, then compare again.'));
    }
    const { name, version } = target.ref;
    if (target.file === 'description.md') return (await session.backend.getModelVersion(name, version)).description ?? '';
    const access = await session.backend.modelFiles(name, version);
    if (!access.available) return `# ${access.reason}`;
    try {
      return new TextDecoder('utf-8').decode(await access.files.read('requirements.txt', MAX_BYTES));
    } catch (e) {
      return `# ${e instanceof Error ? e.message : String(e)}`;
    }
  }
}
