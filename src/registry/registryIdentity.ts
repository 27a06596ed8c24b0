import { basename, dirname } from 'node:path';
import { l10n } from '../core/l10n';
import type { RegistrySource } from './registrySource';
import { redactUrl, remoteId } from './savedRegistries';

export type { RegistryIdentity } from './identityType';
import type { RegistryIdentity } from './identityType';

export function registryIdentity(source: RegistrySource, workspace?: string): RegistryIdentity {
  if (source.kind === 'none') return { key: 'none:', label: l10n.t('no registry'), short: l10n.t('no registry'), reopen: '' };
  if (source.kind === 'sqlite') {
    const folder = basename(dirname(source.path));
    return {
      key: `sqlite:${source.path}`,
      label: source.path,
      short: folder ? `${folder}/${basename(source.path)}` : basename(source.path),
      reopen: source.path,
    };
  }
  const url = redactUrl(source.url).replace(/\/+$/, '');
  let host = url;
  try {
    const u = new URL(url);
    host = `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    // A URL the backend opened is a URL; keep the text if not.
  }
  return {
    key: `remote:${remoteId(url, workspace)}`,
    label: workspace ? `${url} (workspace ${workspace})` : url,
    short: workspace ? `${host} · ${workspace}` : host,
    reopen: url,
  };
}

/** Checks an identity read back from a page's saved state (it passed through the webview). */
export function parseRegistryIdentity(raw: unknown): RegistryIdentity | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const ok = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 4096;
  if (!ok(r.key) || !ok(r.label) || !ok(r.short) || !ok(r.reopen) || !/^(sqlite|remote):/.test(r.key)) return undefined;
  return { key: r.key, label: r.label, short: r.short, reopen: r.reopen };
}
