import * as vscode from 'vscode';
import { log } from '../vscode/log';
import { onRegistryChange } from '../vscode/registryChanges';
import { RegistryDocuments } from '../vscode/registryDocuments';
import type { RegistryManager } from '../vscode/registryManager';
import type { RegistryBackend } from '../core/backend';
import type { RegistrySession } from '../registry/registrySession';
import { isMlflowError } from '../core/errors';
import { decideSave, fromStored, toStored } from './conflict';
import { showConflict, shownTarget } from './conflictUi';
import {
  DESCRIPTION_SCHEME,
  describeTarget,
  descriptionPath,
  parseDescriptionPath,
  REGISTRY_COPY_QUERY,
  registryAuthority,
  registryKeyOfAuthority,
  type DescriptionTarget,
} from './descriptionUri';

/** What one description document was last given. */
interface DocumentRecord {
  /** The text readFile last handed out: what the editor's content started from. */
  served: string | undefined;
  /** The registry's text as last seen, and the mtime reported for it. */
  known: string;
  mtime: number;
  ctime: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The document of a description in the registry whose key is `registry` (RegistrySession.identity.key). */
export function descriptionUri(registry: string, t: DescriptionTarget): vscode.Uri {
  return vscode.Uri.from({ scheme: DESCRIPTION_SCHEME, authority: registryAuthority(registry), path: descriptionPath(t) });
}

/** A registry key as people know it: the path or URL it was made from. */
const registryName = (key: string) => key.replace(/^(sqlite|remote):/, '');

/** One record per document; the copy for the diff (`?registry`) has none. */
const recordKey = (uri: vscode.Uri) => uri.with({ query: '', fragment: '' }).toString();

/**
 * Descriptions as Markdown files in a real editor. Saving writes to the
 * registry, unless the description changed there since the editor got it: then
 * the save is refused and the change offered as a diff (never a silent
 * overwrite). `…?registry` is a read-only copy of the registry's text.
 */
export class DescriptionFileSystem extends RegistryDocuments {
  private readonly records = new Map<string, DocumentRecord>();
  /** Settles when the registry opened at activation has been opened (or not): restored editors wait for it. */
  private readonly settled: Promise<void>;

  constructor(private readonly manager: RegistryManager) {
    super({
      createDirectory: vscode.l10n.t('Descriptions belong to models and versions; create those in the registry.'),
      delete: vscode.l10n.t('To clear a description, save it empty.'),
      rename: vscode.l10n.t('Rename the model instead (MLflow: Rename Model…).'),
    });
    let settle: () => void = () => undefined;
    this.settled = new Promise<void>((r) => (settle = r));
    setTimeout(settle, 15_000).unref();
    this.subscriptions.push(
      manager.onDidChange(() => {
        settle();
        this.announce();
      }),
      onRegistryChange(manager, (e) => this.announce(e.model)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === DESCRIPTION_SCHEME && !doc.uri.query) this.records.delete(recordKey(doc.uri));
      }),
    );
  }

  /**
   * Tells VS Code to look again: editors without unsaved changes show the new
   * text. Only documents of the open registry: the others keep what they show.
   */
  private announce(model?: string): void {
    const open = this.manager.session?.identity.key;
    const changed: vscode.Uri[] = [];
    for (const key of this.records.keys()) {
      const uri = vscode.Uri.parse(key, true);
      const parsed = parseDescriptionPath(uri.path);
      if (registryKeyOfAuthority(uri.authority) !== open) continue;
      if (parsed?.kind === 'file' && (model === undefined || parsed.target.name === model)) changed.push(uri);
    }
    this.changed(changed);
  }

  /** The open registry, if it is the one `uri` belongs to; a clear error naming both if not. */
  private async session(uri: vscode.Uri, verb: 'read' | 'save'): Promise<RegistrySession> {
    const owner = registryKeyOfAuthority(uri.authority);
    if (owner === undefined) {
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t('{0} names no MLflow registry; open the description again from the model or version.', uri.toString()),
      );
    }
    if (this.manager.session?.identity.key !== owner) await this.settled;
    const session = this.manager.session;
    const name = registryName(owner);
    if (!session) {
      throw vscode.FileSystemError.Unavailable(
        verb === 'read'
          ? vscode.l10n.t('Cannot read this description: it belongs to {0}, and no MLflow registry is open.', name)
          : vscode.l10n.t('Cannot save this description: it belongs to {0}, and no MLflow registry is open.', name),
      );
    }
    if (session.identity.key !== owner) {
      const open = session.identity.label;
      throw vscode.FileSystemError.Unavailable(
        verb === 'read'
          ? vscode.l10n.t(
              'Cannot read this description: it belongs to {0}, but {1} is open now. Switch back to {0} (MLflow: Select Registry) to read it.',
              name,
              open,
            )
          : vscode.l10n.t(
              'Cannot save this description: it belongs to {0}, but {1} is open now. Switch back to {0} (MLflow: Select Registry) to save it.',
              name,
              open,
            ),
      );
    }
    return session;
  }

  private async backend(uri: vscode.Uri, verb: 'read' | 'save' = 'read'): Promise<RegistryBackend> {
    return (await this.session(uri, verb)).backend;
  }

  private target(uri: vscode.Uri): DescriptionTarget {
    const parsed = parseDescriptionPath(uri.path);
    if (parsed?.kind !== 'file') throw vscode.FileSystemError.FileNotFound(uri);
    return parsed.target;
  }

  private async current(backend: RegistryBackend, t: DescriptionTarget, uri: vscode.Uri): Promise<string> {
    try {
      const entity = t.version !== undefined ? await backend.getModelVersion(t.name, t.version) : await backend.getRegisteredModel(t.name);
      return fromStored(entity.description);
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(e instanceof Error ? e.message : String(e));
    }
  }

  /** Notes the registry's text; a change moves mtime on, unless the editor holds unsaved text (the save decides then). */
  private track(uri: vscode.Uri, text: string): DocumentRecord {
    let rec = this.records.get(recordKey(uri));
    const now = Date.now();
    if (!rec) {
      rec = { served: undefined, known: text, mtime: now, ctime: now };
      this.records.set(recordKey(uri), rec);
    } else if (rec.known !== text && !this.isDirty(uri)) {
      rec.known = text;
      rec.mtime = Math.max(now, rec.mtime + 1);
    }
    return rec;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const parsed = parseDescriptionPath(uri.path);
    if (!parsed) throw vscode.FileSystemError.FileNotFound(uri);
    if (parsed.kind === 'dir') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    const backend = await this.backend(uri);
    const text = await this.current(backend, parsed.target, uri);
    const readOnly = uri.query === REGISTRY_COPY_QUERY || !backend.writeAccess().writable;
    if (uri.query === REGISTRY_COPY_QUERY) {
      return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: encoder.encode(text).byteLength, permissions: vscode.FilePermission.Readonly };
    }
    const rec = this.track(uri, text);
    return {
      type: vscode.FileType.File,
      ctime: rec.ctime,
      mtime: rec.mtime,
      size: encoder.encode(text).byteLength,
      permissions: readOnly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const target = this.target(uri);
    const backend = await this.backend(uri);
    const text = await this.current(backend, target, uri);
    if (uri.query !== REGISTRY_COPY_QUERY) {
      const rec = this.track(uri, text);
      rec.served = text;
      rec.known = text;
    }
    return encoder.encode(text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = this.target(uri);
    if (uri.query === REGISTRY_COPY_QUERY)
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t("This is the registry's copy; edit the description itself."));
    const backend = await this.backend(uri, 'save');
    const access = backend.writeAccess();
    if (!access.writable) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The registry is read-only: {0}', access.reason ?? ''));
    const rec = this.records.get(recordKey(uri));
    const mine = decoder.decode(content);
    const current = await this.current(backend, target, uri);
    const decision = decideSave(rec?.served, current, mine);
    if (decision.kind === 'conflict') {
      log().warn(`Refused to overwrite the description of ${describeTarget(target)}: it changed in the registry since it was opened.`);
      void showConflict(this, uri, target);
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t(
          'The description of {0} changed in the registry since you opened it, so it was not overwritten. Compare the two from the notification.',
          shownTarget(target),
        ),
      );
    }
    if (decision.kind === 'write') {
      const stored = toStored(mine);
      if (target.version !== undefined) await backend.updateModelVersion(target.name, target.version, stored);
      else await backend.updateRegisteredModel(target.name, stored);
      log().info(`Saved the description of ${describeTarget(target)} from the editor`);
    }
    const now = Date.now();
    const r = rec ?? { served: mine, known: mine, mtime: now, ctime: now };
    r.served = mine;
    r.known = fromStored(toStored(mine));
    r.mtime = Math.max(now, r.mtime + 1);
    this.records.set(recordKey(uri), r);
  }

  /** After the user has seen the registry's text (diff) or chosen to overwrite it: the next save writes. */
  acceptRegistryText(uri: vscode.Uri, text: string): void {
    const rec = this.records.get(recordKey(uri));
    if (rec) rec.served = text;
  }

  /** The registry's text now, for the diff. */
  async registryText(uri: vscode.Uri): Promise<string> {
    return this.current(await this.backend(uri), this.target(uri), uri);
  }
}
