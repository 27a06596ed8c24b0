import * as vscode from 'vscode';
import { isMlflowError } from '../core/errors';
import type { PromptOperations } from '../core/promptApi';
import type { PromptVersion } from '../core/prompts';
import { editableTemplate, newVersionFrom, parseEditedTemplate, promptReadableText } from '../core/promptText';
import { registryAuthority, registryKeyOfAuthority } from '../descriptions/descriptionUri';
import { log } from '../vscode/log';
import { onRegistryChange } from '../vscode/registryChanges';
import type { RegistryManager } from '../vscode/registryManager';
import { RegistryDocuments } from '../vscode/registryDocuments';
import { ask } from '../vscode/ui';
import { parsePromptPath, promptDraftPath, promptVersionPath, PROMPT_SCHEME, type PromptPath } from './promptUri';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** The query of a draft that starts from a given version rather than the latest. */
const BASE_QUERY = /^base=([1-9]\d*)$/;
const FOLDER = /^(\/[^/]+(\/[1-9]\d*)?)?\/?$/;

/** A version's read-only text (what the diff compares) in the registry whose key is `registry`. */
export function promptVersionUri(registry: string, name: string, version: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PROMPT_SCHEME, authority: registryAuthority(registry), path: promptVersionPath(name, version) });
}

/** The editable template of `base` (text, or a chat prompt's messages as JSON); saving it registers a new version. */
export function promptDraftUri(registry: string, base: Pick<PromptVersion, 'name' | 'version' | 'type'>): vscode.Uri {
  return vscode.Uri.from({
    scheme: PROMPT_SCHEME,
    authority: registryAuthority(registry),
    path: promptDraftPath(base.name, base.type),
    query: `base=${base.version}`,
  });
}

/**
 * Prompt versions as documents. A version's own document is read-only: MLflow
 * never changes a saved version. A draft's save asks for a commit message and
 * registers a NEW version from the editor's text; Escape leaves the editor
 * dirty and the registry as it was. After a save the draft stands for the new
 * version, which `onRegistered` shows.
 */
export class PromptDocuments extends RegistryDocuments {
  /** Per document: the text last handed out, when it changed, and (drafts) the version saved from it last. */
  private readonly records = new Map<string, { text: string; mtime: number; savedAs?: string }>();

  constructor(
    private readonly manager: RegistryManager,
    private readonly onRegistered: (name: string, version: string) => Promise<void>,
  ) {
    const refusal = vscode.l10n.t('Prompt versions are made by saving a template.');
    super({ createDirectory: refusal, delete: refusal, rename: refusal });
    this.subscriptions.push(
      onRegistryChange(manager, (e) => this.announce(e.model)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === PROMPT_SCHEME) this.records.delete(doc.uri.toString());
      }),
    );
  }

  /** Editors without unsaved changes look again (a version registered elsewhere changes what "latest" is). */
  private announce(model?: string): void {
    const uris = [...this.records.keys()].map((key) => vscode.Uri.parse(key, true));
    this.changed(uris.filter((uri) => model === undefined || parsePromptPath(uri.path)?.name === model));
  }

  private target(uri: vscode.Uri): PromptPath {
    const parsed = parsePromptPath(uri.path);
    if (!parsed) throw vscode.FileSystemError.FileNotFound(uri);
    return parsed;
  }

  /** The open registry's prompts, when `uri` belongs to it; a clear error if not. */
  private prompts(uri: vscode.Uri): { prompts: PromptOperations; writable: { writable: boolean; reason?: string } } {
    const owner = registryKeyOfAuthority(uri.authority);
    const session = this.manager.session;
    if (owner === undefined || session?.identity.key !== owner) {
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t('This prompt document belongs to a registry that is not open now. Open that registry, then open the prompt again.'),
      );
    }
    const prompts = session.backend.prompts;
    if (!prompts) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('{0} cannot hold MLflow prompts.', session.identity.label));
    return { prompts, writable: session.backend.writeAccess() };
  }

  /** The version a document shows: its own, a draft's last save, its `?base=`, or the latest. */
  private async version(prompts: PromptOperations, uri: vscode.Uri, t: PromptPath): Promise<PromptVersion> {
    try {
      if (t.kind === 'version') return await prompts.getPromptVersion(t.name, t.version);
      const base = this.records.get(uri.toString())?.savedAs ?? BASE_QUERY.exec(uri.query)?.[1];
      if (base) return await prompts.getPromptVersion(t.name, base);
      return await prompts.getPromptVersionByAlias(t.name, 'latest');
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(e instanceof Error ? e.message : String(e));
    }
  }

  private async text(uri: vscode.Uri): Promise<{ text: string; readOnly: boolean }> {
    const t = this.target(uri);
    const { prompts, writable } = this.prompts(uri);
    const v = await this.version(prompts, uri, t);
    if (t.kind === 'version') return { text: promptReadableText(v), readOnly: true };
    if (v.type !== t.type) throw vscode.FileSystemError.FileNotFound(uri);
    return { text: editableTemplate(v.template), readOnly: !writable.writable };
  }

  /** mtime moves on when the text does, so an editor without unsaved changes reloads it. */
  private track(uri: vscode.Uri, text: string): { text: string; mtime: number } {
    const key = uri.toString();
    const rec = this.records.get(key);
    if (!rec) {
      const fresh = { text, mtime: Date.now() };
      this.records.set(key, fresh);
      return fresh;
    }
    if (rec.text !== text && !this.isDirty(uri)) {
      rec.text = text;
      rec.mtime = Math.max(Date.now(), rec.mtime + 1);
    }
    return rec;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // The folders above a document (VS Code looks at them before it writes one); nothing is listed in them.
    if (!parsePromptPath(uri.path) && FOLDER.test(uri.path))
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    const { text, readOnly } = await this.text(uri);
    const rec = this.track(uri, text);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: rec.mtime,
      size: encoder.encode(text).byteLength,
      permissions: readOnly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { text } = await this.text(uri);
    this.track(uri, text).text = text;
    return encoder.encode(text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const t = this.target(uri);
    if (t.kind === 'version')
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('A saved prompt version never changes; use Edit Template to make a new one.'));
    const { prompts, writable } = this.prompts(uri);
    if (!writable.writable) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The registry is read-only: {0}', writable.reason ?? ''));
    const text = decoder.decode(content);
    let template;
    try {
      template = parseEditedTemplate(t.type, text);
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: {0}', e instanceof Error ? e.message : String(e)));
    }
    const base = await this.version(prompts, uri, t);
    const message = await ask({
      title: vscode.l10n.t('Save as a new version of {0}', t.name),
      prompt: vscode.l10n.t('Commit message for the new version (based on version {0}). Escape registers nothing.', base.version),
      placeHolder: vscode.l10n.t('What changed'),
    });
    if (message === undefined) {
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: no commit message was given, so no new version of {0} was registered.', t.name));
    }
    const created = await prompts.registerPrompt(newVersionFrom(base, template, message));
    log().info(`Registered ${t.name} version ${created.version} from the editor`);
    const key = uri.toString();
    const rec = this.records.get(key);
    this.records.set(key, { text, mtime: Math.max(Date.now(), (rec?.mtime ?? 0) + 1), savedAs: created.version });
    await this.onRegistered(t.name, created.version);
  }
}
